import type { TDeckSummary, TLocalizedText } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { deckToRead, studiedDecksWhere, type DeckAccess, type DeckViewer } from './deck-access';
import { toCardView } from './cards';

type DeckRow = DeckAccess['deck'];

/**
 * The decks the viewer studies — the built-in ones, their own, and those assigned to a class of theirs for study — with
 * card counts and, for a user, how many of each deck's cards are due now and how many are new.
 */
export async function listDecks(prisma: PrismaClient, viewer: DeckViewer, now: Date): Promise<TDeckSummary[]> {
  const decks = await prisma.deck.findMany({ where: viewer ? studiedDecksWhere(viewer.id) : { source: 'builtin' }, orderBy: { createdAt: 'asc' } });
  return summarize(prisma, decks, viewer, now);
}

/** One deck the viewer may read (404 otherwise), summarized as in the list. */
export async function getDeck(prisma: PrismaClient, viewer: DeckViewer, deckId: string, now: Date): Promise<TDeckSummary> {
  const access = await deckToRead(prisma, viewer, deckId);
  return (await summarize(prisma, [access.deck], viewer, now))[0]!;
}

async function summarize(prisma: PrismaClient, decks: DeckRow[], viewer: DeckViewer, now: Date): Promise<TDeckSummary[]> {
  const deckIds = { in: decks.map((d) => d.id) };
  const cardCounts = await prisma.card.groupBy({ by: ['deckId'], where: { deckId: deckIds, retiredAt: null }, _count: { _all: true } });
  const total = new Map(cardCounts.map((c) => [c.deckId, c._count._all]));
  const noteCounts = await prisma.note.groupBy({ by: ['deckId'], where: { deckId: deckIds, retiredAt: null }, _count: { _all: true } });
  const notes = new Map(noteCounts.map((c) => [c.deckId, c._count._all]));
  const userId = viewer?.id ?? null;
  let due = new Map<string, number>();
  let seen = new Map<string, number>();
  if (userId) {
    const active = { userId, deckId: deckIds, suspended: false, card: { retiredAt: null } };
    const dueRows = await prisma.cardState.groupBy({ by: ['deckId'], where: { ...active, state: { not: 'new' }, due: { lte: now } }, _count: { _all: true } });
    // Not new: studied, or suspended (statistics count a suspended card as suspended, whatever its state).
    const seenRows = await prisma.cardState.groupBy({ by: ['deckId'], where: { userId, deckId: deckIds, OR: [{ state: { not: 'new' } }, { suspended: true }], card: { retiredAt: null } }, _count: { _all: true } });
    due = new Map(dueRows.map((r) => [r.deckId, r._count._all]));
    seen = new Map(seenRows.map((r) => [r.deckId, r._count._all]));
  }
  return decks.map((d) => ({
    id: d.id,
    title: d.title as TLocalizedText,
    description: d.description as TLocalizedText,
    source: d.source as TDeckSummary['source'],
    mine: userId !== null && d.ownerId === userId,
    canEdit: viewer !== null && d.source !== 'builtin' && (d.ownerId === viewer.id || viewer.role === 'admin'),
    cardCount: total.get(d.id) ?? 0,
    noteCount: notes.get(d.id) ?? 0,
    due: userId ? (due.get(d.id) ?? 0) : null,
    new: userId ? (total.get(d.id) ?? 0) - (seen.get(d.id) ?? 0) : null,
  }));
}

/** A deck's cards in order, for a viewer who may read the deck (404 for everyone else). */
export async function listDeckCards(prisma: PrismaClient, viewer: DeckViewer, deckId: string) {
  await deckToRead(prisma, viewer, deckId);
  const cards = await prisma.card.findMany({ where: { deckId, retiredAt: null }, orderBy: { position: 'asc' }, include: { note: { select: { slug: true, content: true } } } });
  return cards.map(toCardView);
}
