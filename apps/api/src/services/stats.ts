import { createHash } from 'node:crypto';
import type { TCardState, TRating, TStatsResponse } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { cardCountsByState, dayNumber, dueForecast, newMemoryState, reviewsPerDay, trueRetentionByInterval, trueRetentionByMonth } from '@recurrence/srs';
import type { ComputeOps } from '../compute/messages';
import type { ComputePool } from '../compute/compute-pool';
import { getSettings } from './settings';
import { deckToRead, studiedDeckIds, type DeckViewer } from './deck-access';

type WorkloadInput = ComputeOps['workload']['input'];

/**
 * The workload curve takes 1–2 s in the compute worker and its inputs change only when the user studies, changes
 * settings or a day passes: results are kept by a hash of those inputs and the user's day (content-addressed, so
 * nothing has to be invalidated; within a day the curve is not recomputed for the hour), for the last 500 inputs.
 */
const workloads = new Map<string, Promise<TStatsResponse['workload']>>();
const WORKLOAD_CACHE_LIMIT = 500;

function workloadCurve(compute: ComputePool, cards: WorkloadInput['cards'], now: Date, options: WorkloadInput['options'], timeZone: string) {
  const key = createHash('sha256')
    // A never-studied card is due "now"; it enters the key as just "new" (the day is in the key).
    .update(JSON.stringify([dayNumber(now, timeZone), options, cards.map((c) => (c.reps === 0 && c.state === 'new' ? 'new' : [c.state, c.due, c.stability, c.difficulty, c.scheduledDays, c.learningSteps, c.reps, c.lapses, c.lastReview]))]))
    .digest('hex');
  let curve = workloads.get(key);
  if (!curve) {
    if (workloads.size >= WORKLOAD_CACHE_LIMIT) workloads.delete(workloads.keys().next().value!);
    curve = compute.run('workload', { cards, now, options });
    workloads.set(key, curve);
    curve.catch(() => workloads.delete(key));
  }
  return curve;
}

/**
 * Review statistics of one user, over one deck they may read or all the decks they study. The workload curve runs
 * in the compute worker.
 */
export async function userStats(prisma: PrismaClient, compute: ComputePool, viewer: NonNullable<DeckViewer>, deckId: string | undefined, now: Date): Promise<TStatsResponse> {
  const userId = viewer.id;
  const [settings, deckIds] = await Promise.all([
    getSettings(prisma, userId),
    deckId ? deckToRead(prisma, viewer, deckId, 'query.deckId').then(() => [deckId]) : studiedDeckIds(prisma, userId),
  ]);
  const zone = settings.timeZone;
  const inScope = { deckId: { in: deckIds } };
  const [logRows, stateRows, cardCount] = await Promise.all([
    prisma.reviewLog.findMany({ where: { userId, undoneAt: null, card: inScope }, orderBy: { reviewedAt: 'asc' }, select: { cardId: true, rating: true, reviewedAt: true, stateBefore: true } }),
    prisma.cardState.findMany({ where: { userId, card: { retiredAt: null, ...inScope } }, select: { state: true, due: true, suspended: true, stability: true, difficulty: true, scheduledDays: true, learningSteps: true, reps: true, lapses: true, lastReview: true } }),
    prisma.card.count({ where: { retiredAt: null, ...inScope } }),
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
  const options = { ...(settings.weights ? { weights: settings.weights } : {}), maximumIntervalDays: settings.maximumIntervalDays };
  const workload = await workloadCurve(compute, memory, now, options, zone);
  return {
    reviewsPerDay: reviewsPerDay(log, zone),
    retentionByInterval: trueRetentionByInterval(log, zone),
    retentionByMonth: trueRetentionByMonth(log, zone),
    dueForecast: dueForecast(cards.filter((c) => c.state !== 'new'), now, { days: 30, timeZone: zone }),
    counts: cardCountsByState(cards),
    workload,
    desiredRetention: settings.desiredRetention,
  };
}
