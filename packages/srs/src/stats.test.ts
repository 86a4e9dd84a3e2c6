import { describe, expect, it } from 'vitest';
import { newMemoryState, type TMemoryState } from './memory-state';
import { createScheduler } from './scheduler';
import { createSimulatedLearner, simulateStudy } from './simulation';
import {
  cardCountsByState,
  dueForecast,
  retentionWorkload,
  reviewsPerDay,
  trueRetentionByInterval,
  trueRetentionByMonth,
  WORKLOAD_RETENTIONS,
  type TStatsLogEntry,
} from './stats';

const at = (iso: string) => new Date(iso);
const entry = (cardId: string, iso: string, rating: 1 | 2 | 3 | 4, stateBefore?: TStatsLogEntry['stateBefore']): TStatsLogEntry => ({
  cardId,
  rating,
  reviewedAt: at(iso),
  ...(stateBefore ? { stateBefore } : {}),
});

const LOG: TStatsLogEntry[] = [
  entry('c1', '2026-01-01T09:00:00Z', 3, 'new'),
  entry('c1', '2026-01-01T09:10:00Z', 3, 'learning'),
  entry('c1', '2026-01-02T09:00:00Z', 3, 'review'), // 1 day, recalled
  entry('c1', '2026-01-05T09:00:00Z', 1, 'review'), // 3 days, forgotten
  entry('c1', '2026-01-05T09:10:00Z', 3, 'relearning'),
  entry('c1', '2026-01-06T09:00:00Z', 3, 'review'), // 1 day, recalled
  entry('c1', '2026-01-13T09:00:00Z', 3, 'review'), // 7 days, recalled
  entry('c1', '2026-02-10T09:00:00Z', 2, 'review'), // 28 days, recalled (Hard is a pass)
  entry('c1', '2026-05-20T09:00:00Z', 1, 'review'), // 99 days, forgotten
  entry('c2', '2026-01-01T12:00:00Z', 4, 'new'),
  entry('c2', '2026-01-10T12:00:00Z', 3, 'review'), // 9 days, recalled
  entry('c2', '2026-03-01T12:00:00Z', 3, 'review'), // 50 days, recalled
  entry('c3', '2026-02-01T08:00:00Z', 1, 'review'), // earlier history not in the log: month table only
];

describe('reviewsPerDay', () => {
  it('counts every logged rating per calendar day', () => {
    expect(reviewsPerDay(LOG)).toEqual([
      { date: '2026-01-01', reviews: 3 },
      { date: '2026-01-02', reviews: 1 },
      { date: '2026-01-05', reviews: 2 },
      { date: '2026-01-06', reviews: 1 },
      { date: '2026-01-10', reviews: 1 },
      { date: '2026-01-13', reviews: 1 },
      { date: '2026-02-01', reviews: 1 },
      { date: '2026-02-10', reviews: 1 },
      { date: '2026-03-01', reviews: 1 },
      { date: '2026-05-20', reviews: 1 },
    ]);
  });

  it('takes days in the given time zone', () => {
    const nearMidnight = [entry('a', '2026-01-01T23:30:00Z', 3), entry('b', '2026-01-02T00:30:00Z', 3)];
    expect(reviewsPerDay(nearMidnight, 'UTC')).toEqual([
      { date: '2026-01-01', reviews: 1 },
      { date: '2026-01-02', reviews: 1 },
    ]);
    expect(reviewsPerDay(nearMidnight, 'Europe/Berlin')).toEqual([{ date: '2026-01-02', reviews: 2 }]);
    expect(reviewsPerDay(nearMidnight, 'Atlantic/Azores')).toEqual([{ date: '2026-01-01', reviews: 2 }]);
  });

  it('keeps a review at 00:30 local time on its local date on both sides of a daylight-saving change', () => {
    // Berlin is UTC+1 in winter and UTC+2 in summer: 00:30 local is 23:30Z, then 22:30Z. A fixed offset of +60 would
    // put the summer review on the day before.
    const winter = entry('a', '2026-03-27T23:30:00Z', 3);
    const summer = entry('b', '2026-03-30T22:30:00Z', 3);
    expect(reviewsPerDay([winter, summer], 'Europe/Berlin')).toEqual([
      { date: '2026-03-28', reviews: 1 },
      { date: '2026-03-31', reviews: 1 },
    ]);
  });
});

describe('true retention', () => {
  const expectedBuckets = [
    { bucket: '≤1d', reviews: 2, recalled: 2, retention: 1 },
    { bucket: '2-3d', reviews: 1, recalled: 0, retention: 0 },
    { bucket: '4-7d', reviews: 1, recalled: 1, retention: 1 },
    { bucket: '8-14d', reviews: 1, recalled: 1, retention: 1 },
    { bucket: '15-30d', reviews: 1, recalled: 1, retention: 1 },
    { bucket: '31-90d', reviews: 1, recalled: 1, retention: 1 },
    { bucket: '91d+', reviews: 1, recalled: 0, retention: 0 },
  ];

  it('buckets review-state reviews by days since the previous review', () => {
    expect(trueRetentionByInterval(LOG)).toEqual(expectedBuckets);
  });

  it('counts review-state reviews per month', () => {
    expect(trueRetentionByMonth(LOG)).toEqual([
      { month: '2026-01', reviews: 5, recalled: 4, retention: 0.8 },
      { month: '2026-02', reviews: 2, recalled: 1, retention: 0.5 },
      { month: '2026-03', reviews: 1, recalled: 1, retention: 1 },
      { month: '2026-05', reviews: 1, recalled: 0, retention: 0 },
    ]);
  });

  it('without logged states, treats a review on a later day than the previous one as a review-state review', () => {
    const bare = LOG.map(({ stateBefore: _, ...e }) => e);
    expect(trueRetentionByInterval(bare)).toEqual(expectedBuckets);
    expect(trueRetentionByMonth(bare).find((m) => m.month === '2026-02')).toEqual({ month: '2026-02', reviews: 1, recalled: 1, retention: 1 });
  });

  it('reports empty buckets with null retention', () => {
    expect(trueRetentionByInterval([]).every((b) => b.reviews === 0 && b.retention === null)).toBe(true);
    expect(trueRetentionByMonth([])).toEqual([]);
  });
});

const card = (state: TMemoryState['state'], due: string, suspended = false) => ({ state, due: at(due), suspended });

describe('dueForecast and cardCountsByState', () => {
  const cards = [
    card('review', '2026-05-30T09:00:00Z'), // overdue: today
    card('review', '2026-06-01T23:00:00Z'),
    card('learning', '2026-06-01T10:10:00Z'),
    card('relearning', '2026-06-02T09:00:00Z'),
    card('review', '2026-06-30T09:00:00Z'), // day 29
    card('review', '2026-07-15T09:00:00Z'), // beyond 30 days
    card('new', '2026-06-01T00:00:00Z'),
    card('review', '2026-06-03T09:00:00Z', true),
  ];

  it('counts due cards per day for 30 days, overdue ones today, never new or suspended ones', () => {
    const f = dueForecast(cards, at('2026-06-01T10:00:00Z'));
    expect(f).toHaveLength(30);
    expect(f[0]).toEqual({ date: '2026-06-01', due: 3 });
    expect(f[1]).toEqual({ date: '2026-06-02', due: 1 });
    expect(f[29]).toEqual({ date: '2026-06-30', due: 1 });
    expect(f.reduce((n, d) => n + d.due, 0)).toBe(5);
  });

  it('counts cards by state, suspended apart', () => {
    expect(cardCountsByState(cards)).toEqual({ new: 1, learning: 1, review: 4, relearning: 1, suspended: 1, total: 8 });
  });
});

describe('retentionWorkload', () => {
  const now = at('2026-06-01T10:00:00Z');
  const reviewCard = (stability: number, daysAgo: number, difficulty = 5): TMemoryState => ({
    ...newMemoryState(now),
    state: 'review',
    stability,
    difficulty,
    reps: 5,
    lastReview: new Date(now.getTime() - daysAgo * 86_400_000),
    due: now,
  });
  const cards = [reviewCard(3, 2), reviewCard(12, 10, 7), reviewCard(40, 5, 3), reviewCard(150, 100), newMemoryState(now), newMemoryState(now)];

  it('costs more reviews per day the higher the desired retention', () => {
    const curve = retentionWorkload(cards, now);
    expect(curve.map((p) => p.desiredRetention)).toEqual(WORKLOAD_RETENTIONS);
    expect(curve[0]!.desiredRetention).toBe(0.8);
    expect(curve.at(-1)!.desiredRetention).toBe(0.97);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.reviewsPerDay).toBeGreaterThan(curve[i - 1]!.reviewsPerDay);
    expect(curve[0]!.reviewsPerDay).toBeGreaterThan(0);
    expect(curve[0]!.totalReviews).toBeCloseTo(curve[0]!.reviewsPerDay * 365, 8);
  });

  it('has no workload without active cards', () => {
    expect(retentionWorkload([], now).every((p) => p.reviewsPerDay === 0)).toBe(true);
    expect(retentionWorkload([{ ...reviewCard(3, 2), suspended: true }], now).every((p) => p.reviewsPerDay === 0)).toBe(true);
  });

  it('agrees with Monte Carlo runs of the scheduler and the simulated learner', () => {
    // Same model on both sides: no learning steps, no relearning steps, no fuzz.
    const deck = Array.from({ length: 200 }, () => newMemoryState(now));
    const horizonDays = 180;
    const estimates = retentionWorkload(deck, now, { retentions: [0.8, 0.9, 0.95], relearningSteps: 0, horizonDays });
    for (const estimate of estimates) {
      let simulated = 0;
      for (const seed of [1, 2, 3, 4]) {
        const sim = simulateStudy({
          states: deck,
          learner: createSimulatedLearner({ seed }),
          scheduler: createScheduler({
            desiredRetention: estimate.desiredRetention,
            maximumIntervalDays: 36500,
            enableFuzz: false,
            learningSteps: [],
            relearningSteps: [],
          }),
          from: now,
          days: horizonDays,
          newCardsPerDay: deck.length,
        });
        simulated += sim.days.reduce((n, d) => n + d.reviews + d.newCards, 0) / 4;
      }
      // Four runs of 200 cards scatter by about ±3%.
      expect(estimate.totalReviews / simulated).toBeGreaterThan(0.95);
      expect(estimate.totalReviews / simulated).toBeLessThan(1.07);
    }
  });
});

describe('localDay', () => {
  it('starts at local midnight and lasts 23 or 25 hours across daylight-saving changes', async () => {
    const { localDay } = await import('./calendar-day');
    const spring = localDay(new Date('2026-03-29T10:00:00Z'), 'Europe/Berlin');
    expect(spring.start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(spring.end.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    const autumn = localDay(new Date('2026-10-25T10:00:00Z'), 'Europe/Berlin');
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
    // Asked again inside the same day (the kept answer), and just after it ended.
    expect(localDay(new Date('2026-10-25T22:59:59.999Z'), 'Europe/Berlin').start).toEqual(autumn.start);
    expect(localDay(new Date('2026-10-25T23:00:00.000Z'), 'Europe/Berlin').start.toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(localDay(new Date('2026-03-29T10:00:00Z'), 'Asia/Kolkata').start.toISOString()).toBe('2026-03-28T18:30:00.000Z');
  });
});
