import type { TRating } from '@recurrence/contracts';
import { FSRSAlgorithm, type FSRSState } from 'ts-fsrs';
import { dayNumber, type TTimeZone } from './calendar-day';
import { DEFAULT_WEIGHTS, retrievability } from './forgetting-curve';

/** One rating of one card, as the review log stores it. */
export type TReviewLogEntry = { cardId: string; rating: TRating; reviewedAt: Date };

/**
 * Reviews FSRS can learn from (see countTrainingReviews) needed before fitting a user's own parameters.
 *
 * Why 400: fsrs-rs returns the defaults below 8 such reviews and fits only the four initial stabilities below 64;
 * the Anki manual (FSRS health check) says FSRS does not perform well with "less than a few hundred" reviews.
 * 400 is "a few hundred": enough for the full 21-parameter fit to beat the defaults on a simulated learner
 * (optimizer.test.ts), few enough that a daily user gets there in weeks, not months.
 */
export const MIN_REVIEWS_FOR_OPTIMIZATION = 400;

export type TCardReview = { rating: TRating; deltaT: number; reviewedAt: Date };
/** A card's reviews in time order; `deltaT` is whole days since the previous review (0 for the first). */
export type TCardHistory = { cardId: string; reviews: TCardReview[] };

/**
 * Groups a review log into per-card histories, FSRS's way: reviews sorted by time, delta_t the number of
 * calendar days between consecutive reviews (days in `timeZone`; UTC, as ts-fsrs counts them, by default), so
 * same-day (re)learning steps have delta_t 0 and the first review of a card has delta_t 0.
 */
export function buildCardHistories(log: readonly TReviewLogEntry[], timeZone: TTimeZone = 'UTC'): TCardHistory[] {
  const byCard = new Map<string, TReviewLogEntry[]>();
  for (const entry of log) {
    const list = byCard.get(entry.cardId);
    if (list) list.push(entry);
    else byCard.set(entry.cardId, [entry]);
  }
  const histories: TCardHistory[] = [];
  for (const [cardId, entries] of byCard) {
    const sorted = [...entries].sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
    let previousDay: number | null = null;
    const reviews = sorted.map((e) => {
      const day = dayNumber(e.reviewedAt, timeZone);
      const deltaT = previousDay === null ? 0 : day - previousDay;
      previousDay = day;
      return { rating: e.rating, deltaT, reviewedAt: e.reviewedAt };
    });
    histories.push({ cardId, reviews });
  }
  return histories;
}

/** The prediction targets of FSRS: every review after a card's first one with delta_t > 0 (not a same-day step). */
function isTrainingReview(review: TCardReview, index: number): boolean {
  return index > 0 && review.deltaT > 0;
}

export function countTrainingReviews(histories: readonly TCardHistory[]): number {
  return histories.reduce((n, h) => n + h.reviews.filter(isTrainingReview).length, 0);
}

/** One training item for fsrs-rs: a card's reviews up to and including one training review. */
export type TTrainingItem = { reviewedAt: Date; reviews: { rating: TRating; deltaT: number }[] };

/**
 * The training set, fsrs-rs's way (its `anki_to_fsrs`): one item per training review, holding the card's
 * reviews up to and including it, ordered by the time of that review — fsrs-rs weights recent items more and
 * expects this order.
 */
export function toTrainingItems(histories: readonly TCardHistory[]): TTrainingItem[] {
  const items: TTrainingItem[] = [];
  for (const h of histories) {
    h.reviews.forEach((review, i) => {
      if (!isTrainingReview(review, i)) return;
      items.push({ reviewedAt: review.reviewedAt, reviews: h.reviews.slice(0, i + 1).map((r) => ({ rating: r.rating, deltaT: r.deltaT })) });
    });
  }
  return items.sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
}

export type TWeightsEvaluation = { logLoss: number; rmseBins: number; reviews: number };

const P_MIN = 1e-4;

/** fsrs-rs's `r_matrix_index` bins: interval, number of long-term reviews, number of lapses, on log scales. */
function rmseBin(deltaT: number, longTermReviews: number, lapses: number): string {
  const intervalBin = Math.round(2.48 * Math.pow(3.62, Math.floor(Math.log(deltaT) / Math.log(3.62))) * 100);
  const length = longTermReviews + 1;
  const lengthBin = Math.round(1.99 * Math.pow(1.89, Math.floor(Math.log(length) / Math.log(1.89))));
  const lapseBin = lapses === 0 ? 0 : Math.round(1.65 * Math.pow(1.73, Math.floor(Math.log(lapses) / Math.log(1.73))));
  return `${intervalBin}/${lengthBin}/${lapseBin}`;
}

/**
 * How well `weights` predict the user's recalls: each card's history is replayed through FSRS (ts-fsrs
 * `next_state`, short-term updates for same-day steps); before every training review the predicted R is the
 * forgetting curve at delta_t with the stability so far, and the outcome is recall = rating > 1.
 * logLoss: mean binary cross-entropy (unweighted). rmseBins: FSRS's RMSE(bins) — predicted vs actual recall
 * rate per bin of (interval, review count, lapses), weighted by the bin's size.
 */
export function evaluateWeights(histories: readonly TCardHistory[], weights: readonly number[]): TWeightsEvaluation {
  const model = new FSRSAlgorithm({ w: [...weights] });
  const w = model.parameters.w;
  let loss = 0;
  let n = 0;
  const bins = new Map<string, { predicted: number; actual: number; count: number }>();
  for (const h of histories) {
    let state: FSRSState | null = null;
    let longTerm = 0;
    let lapses = 0;
    h.reviews.forEach((review, i) => {
      if (state && isTrainingReview(review, i)) {
        const p = Math.min(1 - P_MIN, Math.max(P_MIN, retrievability(review.deltaT, state.stability, w)));
        const y = review.rating > 1 ? 1 : 0;
        loss -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
        n++;
        const key = rmseBin(review.deltaT, longTerm + 1, lapses);
        const bin = bins.get(key) ?? { predicted: 0, actual: 0, count: 0 };
        bin.predicted += p;
        bin.actual += y;
        bin.count += 1;
        bins.set(key, bin);
      }
      if (i > 0 && review.deltaT > 0) {
        longTerm++;
        if (review.rating === 1) lapses++;
      }
      state = model.next_state(state, i === 0 ? 0 : review.deltaT, review.rating);
    });
  }
  let squared = 0;
  for (const b of bins.values()) squared += ((b.predicted - b.actual) / b.count) ** 2 * b.count;
  return { logLoss: n === 0 ? Number.NaN : loss / n, rmseBins: n === 0 ? Number.NaN : Math.sqrt(squared / n), reviews: n };
}

export type TOptimizeOptions = {
  /** The weights in use now (the comparison baseline); the FSRS defaults when absent. */
  currentWeights?: readonly number[];
  /** Where the user's day starts: offset of their zone from UTC in minutes. Default 0 (UTC days, like ts-fsrs). */
  timeZone?: TTimeZone;
  /** Fit the same-day (short-term) parameters too. Default true, as our scheduler uses learning steps. */
  enableShortTerm?: boolean;
  /** Length of the relearning steps in use (bounds w17/w18). Default 1 (ts-fsrs's ['10m']). */
  numRelearningSteps?: number;
};

export type TOptimizeResult =
  | { status: 'not-enough-reviews'; have: number; need: number }
  | {
      status: 'ok';
      /** 21 FSRS-6 parameters fitted by fsrs-rs. */
      weights: number[];
      reviewsUsed: number;
      logLossBefore: number;
      logLossAfter: number;
      rmseBefore: number;
      rmseAfter: number;
      /** logLossAfter < logLossBefore: only then should the new weights replace the current ones. */
      improved: boolean;
    };

/**
 * Fits a user's FSRS parameters to their own review log with fsrs-rs (through @open-spaced-repetition/binding),
 * then scores the old and new parameters on the same log with evaluateWeights.
 */
export async function optimizeParameters(log: readonly TReviewLogEntry[], options: TOptimizeOptions = {}): Promise<TOptimizeResult> {
  const histories = buildCardHistories(log, options.timeZone ?? 'UTC');
  const have = countTrainingReviews(histories);
  if (have < MIN_REVIEWS_FOR_OPTIMIZATION) return { status: 'not-enough-reviews', have, need: MIN_REVIEWS_FOR_OPTIMIZATION };

  // Loaded on use: the native optimizer is only needed here, not by whoever imports the scheduler.
  const { computeParameters, FSRSBindingItem, FSRSBindingReview } = await import('@open-spaced-repetition/binding');
  const items = toTrainingItems(histories).map((item) => new FSRSBindingItem(item.reviews.map((r) => new FSRSBindingReview(r.rating, r.deltaT))));
  const fitted = await computeParameters(items, {
    enableShortTerm: options.enableShortTerm ?? true,
    numRelearningSteps: options.numRelearningSteps ?? 1,
  });
  if (fitted.length !== 21 || !fitted.every(Number.isFinite)) {
    throw new Error(`the FSRS optimizer returned ${fitted.length} parameters, expected 21 finite numbers`);
  }
  const weights = fitted.map((w) => Number(w.toFixed(4)));
  const before = evaluateWeights(histories, options.currentWeights ?? DEFAULT_WEIGHTS);
  const after = evaluateWeights(histories, weights);
  return {
    status: 'ok',
    weights,
    reviewsUsed: have,
    logLossBefore: before.logLoss,
    logLossAfter: after.logLoss,
    rmseBefore: before.rmseBins,
    rmseAfter: after.rmseBins,
    improved: after.logLoss < before.logLoss,
  };
}
