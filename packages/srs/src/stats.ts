import type { TCardState, TRating } from '@recurrence/contracts';
import { FSRSAlgorithm, S_MIN, type FSRSState } from 'ts-fsrs';
import { dayNumber, dayNumberToIsoDate, type TTimeZone } from './calendar-day';
import { DEFAULT_WEIGHTS, daysUntilRetention, retrievability } from './forgetting-curve';
import type { TMemoryState } from './memory-state';
import { DEFAULT_LEARNER_PROFILE } from './simulation';

/**
 * Statistics over plain arrays. Calendar days are taken in the user's IANA time zone (`timeZone`, UTC by default),
 * each review on the date it had where the user lives at that moment, across daylight-saving changes.
 */

export type TStatsLogEntry = {
  cardId: string;
  rating: TRating;
  reviewedAt: Date;
  /** The card's state before this review, as logged. When absent, a review counts as a review-state review
   * if the card had been reviewed before on an earlier calendar day. */
  stateBefore?: TCardState;
};

export type TStatsCard = { state: TCardState; due: Date; suspended?: boolean };

/** Reviews per calendar day, for a heatmap: only days with reviews, in date order. */
export function reviewsPerDay(log: readonly TStatsLogEntry[], timeZone: TTimeZone = 'UTC'): { date: string; reviews: number }[] {
  const counts = new Map<number, number>();
  for (const e of log) {
    const day = dayNumber(e.reviewedAt, timeZone);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([day, reviews]) => ({ date: dayNumberToIsoDate(day), reviews }));
}

export type TRetentionRow = { reviews: number; recalled: number; retention: number | null };

/** Interval buckets (whole calendar days since the card's previous review). */
export const INTERVAL_BUCKETS = [
  { label: '≤1d', maxDays: 1 },
  { label: '2-3d', maxDays: 3 },
  { label: '4-7d', maxDays: 7 },
  { label: '8-14d', maxDays: 14 },
  { label: '15-30d', maxDays: 30 },
  { label: '31-90d', maxDays: 90 },
  { label: '91d+', maxDays: Number.POSITIVE_INFINITY },
] as const;

export type TIntervalBucket = (typeof INTERVAL_BUCKETS)[number]['label'];

type TReviewStateReview = { entry: TStatsLogEntry; elapsedDays: number | null };

/** The reviews of review-state cards, each with the calendar days since the card's previous review (null when
 * the log has no earlier review of the card). Same-day learning steps are not review-state reviews. */
function reviewStateReviews(log: readonly TStatsLogEntry[], timeZone: TTimeZone): TReviewStateReview[] {
  const sorted = [...log].sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
  const lastDay = new Map<string, number>();
  const out: TReviewStateReview[] = [];
  for (const entry of sorted) {
    const day = dayNumber(entry.reviewedAt, timeZone);
    const previous = lastDay.get(entry.cardId);
    const elapsedDays = previous === undefined ? null : day - previous;
    const isReview = entry.stateBefore !== undefined ? entry.stateBefore === 'review' : elapsedDays !== null && elapsedDays >= 1;
    if (isReview) out.push({ entry, elapsedDays });
    lastDay.set(entry.cardId, day);
  }
  return out;
}

function row(reviews: number, recalled: number): TRetentionRow {
  return { reviews, recalled, retention: reviews === 0 ? null : recalled / reviews };
}

/** True retention (share of review-state reviews rated > 1) per interval bucket; every bucket, in order. */
export function trueRetentionByInterval(log: readonly TStatsLogEntry[], timeZone: TTimeZone = 'UTC'): ({ bucket: TIntervalBucket } & TRetentionRow)[] {
  const counts = INTERVAL_BUCKETS.map(() => ({ reviews: 0, recalled: 0 }));
  for (const { entry, elapsedDays } of reviewStateReviews(log, timeZone)) {
    if (elapsedDays === null) continue;
    const index = INTERVAL_BUCKETS.findIndex((b) => elapsedDays <= b.maxDays);
    const c = counts[index]!;
    c.reviews++;
    if (entry.rating > 1) c.recalled++;
  }
  return INTERVAL_BUCKETS.map((b, i) => ({ bucket: b.label, ...row(counts[i]!.reviews, counts[i]!.recalled) }));
}

/** True retention per calendar month (YYYY-MM), months with reviews only, in order. */
export function trueRetentionByMonth(log: readonly TStatsLogEntry[], timeZone: TTimeZone = 'UTC'): ({ month: string } & TRetentionRow)[] {
  const counts = new Map<string, { reviews: number; recalled: number }>();
  for (const { entry } of reviewStateReviews(log, timeZone)) {
    const month = dayNumberToIsoDate(dayNumber(entry.reviewedAt, timeZone)).slice(0, 7);
    const c = counts.get(month) ?? { reviews: 0, recalled: 0 };
    c.reviews++;
    if (entry.rating > 1) c.recalled++;
    counts.set(month, c);
  }
  return [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([month, c]) => ({ month, ...row(c.reviews, c.recalled) }));
}

/** Cards due per calendar day from today for `days` days; overdue cards count today. New and suspended cards
 * are not due. */
export function dueForecast(
  cards: readonly TStatsCard[],
  now: Date,
  options: { days?: number; timeZone?: TTimeZone } = {},
): { date: string; due: number }[] {
  const days = options.days ?? 30;
  const zone = options.timeZone ?? 'UTC';
  const today = dayNumber(now, zone);
  const counts = new Array<number>(days).fill(0);
  for (const c of cards) {
    if (c.suspended || c.state === 'new') continue;
    const i = Math.max(0, dayNumber(c.due, zone) - today);
    if (i < days) counts[i]!++;
  }
  return counts.map((due, i) => ({ date: dayNumberToIsoDate(today + i), due }));
}

export type TCardCounts = Record<TCardState | 'suspended', number> & { total: number };

/** Cards per state; a suspended card counts as suspended only. */
export function cardCountsByState(cards: readonly TStatsCard[]): TCardCounts {
  const counts: TCardCounts = { new: 0, learning: 0, review: 0, relearning: 0, suspended: 0, total: cards.length };
  for (const c of cards) counts[c.suspended ? 'suspended' : c.state]++;
  return counts;
}

export const WORKLOAD_RETENTIONS: readonly number[] = Array.from({ length: 18 }, (_, i) => Math.round((0.8 + i * 0.01) * 100) / 100);

export type TWorkloadOptions = {
  /** The user's FSRS weights; the defaults when absent. */
  weights?: readonly number[];
  retentions?: readonly number[];
  horizonDays?: number;
  maximumIntervalDays?: number;
  /** Extra same-day reviews after a lapse (ts-fsrs default relearning steps ['10m']: 1). */
  relearningSteps?: number;
};

export type TWorkloadPoint = { desiredRetention: number; reviewsPerDay: number; totalReviews: number };

/** The grid memory states are spread over: ln(stability) in steps of 1/5 (~22%), difficulty in steps of 0.5. */
const STABILITY_GRID = 5;
const DIFFICULTY_GRID = 2;

type TOutcome = { node: number; probability: number };

/**
 * The desired-retention trade-off: expected reviews per day over the next `horizonDays` (default 365) of the
 * user's current cards, for each desired retention (default 0.80, 0.81, …, 0.97).
 *
 * Method: the expectation of FSRS scheduling computed as a Markov chain over memory states, not a Monte Carlo
 * run, so the curve has no sampling noise. Every non-suspended card is reviewed when its R falls to the desired
 * retention (interval max(1, round(S·(r^(1/C) - 1)/F)) days, capped at the maximum interval, ordered as ts-fsrs
 * orders Hard/Good/Easy; an overdue card today). At a review it is recalled with the predicted R and then rated
 * Hard/Good/Easy with the FSRS simulator's default probabilities, or forgotten (Again, then `relearningSteps`
 * same-day reviews rated Good). Each outcome's probability moves to its next review day with the
 * stability/difficulty FSRS gives it (the user's weights), spread bilinearly over a grid of (ln S, D) so each
 * grid state's transitions are computed once and the mean ln S and D are kept (rounding to the nearest grid
 * point instead overestimates the workload by ~5%). Checked against Monte Carlo runs of simulateStudy with the
 * same model (200 new cards, 365 days, 20 seeds at r = 0.9): +2%. New cards are assumed learned today (first
 * rating from the simulator's first-rating probabilities; learning steps not counted). Every review and every
 * relearning step counts as one review. The cost depends on the grid and the horizon, hardly on the number of
 * cards: 1–2 s for the 18 default retentions and 365 days (2 cores), so run it off the request path or cache it.
 */
export function retentionWorkload(
  cards: readonly (TMemoryState & { suspended?: boolean })[],
  now: Date,
  options: TWorkloadOptions = {},
): TWorkloadPoint[] {
  const model = new FSRSAlgorithm({ w: [...(options.weights ?? DEFAULT_WEIGHTS)] });
  const w = model.parameters.w;
  const horizon = options.horizonDays ?? 365;
  const maxInterval = options.maximumIntervalDays ?? 36500;
  const relearning = options.relearningSteps ?? 1;
  const { firstRatingProbabilities: first, recallRatingProbabilities: recall } = DEFAULT_LEARNER_PROFILE;
  const today = dayNumber(now);
  const active = cards.filter((c) => !c.suspended);

  return (options.retentions ?? WORKLOAD_RETENTIONS).map((r) => {
    const intervalFor = (s: number) => Math.min(maxInterval, Math.max(1, Math.round(daysUntilRetention(s, r, w))));

    // Grid nodes: a memory state and the days until its review. Flat arrays: the day loop below is the hot path.
    const stability: number[] = [];
    const difficulty: number[] = [];
    const interval: number[] = [];
    const nodeIndex = new Map<string, number>();
    const nodeFor = (s: number, d: number, days: number): number => {
      const key = `${s}|${d}|${days}`;
      let i = nodeIndex.get(key);
      if (i === undefined) {
        i = stability.push(s) - 1;
        difficulty.push(d);
        interval.push(days);
        nodeIndex.set(key, i);
      }
      return i;
    };
    /** The grid nodes around a memory state, weighted bilinearly; each node's interval is its own, bounded as
     * `bound` says. */
    const spread = (s: FSRSState, probability: number, bound: (days: number) => number = (days) => days): TOutcome[] => {
      const x = Math.log(Math.max(S_MIN, s.stability)) * STABILITY_GRID;
      const y = s.difficulty * DIFFICULTY_GRID;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const out: TOutcome[] = [];
      for (const [gx, wx] of [[x0, 1 - (x - x0)], [x0 + 1, x - x0]] as const) {
        for (const [gy, wy] of [[y0, 1 - (y - y0)], [y0 + 1, y - y0]] as const) {
          if (wx * wy <= 0) continue;
          const gs = Math.max(S_MIN, Math.exp(gx / STABILITY_GRID));
          out.push({ node: nodeFor(gs, gy / DIFFICULTY_GRID, bound(intervalFor(gs))), probability: probability * wx * wy });
        }
      }
      return out;
    };
    /** One review of state `s` after `elapsed` days: its expected reviews and where its outcomes go. Intervals are
     * ordered as ts-fsrs orders them in review: Hard ≤ Good, Good ≥ Hard + 1 day, Easy ≥ Good + 1 day. */
    const review = (s: FSRSState, elapsed: number): { cost: number; outcomes: TOutcome[] } => {
      const recallP = retrievability(elapsed, s.stability, w);
      let lapsed = model.next_state(s, elapsed, 1);
      for (let i = 0; i < relearning; i++) lapsed = model.next_state(lapsed, 0, 3);
      const [hard, good, easy] = ([2, 3, 4] as const).map((g) => model.next_state(s, elapsed, g)) as [FSRSState, FSRSState, FSRSState];
      const hardInterval = Math.min(intervalFor(hard.stability), intervalFor(good.stability));
      const goodInterval = Math.max(intervalFor(good.stability), hardInterval + 1);
      return {
        cost: 1 + (1 - recallP) * relearning,
        outcomes: [
          ...spread(lapsed, 1 - recallP),
          ...spread(hard, recallP * recall[0], (days) => Math.min(days, goodInterval)),
          ...spread(good, recallP * recall[1], (days) => Math.max(days, hardInterval + 1)),
          ...spread(easy, recallP * recall[2], (days) => Math.max(days, goodInterval + 1)),
        ],
      };
    };

    // pending[day * capacity + node]: probability mass (in cards) reviewed on `day` in `node`'s state.
    let capacity = 512;
    let pending = new Float64Array(horizon * capacity);
    const grow = () => {
      if (stability.length <= capacity) return;
      let next = capacity;
      while (stability.length > next) next *= 2;
      const grown = new Float64Array(horizon * next);
      for (let d = 0; d < horizon; d++) grown.set(pending.subarray(d * capacity, (d + 1) * capacity), d * next);
      pending = grown;
      capacity = next;
    };
    const send = (day: number, outcomes: readonly TOutcome[], probability: number) => {
      grow();
      for (const o of outcomes) {
        const at = day + interval[o.node]!;
        if (at < horizon) pending[at * capacity + o.node]! += probability * o.probability;
      }
    };

    let total = 0;
    for (const c of active) {
      if (c.state === 'new' || c.lastReview === null || !(c.stability > 0)) {
        total += 1;
        send(0, first.flatMap((p, i) => spread(model.next_state(null, 0, i + 1), p)), 1);
        continue;
      }
      const lastDay = dayNumber(c.lastReview);
      const day = Math.max(0, lastDay + intervalFor(c.stability) - today);
      if (day >= horizon) continue;
      const { cost, outcomes } = review({ stability: c.stability, difficulty: c.difficulty }, day + today - lastDay);
      total += cost;
      send(day, outcomes, 1);
    }

    // Each node's review, once computed: its cost and its outcomes (merged per target) in flat arrays.
    const cost: number[] = [];
    const outcomeStart: number[] = [];
    const outcomeEnd: number[] = [];
    const targets: number[] = [];
    const delays: number[] = [];
    const probabilities: number[] = [];
    const compute = (i: number) => {
      const { cost: c, outcomes } = review({ stability: stability[i]!, difficulty: difficulty[i]! }, interval[i]!);
      const merged = new Map<number, number>();
      for (const o of outcomes) merged.set(o.node, (merged.get(o.node) ?? 0) + o.probability);
      cost[i] = c;
      outcomeStart[i] = targets.length;
      for (const [t, p] of merged) {
        targets.push(t);
        delays.push(interval[t]!);
        probabilities.push(p);
      }
      outcomeEnd[i] = targets.length;
      grow();
    };
    for (let day = 0; day < horizon; day++) {
      // Nodes created while this day is processed are only ever sent to later days (intervals are ≥ 1).
      const count = stability.length;
      for (let i = 0; i < count; i++) {
        const probability = pending[day * capacity + i]!;
        if (probability === 0) continue;
        if (cost[i] === undefined) compute(i);
        total += probability * cost[i]!;
        for (let k = outcomeStart[i]!; k < outcomeEnd[i]!; k++) {
          const at = day + delays[k]!;
          if (at < horizon) pending[at * capacity + targets[k]!]! += probability * probabilities[k]!;
        }
      }
    }
    return { desiredRetention: r, reviewsPerDay: total / horizon, totalReviews: total };
  });
}
