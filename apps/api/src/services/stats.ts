import type { TCardState, TRating, TStatsResponse } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { cardCountsByState, dueForecast, newMemoryState, reviewsPerDay, trueRetentionByInterval, trueRetentionByMonth } from '@recurrence/srs';
import type { ComputePool } from '../compute/compute-pool';
import { getSettings } from './settings';

/** Review statistics of one user, over one deck or all. The workload curve runs in the compute worker. */
export async function userStats(prisma: PrismaClient, compute: ComputePool, userId: string, deckId: string | undefined, now: Date): Promise<TStatsResponse> {
  const settings = await getSettings(prisma, userId);
  const offset = settings.utcOffsetMinutes;
  const deckFilter = deckId ? { card: { deckId } } : {};
  const [logRows, stateRows, cardCount] = await Promise.all([
    prisma.reviewLog.findMany({ where: { userId, undoneAt: null, ...deckFilter }, orderBy: { reviewedAt: 'asc' }, select: { cardId: true, rating: true, reviewedAt: true, stateBefore: true } }),
    prisma.cardState.findMany({ where: { userId, card: { retiredAt: null, ...(deckId ? { deckId } : {}) } }, select: { state: true, due: true, suspended: true, stability: true, difficulty: true, scheduledDays: true, learningSteps: true, reps: true, lapses: true, lastReview: true } }),
    prisma.card.count({ where: { retiredAt: null, ...(deckId ? { deckId } : {}) } }),
  ]);
  const log = logRows.map((r) => ({ cardId: r.cardId, rating: r.rating as TRating, reviewedAt: r.reviewedAt, stateBefore: r.stateBefore as TCardState }));
  const untouched = cardCount - stateRows.length;
  const cards = [
    ...stateRows.map((s) => ({ state: s.state as TCardState, due: s.due, suspended: s.suspended })),
    ...Array.from({ length: Math.max(0, untouched) }, () => ({ state: 'new' as const, due: now })),
  ];
  // Cards never studied count as learned today, so the curve shows the cost of the whole deck, not only the seen part.
  const memory = [
    ...stateRows.filter((s) => !s.suspended).map((s) => ({ ...s, state: s.state as TCardState })),
    ...Array.from({ length: Math.max(0, untouched) }, () => newMemoryState(now)),
  ];
  const workload = await compute.run('workload', {
    cards: memory,
    now,
    options: { ...(settings.weights ? { weights: settings.weights } : {}), maximumIntervalDays: settings.maximumIntervalDays },
  });
  return {
    reviewsPerDay: reviewsPerDay(log, offset),
    retentionByInterval: trueRetentionByInterval(log, offset),
    retentionByMonth: trueRetentionByMonth(log, offset),
    dueForecast: dueForecast(cards.filter((c) => c.state !== 'new'), now, { days: 30, utcOffsetMinutes: offset }),
    counts: cardCountsByState(cards),
    workload,
    desiredRetention: settings.desiredRetention,
  };
}
