import {
  BROWSE_MAX_QUERY_CHARS,
  type TBrowseCard,
  type TBrowseResponse,
  type TBrowseState,
  type TCard,
  type TCardActionKind,
  type TCardHistory,
  type TCardState,
  type TRating,
} from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { forgetMemoryState, MS_PER_DAY, retrievability, startOfLocalDate, type TMemoryStateJson } from '@recurrence/srs';
import { badRequest, conflict, notFound } from '../errors';
import { toCardView } from './cards';
import { cardToRead, deckToRead, type DeckViewer } from './deck-access';
import { getSettings, startOfUserDay } from './settings';
import { changeState, setSuspended, stateFields } from './study';
import type { Database } from '@recurrence/db';

type CardRow = Parameters<typeof toCardView>[0];
type StateRow = Awaited<ReturnType<PrismaClient['cardState']['findMany']>>[number];

/** A card's row in the browser: the card, and the user's state of it (none: never studied). */
function browseCard(card: CardRow, state: StateRow | undefined, weights: readonly number[] | undefined, now: Date): TBrowseCard {
  const view = toCardView(card);
  if (!state) {
    return { card: view, state: 'new', suspended: false, buriedUntil: null, due: null, stability: null, difficulty: null, retrievability: null, reps: 0, lapses: 0, lastReview: null, version: 0 };
  }
  const studied = state.state !== 'new';
  const elapsedDays = state.lastReview ? (now.getTime() - state.lastReview.getTime()) / MS_PER_DAY : 0;
  return {
    card: view,
    state: state.state as TCardState,
    suspended: state.suspended,
    buriedUntil: state.buriedUntil && state.buriedUntil > now ? state.buriedUntil.toISOString() : null,
    due: studied ? state.due.toISOString() : null,
    stability: studied ? state.stability : null,
    difficulty: studied ? state.difficulty : null,
    retrievability: studied && state.lastReview ? retrievability(elapsedDays, state.stability, weights) : null,
    reps: state.reps,
    lapses: state.lapses,
    lastReview: state.lastReview?.toISOString() ?? null,
    version: state.version,
  };
}

function matchesState(row: TBrowseCard, filter: TBrowseState, now: Date): boolean {
  switch (filter) {
    case 'suspended':
      return row.suspended;
    case 'buried':
      return row.buriedUntil !== null;
    case 'due':
      return row.state !== 'new' && !row.suspended && row.buriedUntil === null && row.due !== null && Date.parse(row.due) <= now.getTime();
    default:
      return row.state === filter;
  }
}

/** Every string inside a note's content (both languages, choices, explanations), lower-cased, for text search. */
function searchableText(content: unknown): string {
  const parts: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(content);
  return parts.join('\n').toLowerCase();
}

/** The user's FSRS parameters (undefined: the defaults), for retrievability. */
async function userWeights(prisma: PrismaClient, userId: string | null): Promise<readonly number[] | undefined> {
  if (!userId) return undefined;
  return (await getSettings(prisma, userId)).weights ?? undefined;
}

export type TBrowseFilters = { q?: string | undefined; tag?: string | undefined; state?: TBrowseState | undefined; section?: string | undefined; limit: number; offset: number };

/**
 * A deck's cards in deck order with the user's state of each, filtered and paged. The deck's cards are read whole and
 * filtered here (text search looks inside the notes' JSON, the same way on SQLite and PostgreSQL); nothing is kept
 * between requests.
 */
export async function browseDeck(prisma: PrismaClient, viewer: DeckViewer, deckId: string, filters: TBrowseFilters, now: Date): Promise<TBrowseResponse> {
  await deckToRead(prisma, viewer, deckId);
  const userId = viewer?.id ?? null;
  const [cards, states, weights] = await Promise.all([
    prisma.card.findMany({ where: { deckId, retiredAt: null }, orderBy: { position: 'asc' }, include: { note: { select: { slug: true, content: true } } } }),
    userId ? prisma.cardState.findMany({ where: { userId, deckId } }) : Promise.resolve([]),
    userWeights(prisma, userId),
  ]);
  const stateOf = new Map(states.map((s) => [s.cardId, s]));
  const tags = new Set<string>();
  const sections = new Set<string>();
  const text = new Map<string, string>();
  const query = filters.q?.trim().toLowerCase().slice(0, BROWSE_MAX_QUERY_CHARS) ?? '';
  const matching: TBrowseCard[] = [];
  for (const card of cards) {
    const content = card.note.content as TCard;
    content.tags.forEach((t) => tags.add(t));
    sections.add(content.section);
    if (filters.tag && !content.tags.includes(filters.tag)) continue;
    if (filters.section && content.section !== filters.section) continue;
    if (query) {
      let haystack = text.get(card.noteId);
      if (haystack === undefined) {
        haystack = `${card.note.slug}\n${searchableText(content)}`;
        text.set(card.noteId, haystack);
      }
      if (!haystack.includes(query)) continue;
    }
    const row = browseCard(card, stateOf.get(card.id), weights, now);
    if (filters.state && !matchesState(row, filters.state, now)) continue;
    matching.push(row);
  }
  return {
    cards: matching.slice(filters.offset, filters.offset + filters.limit),
    total: matching.length,
    tags: [...tags].sort(),
    sections: [...sections].sort(),
  };
}

/** One card as the browser shows it, for the user (after an action). */
export async function browseOne(prisma: PrismaClient, viewer: NonNullable<DeckViewer>, cardId: string, now: Date): Promise<TBrowseCard> {
  const userId = viewer.id;
  const card = await prisma.card.findUnique({ where: { id: cardId }, include: { note: { select: { slug: true, content: true } } } });
  if (!card) throw notFound(`no card ${cardId}`, 'params.cardId');
  await cardToRead(prisma, viewer, cardId);
  const [state, weights] = await Promise.all([prisma.cardState.findUnique({ where: { userId_cardId: { userId, cardId } } }), userWeights(prisma, userId)]);
  return browseCard(card, state ?? undefined, weights, now);
}

/** Most review-log rows and actions a history lists (latest first). */
export const HISTORY_LIMIT = 500;

/** A card's ratings (the user's review log rows, undone ones marked) and its buries, suspensions, resets and reschedules. */
export async function cardHistory(prisma: PrismaClient, viewer: NonNullable<DeckViewer>, cardId: string): Promise<TCardHistory> {
  const userId = viewer.id;
  await cardToRead(prisma, viewer, cardId);
  const [reviews, actions] = await Promise.all([
    prisma.reviewLog.findMany({ where: { userId, cardId }, orderBy: [{ reviewedAt: 'desc' }, { id: 'desc' }], take: HISTORY_LIMIT }),
    prisma.cardAction.findMany({ where: { userId, cardId }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: HISTORY_LIMIT }),
  ]);
  return {
    cardId,
    reviews: reviews.map((r) => {
      const after = r.after as TMemoryStateJson;
      return {
        id: r.id,
        reviewedAt: r.reviewedAt.toISOString(),
        rating: r.rating as TRating,
        stateBefore: r.stateBefore as TCardState,
        durationMs: r.durationMs,
        state: after.state,
        due: after.due,
        stability: after.stability,
        difficulty: after.difficulty,
        undone: r.undoneAt !== null,
      };
    }),
    actions: actions.map((a) => ({ id: a.id, kind: a.kind as TCardActionKind, at: a.at.toISOString(), undone: a.undoneAt !== null })),
  };
}

export async function suspendFromBrowser(db: Database, viewer: NonNullable<DeckViewer>, cardId: string, suspended: boolean, now: Date): Promise<TBrowseCard> {
  await setSuspended(db, viewer, cardId, suspended, now);
  return browseOne(db.prisma, viewer, cardId, now);
}

/** Anki's Forget: the card is new again (Undo brings its schedule back). */
export async function resetCard(db: Database, viewer: NonNullable<DeckViewer>, cardId: string, now: Date): Promise<TBrowseCard> {
  await cardToRead(db.prisma, viewer, cardId);
  await changeState(db, viewer.id, cardId, now, 'reset', (current) => stateFields(forgetMemoryState(current, now)));
  return browseOne(db.prisma, viewer, cardId, now);
}

/**
 * Anki's Set due date: the card falls due at the start of `date` in the user's time zone, its memory state kept.
 * A new card has no schedule to move (it comes in deck order): 409.
 */
export async function rescheduleCard(db: Database, viewer: NonNullable<DeckViewer>, cardId: string, date: string, now: Date): Promise<TBrowseCard> {
  await cardToRead(db.prisma, viewer, cardId);
  const userId = viewer.id;
  const settings = await getSettings(db.prisma, userId);
  const due = startOfLocalDate(date, settings.timeZone);
  if (due.getTime() < startOfUserDay(now, settings.timeZone).getTime()) throw badRequest('body.date', `${date} is in the past: choose today or a later day`);
  if (due.getTime() - now.getTime() > settings.maximumIntervalDays * MS_PER_DAY) {
    throw badRequest('body.date', `${date} is further away than your maximum interval (${settings.maximumIntervalDays} days)`);
  }
  await changeState(db, userId, cardId, now, 'reschedule', (memory) => {
    if (memory.state === 'new') throw conflict('a new card has no schedule to move: study it first (new cards come in deck order)', 'params.cardId');
    return stateFields({ ...memory, due });
  });
  return browseOne(db.prisma, viewer, cardId, now);
}
