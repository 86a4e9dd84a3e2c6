import type { Prisma, PrismaClient } from '@recurrence/db';
import { forbidden, notFound } from '../errors';

/** Who is asking: a user or guest, or nobody (no session). */
export type DeckViewer = { id: string; role: string } | null;

type Client = PrismaClient | Prisma.TransactionClient;
type DeckRow = NonNullable<Awaited<ReturnType<PrismaClient['deck']['findUnique']>>>;

/** How a viewer may use a deck: read (browse and study it) and, for its owner and admins, edit it. */
export type DeckAccess = { deck: DeckRow; canEdit: boolean };

/**
 * Decks a user studies, besides the built-in ones: their own, and those of quiz sets assigned with `study` to a class
 * they are a student of. A Prisma `where` on Deck.
 */
export function studiedDecksWhere(userId: string): Prisma.DeckWhereInput {
  return {
    OR: [
      { source: 'builtin' },
      { ownerId: userId },
      { quizSets: { some: { assignments: { some: { study: true, class: { members: { some: { userId } } } } } } } },
    ],
  };
}

/** The ids of the decks a user studies (studiedDecksWhere): the scope of their study queue when no deck is chosen. */
export async function studiedDeckIds(prisma: Client, userId: string): Promise<string[]> {
  const decks = await prisma.deck.findMany({ where: studiedDecksWhere(userId), select: { id: true } });
  return decks.map((d) => d.id);
}

/**
 * The deck access rule (ARCHITECTURE.md, "Who sees a deck"): a built-in deck is anyone's to read; any other deck is
 * its owner's and admins' to read and edit, and the students of a class it is assigned to for study may read it.
 * Everyone else is told there is no such deck (404): whether it exists is not theirs to know.
 */
export async function deckAccess(prisma: Client, viewer: DeckViewer, deckId: string): Promise<DeckAccess | null> {
  const deck = await prisma.deck.findUnique({ where: { id: deckId } });
  if (!deck) return null;
  if (viewer && (viewer.role === 'admin' || (deck.ownerId !== null && deck.ownerId === viewer.id))) {
    return { deck, canEdit: deck.source !== 'builtin' };
  }
  if (deck.source === 'builtin') return { deck, canEdit: false };
  if (!viewer) return null;
  const assigned = await prisma.deck.count({ where: { id: deckId, ...studiedDecksWhere(viewer.id) } });
  return assigned > 0 ? { deck, canEdit: false } : null;
}

/** The deck if the viewer may read it; 404 otherwise. */
export async function deckToRead(prisma: Client, viewer: DeckViewer, deckId: string, field = 'params.deckId'): Promise<DeckAccess> {
  const access = await deckAccess(prisma, viewer, deckId);
  if (!access) throw notFound(`no deck ${deckId}`, field);
  return access;
}

/** The deck if the viewer may edit it: 404 for those who may not read it, 403 for readers who may not edit. */
export async function deckToEdit(prisma: Client, viewer: DeckViewer, deckId: string, field = 'params.deckId'): Promise<DeckRow> {
  const access = await deckToRead(prisma, viewer, deckId, field);
  if (!access.canEdit) {
    throw forbidden(access.deck.source === 'builtin' ? 'a built-in deck is edited in its authoring files, not here' : 'only the owner of this deck edits it');
  }
  return access.deck;
}

/** A card of a deck the viewer may read; 404 naming the card otherwise (whether it exists elsewhere is not said). */
export async function cardToRead(prisma: Client, viewer: DeckViewer, cardId: string, field = 'params.cardId'): Promise<{ deckId: string }> {
  const card = await prisma.card.findUnique({ where: { id: cardId }, select: { deckId: true } });
  if (!card || !(await deckAccess(prisma, viewer, card.deckId))) throw notFound(`no card ${cardId}`, field);
  return card;
}
