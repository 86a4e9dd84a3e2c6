import type { TDeckSummary, TLocalizedText } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { notFound } from '../errors';
import { toCardView } from './cards';

/** Every deck with its card count and, for a user, how many of its cards are due now and how many are new. */
export async function listDecks(prisma: PrismaClient, userId: string | null, now: Date): Promise<TDeckSummary[]> {
  const decks = await prisma.deck.findMany({ orderBy: { createdAt: 'asc' } });
  const cardCounts = await prisma.card.groupBy({ by: ['deckId'], where: { retiredAt: null }, _count: { _all: true } });
  const total = new Map(cardCounts.map((c) => [c.deckId, c._count._all]));
  const noteCounts = await prisma.note.groupBy({ by: ['deckId'], where: { retiredAt: null }, _count: { _all: true } });
  const notes = new Map(noteCounts.map((c) => [c.deckId, c._count._all]));
  let due = new Map<string, number>();
  let seen = new Map<string, number>();
  if (userId) {
    const active = { userId, suspended: false, card: { retiredAt: null } };
    const dueRows = await prisma.cardState.groupBy({ by: ['deckId'], where: { ...active, state: { not: 'new' }, due: { lte: now } }, _count: { _all: true } });
    // Not new: studied, or suspended (statistics count a suspended card as suspended, whatever its state).
    const seenRows = await prisma.cardState.groupBy({ by: ['deckId'], where: { userId, OR: [{ state: { not: 'new' } }, { suspended: true }], card: { retiredAt: null } }, _count: { _all: true } });
    due = new Map(dueRows.map((r) => [r.deckId, r._count._all]));
    seen = new Map(seenRows.map((r) => [r.deckId, r._count._all]));
  }
  return decks.map((d) => ({
    id: d.id,
    title: d.title as TLocalizedText,
    description: d.description as TLocalizedText,
    cardCount: total.get(d.id) ?? 0,
    noteCount: notes.get(d.id) ?? 0,
    due: userId ? (due.get(d.id) ?? 0) : null,
    new: userId ? (total.get(d.id) ?? 0) - (seen.get(d.id) ?? 0) : null,
  }));
}

export async function listDeckCards(prisma: PrismaClient, deckId: string) {
  const deck = await prisma.deck.findUnique({ where: { id: deckId }, select: { id: true } });
  if (!deck) throw notFound(`no deck ${deckId}`, 'params.deckId');
  const cards = await prisma.card.findMany({ where: { deckId, retiredAt: null }, orderBy: { position: 'asc' }, include: { note: { select: { slug: true, content: true } } } });
  return cards.map(toCardView);
}
