/**
 * Importing a file as a new deck of the user's: parse it (@recurrence/transfer: no database), then write the deck, its
 * notes and cards, its media and, when asked, the review history replayed into FSRS state, in one transaction. A file
 * with any refused row imports nothing: the answer is 400 with the report naming each row and why.
 */
import { noteOrdinals, type TImportFields, type TImportKind, type TImportReport, type TLocalizedText } from '@recurrence/contracts';
import { transaction, type Database } from '@recurrence/db';
import { cardContentHash } from '@recurrence/deck';
import { memoryStateToJson } from '@recurrence/srs';
import {
  DEFAULT_ARCHIVE_LIMITS,
  localized,
  parseAnkiPackage,
  parseCsv,
  parseDeckZip,
  replayReviews,
  TransferError,
  type TArchiveLimits,
  type TCsvDelimiter,
  type TParsedImport,
} from '@recurrence/transfer';
import { HttpError } from '../errors';
import { insertRows, type TColumns } from './bulk-insert';
import { sortableId } from '../sortable-id';
import { cardPosition, createDeck, newDeckId } from './note-writer';
import { schedulerFor } from './scheduling';
import { getSettings } from './settings';
import { stateFields } from './study';

export type TUpload = { data: Buffer; filename: string };

/** Notes one import may hold (an authored deck holds at most AUTHORING_LIMITS.notesPerDeck; Anki decks are often larger). */
export const IMPORT_MAX_NOTES = 50_000;

const DELIMITERS: Record<string, TCsvDelimiter> = { tab: '\t', comma: ',', semicolon: ';', pipe: '|' };
export const DELIMITER_NAMES = { '\t': 'tab', ',': 'comma', ';': 'semicolon', '|': 'pipe' } as const;

/** 400 naming the field, with the report when there is one. */
export class ImportRefused extends HttpError {
  constructor(
    message: string,
    field: string,
    readonly report?: TImportReport,
  ) {
    super(400, message, field);
  }
}

export function detectKind(filename: string): TImportKind | null {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (ext === 'apkg') return 'apkg';
  if (ext === 'colpkg') return 'colpkg';
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return 'csv';
  if (ext === 'zip') return 'yaml-zip';
  return null;
}

export function mediaPath(deckId: string, name: string): string {
  return `/api/v1/decks/${encodeURIComponent(deckId)}/media/${encodeURIComponent(name)}`;
}

/** Parses an upload (no database). Throws ImportRefused (400) for a file that cannot be read. */
export function parseUpload(upload: TUpload, fields: TImportFields, deckId: string, limits: TArchiveLimits = DEFAULT_ARCHIVE_LIMITS): TParsedImport {
  const kind = fields.kind ?? detectKind(upload.filename);
  if (!kind) throw new ImportRefused(`kind: cannot tell the kind of "${upload.filename}" from its name; choose apkg, colpkg, csv or yaml-zip`, 'kind');
  if (upload.data.length === 0) throw new ImportRefused('file: the file is empty', 'file');
  const data = new Uint8Array(upload.data.buffer, upload.data.byteOffset, upload.data.byteLength);
  try {
    switch (kind) {
      case 'csv':
        return parseCsv(data, {
          language: fields.language,
          delimiter: fields.delimiter ? DELIMITERS[fields.delimiter] : undefined,
          header: fields.header,
          html: fields.html,
          mapping: fields.mapping ? { front: fields.mapping.front - 1, back: fields.mapping.back - 1, tags: fields.mapping.tags === null ? null : fields.mapping.tags - 1 } : undefined,
        });
      case 'apkg':
      case 'colpkg':
        return parseAnkiPackage(data, { language: fields.language, kind, limits, mediaUrl: (name) => mediaPath(deckId, name) });
      case 'yaml-zip':
        return parseDeckZip(data, limits);
    }
  } catch (err) {
    if (err instanceof TransferError) throw new ImportRefused(`file: ${err.message}`, err.code === 'bad-mapping' ? 'mapping' : 'file');
    throw err;
  }
}

export function importReport(parsed: TParsedImport, replayed: number): TImportReport {
  return { ...parsed.report, replayed };
}

function titleOf(parsed: TParsedImport, fields: TImportFields, filename: string): string {
  return fields.title ?? parsed.title ?? (filename.replace(/\.[a-z0-9]+$/i, '').trim() || 'Imported deck');
}

const NOTE_COLUMNS: TColumns = { id: 'text', deckId: 'text', slug: 'text', type: 'text', section: 'text', position: 'int', tags: 'json', content: 'json', contentHash: 'text', experimentId: 'text', createdAt: 'date', updatedAt: 'date' };
const CARD_COLUMNS: TColumns = { id: 'text', noteId: 'text', deckId: 'text', ordinal: 'int', position: 'int', createdAt: 'date', updatedAt: 'date' };
const STATE_COLUMNS: TColumns = {
  userId: 'text', cardId: 'text', deckId: 'text', state: 'text', due: 'date', stability: 'float', difficulty: 'float', scheduledDays: 'int',
  learningSteps: 'int', reps: 'int', lapses: 'int', lastReview: 'date', updatedAt: 'date',
};
const LOG_COLUMNS: TColumns = { id: 'text', userId: 'text', cardId: 'text', clientId: 'text', rating: 'int', stateBefore: 'text', reviewedAt: 'date', durationMs: 'int', before: 'json', after: 'json' };

export async function importDeck(
  db: Database,
  userId: string,
  upload: TUpload,
  fields: TImportFields,
  limits?: TArchiveLimits,
): Promise<{ deckId: string; title: string; report: TImportReport }> {
  const deckId = newDeckId();
  const parsed = parseUpload(upload, fields, deckId, limits);
  if (parsed.report.refused.length > 0) {
    const first = parsed.report.refused[0]!;
    const more = parsed.report.refused.length > 1 ? ` (and ${parsed.report.refused.length - 1} more)` : '';
    throw new ImportRefused(`file: nothing was imported: ${first.at}: ${first.reason}${more}`, 'file', importReport(parsed, 0));
  }
  if (parsed.notes.length === 0) throw new ImportRefused('file: the file holds no notes to import', 'file', importReport(parsed, 0));
  if (parsed.notes.length > IMPORT_MAX_NOTES) {
    throw new ImportRefused(`file: it holds ${parsed.notes.length} notes; one import takes at most ${IMPORT_MAX_NOTES}`, 'file', importReport(parsed, 0));
  }

  const title = titleOf(parsed, fields, upload.filename);
  const now = new Date();
  // Ids first (small); the rows themselves are built a statement's worth at a time as they are inserted.
  const noteIds = parsed.notes.map(() => sortableId());
  const cardIds = new Map<string, string>();
  parsed.notes.forEach((note) => {
    for (const ordinal of noteOrdinals(note)) cardIds.set(`${note.id}\u0000${ordinal}`, sortableId());
  });
  const cardId = (noteSlug: string, ordinal: number) => cardIds.get(`${noteSlug}\u0000${ordinal}`)!;
  function* noteRows() {
    for (const [position, note] of parsed.notes.entries()) {
      yield { id: noteIds[position], deckId, slug: note.id, type: note.type, section: note.section, position, tags: note.tags, content: note, contentHash: cardContentHash(note), experimentId: note.experiment?.id ?? null, createdAt: now, updatedAt: now };
    }
  }
  function* cardRows() {
    for (const [position, note] of parsed.notes.entries()) {
      for (const ordinal of noteOrdinals(note)) {
        yield { id: cardId(note.id, ordinal), noteId: noteIds[position], deckId, ordinal, position: cardPosition(position, ordinal), createdAt: now, updatedAt: now };
      }
    }
  }

  const history = fields.includeHistory && parsed.reviews.length > 0 ? replayReviews(parsed.reviews, schedulerFor(await getSettings(db.prisma, userId))) : [];
  function* stateRows() {
    for (const card of history) yield { userId, cardId: cardId(card.noteSlug, card.ordinal), deckId, ...stateFields(card.state), updatedAt: now };
  }
  function* logRows() {
    for (const card of history) {
      for (const r of card.reviews) {
        yield {
          id: sortableId(r.reviewedAt.getTime()),
          userId,
          cardId: cardId(card.noteSlug, card.ordinal),
          clientId: `import:${deckId}:${r.sourceId}:${card.ordinal}`,
          rating: r.rating,
          stateBefore: r.before.state,
          reviewedAt: r.reviewedAt,
          durationMs: r.durationMs,
          before: memoryStateToJson(r.before),
          after: memoryStateToJson(r.after),
        };
      }
    }
  }
  const text: TLocalizedText = localized(title, fields.language);
  const description = localized(parsed.description ?? `Imported from ${upload.filename}`.slice(0, 500), fields.language);

  const replayed = await transaction(
    db.prisma,
    async (tx) => {
      await createDeck(tx, userId, { title: text, description }, 'import', deckId);
      await insertRows(tx, db, 'Note', NOTE_COLUMNS, noteRows());
      await insertRows(tx, db, 'Card', CARD_COLUMNS, cardRows());
      for (const m of parsed.media) {
        await tx.deckMedia.create({ data: { deckId, name: m.name, contentType: m.contentType, size: m.data.length, data: Buffer.from(m.data) } });
      }
      await insertRows(tx, db, 'CardState', STATE_COLUMNS, stateRows());
      return insertRows(tx, db, 'ReviewLog', LOG_COLUMNS, logRows());
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  db.study.forgetCards();
  if (history.length > 0) db.study.forgetUser(userId);
  return { deckId, title, report: importReport(parsed, replayed) };
}
