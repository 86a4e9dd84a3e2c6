import type { TRating, TReviewRequest, TReviewResponse, TStudyCard } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { createScheduler, memoryStateToJson, newMemoryState, type TMemoryState, type TScheduler } from '@recurrence/srs';
import { conflict, notFound } from '../errors';
import { toCardView } from './cards';

type StateRow = Awaited<ReturnType<PrismaClient['cardState']['findUniqueOrThrow']>>;

const RATINGS: TRating[] = [1, 2, 3, 4];
const scheduler: TScheduler = createScheduler();

function toMemoryState(row: StateRow): TMemoryState {
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

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}

/**
 * The card to study now: the most overdue review first, then the next new card in deck order.
 * Suspended, buried and retired cards are skipped.
 */
export async function nextCard(prisma: PrismaClient, userId: string, deckId: string | undefined, now: Date) {
  const deckFilter = deckId ? { deckId } : {};
  const dueWhere = {
    userId,
    ...deckFilter,
    suspended: false,
    state: { not: 'new' },
    due: { lte: now },
    card: { retiredAt: null },
    OR: [{ buriedUntil: null }, { buriedUntil: { lte: now } }],
  };
  const newWhere = { ...deckFilter, retiredAt: null, states: { none: { userId } } };
  const [dueCount, newCount, dueState] = await Promise.all([
    prisma.cardState.count({ where: dueWhere }),
    prisma.card.count({ where: newWhere }),
    prisma.cardState.findFirst({ where: dueWhere, orderBy: { due: 'asc' }, include: { card: true } }),
  ]);
  let next: TStudyCard | null = null;
  if (dueState) {
    next = studyCard(dueState.card, toMemoryState(dueState), dueState.version, now);
  } else {
    const card = await prisma.card.findFirst({ where: newWhere, orderBy: [{ deckId: 'asc' }, { position: 'asc' }] });
    if (card) next = studyCard(card, newMemoryState(now), 0, now);
  }
  return { next, counts: { due: dueCount, new: newCount } };
}

function studyCard(card: Parameters<typeof toCardView>[0], memory: TMemoryState, version: number, now: Date): TStudyCard {
  const preview = scheduler.preview(memory, now);
  return {
    card: toCardView(card),
    state: memory.state,
    version,
    due: memory.due.toISOString(),
    previews: RATINGS.map((rating) => ({
      rating,
      due: preview[rating].due.toISOString(),
      intervalMs: preview[rating].due.getTime() - now.getTime(),
    })),
  };
}

/**
 * Records a rating and reschedules the card. Idempotent by (user, clientId): a retry returns the first result.
 * Concurrent ratings of one card are serialised by the state's version: the loser gets 409.
 */
export async function submitReview(prisma: PrismaClient, userId: string, input: TReviewRequest, now: Date): Promise<TReviewResponse> {
  const replay = await findReplay(prisma, userId, input);
  if (replay) return replay;

  const card = await prisma.card.findUnique({ where: { id: input.cardId }, select: { id: true, deckId: true, retiredAt: true } });
  if (!card) throw notFound(`no card ${input.cardId}`, 'body.cardId');

  try {
    return await prisma.$transaction(async (tx) => {
      const row = await tx.cardState.findUnique({ where: { userId_cardId: { userId, cardId: card.id } } });
      const version = row?.version ?? 0;
      if (input.expectedVersion !== undefined && input.expectedVersion !== version) {
        throw conflict('this card was rated elsewhere since you loaded it; reload to see its new state', 'body.expectedVersion');
      }
      const before = row ? toMemoryState(row) : newMemoryState(now);
      const after = scheduler.scheduleNext(before, input.rating, now);
      const fields = {
        state: after.state,
        due: after.due,
        stability: after.stability,
        difficulty: after.difficulty,
        scheduledDays: after.scheduledDays,
        learningSteps: after.learningSteps,
        reps: after.reps,
        lapses: after.lapses,
        lastReview: after.lastReview,
        version: version + 1,
      };
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
  const after = previous.after as { state: TMemoryState['state']; due: string };
  const state = await prisma.cardState.findUnique({ where: { userId_cardId: { userId, cardId: previous.cardId } }, select: { version: true } });
  return { reviewId: previous.id, cardId: previous.cardId, rating: previous.rating as TRating, state: after.state, due: after.due, version: state?.version ?? 0, duplicate: true };
}
