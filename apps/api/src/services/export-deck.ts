/**
 * Exporting a deck the viewer may read: the authoring zip (lossless), CSV, or an Anki package with its media and,
 * when asked, the viewer's own review history and card states.
 */
import { ZNote, type TExportQuery, type TLocalizedText, type TRating } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { memoryStateFromJson, type TMemoryState, type TMemoryStateJson } from '@recurrence/srs';
import { exportApkg, exportCsv, exportDeckZip, type TExportDeck, type TExportNote } from '@recurrence/transfer';
import { deckToRead, type DeckViewer } from './deck-access';
import { mediaPath } from './import-deck';

function slugOf(deckId: string): string {
  const slug = deckId.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  return slug.length >= 2 ? slug : 'deck';
}

export type TExportFile = { filename: string; contentType: string; body: Buffer | string };

export async function exportDeck(prisma: PrismaClient, viewer: NonNullable<DeckViewer>, deckId: string, query: TExportQuery): Promise<TExportFile> {
  const { deck } = await deckToRead(prisma, viewer, deckId);
  const notes = await prisma.note.findMany({
    where: { deckId, retiredAt: null },
    orderBy: { position: 'asc' },
    include: { cards: { where: { retiredAt: null }, select: { id: true, ordinal: true }, orderBy: { ordinal: 'asc' } } },
  });
  const withHistory = query.format === 'apkg' && query.history;
  const cardIds = notes.flatMap((n) => n.cards.map((c) => c.id));
  const states = withHistory ? await prisma.cardState.findMany({ where: { userId: viewer.id, cardId: { in: cardIds } } }) : [];
  const logs = withHistory
    ? await prisma.reviewLog.findMany({ where: { userId: viewer.id, cardId: { in: cardIds }, undoneAt: null }, orderBy: { reviewedAt: 'asc' }, select: { cardId: true, reviewedAt: true, rating: true, durationMs: true, stateBefore: true, after: true } })
    : [];
  const stateByCard = new Map(states.map((s) => [s.cardId, s]));
  const logsByCard = new Map<string, typeof logs>();
  for (const l of logs) logsByCard.set(l.cardId, [...(logsByCard.get(l.cardId) ?? []), l]);

  const exportNotes: TExportNote[] = notes.map((n) => ({
    note: ZNote.parse(n.content),
    cards: n.cards.map((c) => {
      const s = stateByCard.get(c.id);
      const state: TMemoryState | null = s
        ? { state: s.state as TMemoryState['state'], due: s.due, stability: s.stability, difficulty: s.difficulty, scheduledDays: s.scheduledDays, learningSteps: s.learningSteps, reps: s.reps, lapses: s.lapses, lastReview: s.lastReview }
        : null;
      return {
        ordinal: c.ordinal,
        state,
        reviews: (logsByCard.get(c.id) ?? []).map((l) => ({
          reviewedAt: l.reviewedAt,
          rating: l.rating as TRating,
          durationMs: l.durationMs,
          stateBefore: l.stateBefore,
          after: memoryStateFromJson(l.after as TMemoryStateJson),
        })),
      };
    }),
  }));
  const media = withMedia(query.format) ? await prisma.deckMedia.findMany({ where: { deckId }, select: { name: true, contentType: true, data: true } }) : [];
  const slug = slugOf(deck.id);
  const source: TExportDeck = {
    slug,
    title: deck.title as TLocalizedText,
    description: deck.description as TLocalizedText,
    notes: exportNotes,
    media: media.map((m) => ({ name: m.name, contentType: m.contentType, data: new Uint8Array(m.data) })),
    mediaUrlPrefix: mediaPath(deck.id, ''),
  };
  switch (query.format) {
    case 'yaml':
      return { filename: `${slug}.zip`, contentType: 'application/zip', body: Buffer.from(exportDeckZip(source)) };
    case 'csv':
      return { filename: `${slug}.tsv`, contentType: 'text/tab-separated-values; charset=utf-8', body: exportCsv(source, query.language) };
    case 'apkg':
      return { filename: `${slug}.apkg`, contentType: 'application/octet-stream', body: Buffer.from(exportApkg(source, { language: query.language, history: query.history })) };
  }
}

const withMedia = (format: TExportQuery['format']) => format === 'apkg';
