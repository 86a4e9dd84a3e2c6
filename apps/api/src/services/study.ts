import type { TRating, TReviewRequest, TReviewResponse, TStudyCard } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { memoryStateFromJson, memoryStateToJson, newMemoryState, type TMemoryState, type TMemoryStateJson, type TScheduler } from '@recurrence/srs';
import { activeInterview, schedulerFor } from './scheduling';
import { conflict, isUniqueViolation, notFound } from '../errors';
import { toCardView } from './cards';
import { getSettings, nextUserDay, startOfUserDay } from './settings';

type StateRow = Awaited<ReturnType<PrismaClient['cardState']['findUniqueOrThrow']>>;
type CardRow = Parameters<typeof toCardView>[0];

const RATINGS: TRating[] = [1, 2, 3, 4];

export function toMemoryState(row: StateRow): TMemoryState {
  return {
    state: row.state as TMemoryState['state'],
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    scheduledDays: row.scheduledDays,
    learningSteps: row.learningSteps,
    reps: row.reps,
    lapses: row.lapses,
    lastReview: row.lastReview,
  };
}

export function stateFields(s: TMemoryState) {
  return {
    state: s.state,
    due: s.due,
    stability: s.stability,
    difficulty: s.difficulty,
    scheduledDays: s.scheduledDays,
    learningSteps: s.learningSteps,
    reps: s.reps,
    lapses: s.lapses,
    lastReview: s.lastReview,
  };
}

/** What the user has done today: ratings, and cards introduced (first rating of a new card). */
async function todaysWork(prisma: PrismaClient, userId: string, since: Date) {
  const rows = await prisma.reviewLog.groupBy({ by: ['stateBefore'], where: { userId, reviewedAt: { gte: since }, undoneAt: null }, _count: { _all: true } });
  let reviews = 0;
  let introduced = 0;
  for (const row of rows) {
    if (row.stateBefore === 'new') introduced += row._count._all;
    else reviews += row._count._all;
  }
  return { reviews, introduced };
}

/**
 * The card to study now: the most overdue card in learning or review first, then the next new card in deck
 * order, within the user's daily limits. Suspended, buried and retired cards are skipped.
 */
export async function nextCard(prisma: PrismaClient, userId: string, deckId: string | undefined, now: Date) {
  const settings = await getSettings(prisma, userId);
  const today = await todaysWork(prisma, userId, startOfUserDay(now, settings.utcOffsetMinutes));
  const deckFilter = deckId ? { deckId } : {};
  const available = { suspended: false, card: { retiredAt: null }, OR: [{ buriedUntil: null }, { buriedUntil: { lte: now } }] };
  const dueWhere = { userId, ...deckFilter, ...available, state: { not: 'new' }, due: { lte: now } };
  // New cards: never touched (no state row), or touched but still new (e.g. an undone first rating, an expired bury).
  const untouchedWhere = { ...deckFilter, retiredAt: null, states: { none: { userId } } };
  const newStateWhere = { userId, ...deckFilter, ...available, state: 'new' };

  const [dueCount, untouched, newStates] = await Promise.all([
    prisma.cardState.count({ where: dueWhere }),
    prisma.card.count({ where: untouchedWhere }),
    prisma.cardState.count({ where: newStateWhere }),
  ]);
  const newLeftToday = Math.max(0, settings.newCardsPerDay - today.introduced);
  const reviewsLeftToday = Math.max(0, settings.reviewsPerDay - today.reviews);
  const counts = { due: Math.min(dueCount, reviewsLeftToday), new: Math.min(untouched + newStates, newLeftToday) };
  // Previews use the scheduler that will rate the card: capped toward an interview covering its deck.
  const show = async (card: CardRow, memory: TMemoryState, version: number) =>
    studyCard(schedulerFor(settings, await activeInterview(prisma, userId, card.deckId, now)), card, memory, version, now);

  if (counts.due > 0) {
    const row = await prisma.cardState.findFirst({ where: dueWhere, orderBy: { due: 'asc' }, include: { card: true } });
    if (row) return { next: await show(row.card, toMemoryState(row), row.version), counts };
  }
  if (counts.new > 0) {
    const row = await prisma.cardState.findFirst({ where: newStateWhere, orderBy: { card: { position: 'asc' } }, include: { card: true } });
    if (row) return { next: await show(row.card, toMemoryState(row), row.version), counts };
    const card = await prisma.card.findFirst({ where: untouchedWhere, orderBy: [{ deckId: 'asc' }, { position: 'asc' }] });
    if (card) return { next: await show(card, newMemoryState(now), 0), counts };
  }
  return { next: null, counts };
}

function studyCard(scheduler: TScheduler, card: CardRow, memory: TMemoryState, version: number, now: Date): TStudyCard {
  const preview = scheduler.preview(memory, now);
  return {
    card: toCardView(card),
    state: memory.state,
    version,
    due: memory.due.toISOString(),
    previews: RATINGS.map((rating) => ({ rating, due: preview[rating].due.toISOString(), intervalMs: preview[rating].due.getTime() - now.getTime() })),
  };
}

/**
 * Records a rating and reschedules the card. Idempotent by (user, clientId): a retry returns the first result.
 * Concurrent ratings of one card are serialised by the state's version: the loser gets 409.
 */
export async function submitReview(prisma: PrismaClient, userId: string, input: TReviewRequest, now: Date): Promise<TReviewResponse> {
  const replay = await findReplay(prisma, userId, input);
  if (replay) return replay;

  const card = await prisma.card.findUnique({ where: { id: input.cardId }, select: { id: true, deckId: true } });
  if (!card) throw notFound(`no card ${input.cardId}`, 'body.cardId');
  const scheduler = schedulerFor(await getSettings(prisma, userId), await activeInterview(prisma, userId, card.deckId, now));

  try {
    return await prisma.$transaction(async (tx) => {
      const row = await tx.cardState.findUnique({ where: { userId_cardId: { userId, cardId: card.id } } });
      const version = row?.version ?? 0;
      if (input.expectedVersion !== undefined && input.expectedVersion !== version) {
        throw conflict('this card was rated elsewhere since you loaded it; reload to see its new state', 'body.expectedVersion');
      }
      const before = row ? toMemoryState(row) : newMemoryState(now);
      const after = scheduler.scheduleNext(before, input.rating, now);
      const fields = { ...stateFields(after), buriedUntil: null, version: version + 1 };
      if (row) {
        const { count } = await tx.cardState.updateMany({ where: { userId, cardId: card.id, version }, data: fields });
        if (count === 0) throw conflict('this card was rated elsewhere at the same time; reload to see its new state', 'body.cardId');
      } else {
        await tx.cardState.create({ data: { userId, cardId: card.id, deckId: card.deckId, ...fields } });
      }
      const log = await tx.reviewLog.create({
        data: {
          userId,
          cardId: card.id,
          clientId: input.clientId,
          rating: input.rating,
          stateBefore: before.state,
          reviewedAt: now,
          durationMs: input.durationMs,
          before: memoryStateToJson(before),
          after: memoryStateToJson(after),
        },
      });
      return { reviewId: log.id, cardId: card.id, rating: input.rating, state: after.state, due: after.due.toISOString(), version: version + 1, duplicate: false };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Either the same clientId raced in from a retry (answer as a replay) or the first rating of this card did.
    const raced = await findReplay(prisma, userId, input);
    if (raced) return raced;
    throw conflict('this card was rated elsewhere at the same time; reload to see its new state', 'body.cardId');
  }
}

async function findReplay(prisma: PrismaClient, userId: string, input: TReviewRequest): Promise<TReviewResponse | null> {
  const previous = await prisma.reviewLog.findUnique({ where: { userId_clientId: { userId, clientId: input.clientId } } });
  if (!previous) return null;
  if (previous.cardId !== input.cardId || previous.rating !== input.rating) {
    throw conflict('this clientId was already used for a different rating', 'body.clientId');
  }
  const after = previous.after as TMemoryStateJson;
  const state = await prisma.cardState.findUnique({ where: { userId_cardId: { userId, cardId: previous.cardId } }, select: { version: true } });
  return { reviewId: previous.id, cardId: previous.cardId, rating: previous.rating as TRating, state: after.state, due: after.due, version: state?.version ?? 0, duplicate: true };
}

/**
 * Undoes the user's latest rating that is still in effect: the card gets back the state it had before, and the
 * log entry is kept but marked undone (statistics and parameter fitting skip it). Repeated undos walk back.
 */
export async function undoLastReview(prisma: PrismaClient, userId: string) {
  return prisma.$transaction(async (tx) => {
    const last = await tx.reviewLog.findFirst({ where: { userId, undoneAt: null }, orderBy: [{ reviewedAt: 'desc' }, { id: 'desc' }] });
    if (!last) return { undone: null };
    const before = memoryStateFromJson(last.before as TMemoryStateJson);
    const row = await tx.cardState.findUnique({ where: { userId_cardId: { userId, cardId: last.cardId } } });
    if (row) {
      await tx.cardState.update({
        where: { userId_cardId: { userId, cardId: last.cardId } },
        data: { ...stateFields(before), version: row.version + 1 },
      });
    }
    await tx.reviewLog.update({ where: { id: last.id }, data: { undoneAt: new Date() } });
    return { undone: { reviewId: last.id, cardId: last.cardId, rating: last.rating } };
  });
}

/** The user's state row for a card, created (as new) when they never studied it. */
async function ensureState(prisma: PrismaClient, userId: string, cardId: string, now: Date) {
  const card = await prisma.card.findUnique({ where: { id: cardId }, select: { id: true, deckId: true } });
  if (!card) throw notFound(`no card ${cardId}`, 'params.cardId');
  const existing = await prisma.cardState.findUnique({ where: { userId_cardId: { userId, cardId } } });
  if (existing) return existing;
  try {
    return await prisma.cardState.create({ data: { userId, cardId, deckId: card.deckId, ...stateFields(newMemoryState(now)) } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return prisma.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId, cardId } } });
  }
}

const stateChange = (row: StateRow) => ({ cardId: row.cardId, suspended: row.suspended, buriedUntil: row.buriedUntil?.toISOString() ?? null });

/** Hides a card until the start of the user's next day. */
export async function buryCard(prisma: PrismaClient, userId: string, cardId: string, now: Date) {
  const settings = await getSettings(prisma, userId);
  const row = await ensureState(prisma, userId, cardId, now);
  const updated = await prisma.cardState.update({
    where: { userId_cardId: { userId, cardId } },
    data: { buriedUntil: nextUserDay(now, settings.utcOffsetMinutes), version: row.version + 1 },
  });
  return stateChange(updated);
}

/** Takes a card out of study until it is unsuspended; its schedule is kept. */
export async function setSuspended(prisma: PrismaClient, userId: string, cardId: string, suspended: boolean, now: Date) {
  const row = await ensureState(prisma, userId, cardId, now);
  const updated = await prisma.cardState.update({ where: { userId_cardId: { userId, cardId } }, data: { suspended, version: row.version + 1 } });
  return stateChange(updated);
}
