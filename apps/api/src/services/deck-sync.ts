import { createHash } from 'node:crypto';
import { noteOrdinals, type TDeck } from '@recurrence/contracts';
import { transaction, type Database } from '@recurrence/db';
import { cardContentHash } from '@recurrence/deck';
import { retireOrDeleteCards } from './note-writer';

export type TDeckSyncReport = {
  deckId: string;
  /** Notes created, changed, unchanged, retired (left the source, reviews kept) and deleted (left it, never reviewed). */
  created: number;
  updated: number;
  unchanged: number;
  retired: number;
  deleted: number;
  /** The same for cards: a note's cards follow its ordinals (`noteOrdinals`). */
  cards: { created: number; retired: number; deleted: number };
};

/**
 * How notes become cards. It is part of the deck's hash, so a change to how cards are made (a new card type, the
 * migration from one card per note) makes every deck sync again although its files did not change.
 */
const CARD_MODEL_VERSION = 2;

/**
 * Makes the database hold `deck`: notes updated in place by their stable slug, and each note's cards by ordinal, so
 * card ids and review history survive edits. A note or card that left the source is retired while anyone has reviewed
 * one of its cards, deleted otherwise; one that comes back is un-retired. Runs in one transaction: a failed sync leaves
 * the previous deck intact. The study working set reads the cards again afterwards.
 */
export async function syncDeck(
  db: Database,
  deck: TDeck,
  options: { source: 'builtin' | 'import'; ownerId?: string | null } = { source: 'builtin' },
): Promise<TDeckSyncReport> {
  const report: TDeckSyncReport = { deckId: deck.id, created: 0, updated: 0, unchanged: 0, retired: 0, deleted: 0, cards: { created: 0, retired: 0, deleted: 0 } };
  const hashes = deck.cards.map((note) => cardContentHash(note));
  const deckHash = createHash('sha256').update(JSON.stringify([CARD_MODEL_VERSION, deck.title, deck.description, hashes])).digest('hex');

  await transaction(
    db.prisma,
    async (tx) => {
      const existingDeck = await tx.deck.findUnique({ where: { id: deck.id }, select: { contentHash: true } });
      if (existingDeck?.contentHash === deckHash) {
        report.unchanged = deck.cards.length;
        return;
      }
      await tx.deck.upsert({
        where: { id: deck.id },
        create: { id: deck.id, title: deck.title, description: deck.description, source: options.source, ownerId: options.ownerId ?? null, contentHash: deckHash },
        update: { title: deck.title, description: deck.description, contentHash: deckHash },
      });
      const notes = new Map((await tx.note.findMany({ where: { deckId: deck.id }, include: { cards: true } })).map((n) => [n.slug, n]));
      const now = new Date();
      /** Cards that left their note (or whose note left the deck): retired if reviewed, deleted otherwise. */
      const goneCards: { id: string; retiredAt: Date | null }[] = [];
      let cardPosition = 0;
      for (const [position, note] of deck.cards.entries()) {
        const contentHash = hashes[position] as string;
        const data = { type: note.type, section: note.section, position, tags: note.tags, content: note, contentHash, experimentId: note.experiment?.id ?? null, retiredAt: null };
        const current = notes.get(note.id);
        notes.delete(note.id);
        let noteId: string;
        if (!current) {
          noteId = (await tx.note.create({ data: { deckId: deck.id, slug: note.id, ...data }, select: { id: true } })).id;
          report.created++;
        } else {
          noteId = current.id;
          if (current.contentHash !== contentHash || current.position !== position || current.retiredAt !== null) {
            await tx.note.update({ where: { id: current.id }, data });
            report.updated++;
          } else report.unchanged++;
        }
        const cards = new Map((current?.cards ?? []).map((c) => [c.ordinal, c]));
        for (const ordinal of noteOrdinals(note)) {
          const card = cards.get(ordinal);
          cards.delete(ordinal);
          const place = cardPosition++;
          if (!card) {
            await tx.card.create({ data: { noteId, deckId: deck.id, ordinal, position: place } });
            report.cards.created++;
          } else if (card.position !== place || card.retiredAt !== null) {
            await tx.card.update({ where: { id: card.id }, data: { position: place, retiredAt: null } });
          }
        }
        goneCards.push(...cards.values());
      }
      for (const gone of notes.values()) goneCards.push(...gone.cards);

      const { reviewed, retired, deleted } = await retireOrDeleteCards(tx, goneCards, now);
      report.cards.retired += retired;
      report.cards.deleted += deleted;
      for (const gone of notes.values()) {
        if (gone.cards.some((c) => reviewed.has(c.id))) {
          if (gone.retiredAt === null) {
            await tx.note.update({ where: { id: gone.id }, data: { retiredAt: now } });
            report.retired++;
          }
        } else {
          await tx.note.delete({ where: { id: gone.id } });
          report.deleted++;
        }
      }
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  db.study.forgetCards();
  return report;
}
