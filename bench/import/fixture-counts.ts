/**
 * What the importer takes from each Anki package in ../shared/fixtures/anki (made by other tools): imports each into
 * a fresh SQLite database, once without and once with the review history, and prints the rows the source holds
 * (notes, cards, revlog, read with SQLite from the collection the importer reads) beside the rows written (Note, Card,
 * ReviewLog, CardState) and the import report. Not a benchmark: a report of counts for the note.
 *
 *   npx tsx bench/import/fixture-counts.ts [fixture directory]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { CheckedZip } from '@recurrence/transfer';
import { applyMigrations, openDatabase } from '@recurrence/db';
import { createScratchDatabase } from '@recurrence/db/testing';
import { importDeck } from '@recurrence/api';

const dir = process.argv[2] ?? fileURLToPath(new URL('../../../shared/fixtures/anki/', import.meta.url));
if (!existsSync(dir)) {
  console.error(`no fixture directory at ${dir} (the shared fixtures sit beside the repository: ../shared/fixtures/anki)`);
  process.exit(1);
}

/** Rows in the collection an importer must read (anki21b first: the legacy file beside it is a stub). */
function sourceCounts(data: Uint8Array): { collection: string; notes: number; cards: number; revlog: number } {
  const zip = CheckedZip.open(data);
  const collection = ['collection.anki21b', 'collection.anki21', 'collection.anki2'].find((n) => zip.has(n))!;
  const raw = zip.read(collection)!;
  const bytes = Buffer.from(collection.endsWith('b') ? zip.zstd(raw, collection) : raw);
  if (bytes[18] === 2) bytes[18] = bytes[19] = 1; // WAL header: opened from memory as a rollback-journal database
  const db = new Database(bytes);
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const counts = { collection, notes: count('notes'), cards: count('cards'), revlog: count('revlog') };
  db.close();
  return counts;
}

const scratch = await createScratchDatabase('sqlite');
await applyMigrations(scratch.config);
const db = await openDatabase(scratch.config, { studyWorkingSet: true });
try {
  const user = await db.prisma.user.create({ data: { email: 'counts@example.com', displayName: 'counts' } });
  const files = readdirSync(dir).filter((f) => /\.(apkg|colpkg)$/i.test(f)).sort();
  for (const file of files) {
    const data = readFileSync(join(dir, file));
    const source = sourceCounts(new Uint8Array(data));
    console.log(`${file} (${source.collection}): source ${source.notes} notes, ${source.cards} cards, ${source.revlog} revlog rows`);
    for (const includeHistory of [false, true]) {
      const { deckId, report } = await importDeck(db, user.id, { data, filename: file }, { language: 'en', includeHistory });
      const cardIds = (await db.prisma.card.findMany({ where: { deckId }, select: { id: true } })).map((c) => c.id);
      const [notes, logs, states] = await Promise.all([
        db.prisma.note.count({ where: { deckId } }),
        db.prisma.reviewLog.count({ where: { cardId: { in: cardIds } } }),
        db.prisma.cardState.count({ where: { deckId } }),
      ]);
      console.log(
        `  ${includeHistory ? 'with history   ' : 'without history'}: imported ${notes} notes, ${cardIds.length} cards, ${logs} review-log rows, ${states} card states` +
          ` (report: ${report.reviews} reviews read, ${report.replayed} replayed, ${report.media} media, ${report.refused.length} refused, ${report.warnings.length} warnings)`,
      );
    }
  }
} finally {
  await db.close();
  await scratch.drop();
}
