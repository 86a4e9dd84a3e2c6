import { describe, expect, it } from 'vitest';
import { FSRSBinding, type MemoryState } from '@open-spaced-repetition/binding';
import { DEFAULT_WEIGHTS, retrievability } from './forgetting-curve';
import { newMemoryState } from './memory-state';
import {
  buildCardHistories,
  countTrainingReviews,
  evaluateWeights,
  MIN_REVIEWS_FOR_OPTIMIZATION,
  optimizeParameters,
  toTrainingItems,
  type TReviewLogEntry,
} from './optimizer';
import { createScheduler } from './scheduler';
import { createSimulatedLearner, simulateStudy } from './simulation';

const at = (iso: string) => new Date(iso);

/** A learner whose memory differs from the FSRS defaults: higher initial stabilities, faster-growing stability,
 * a steeper forgetting curve (decay 0.35 instead of 0.1542). */
const TRUE_WEIGHTS = DEFAULT_WEIGHTS.map((w, i) => ({ 0: 0.6, 1: 2.4, 2: 5, 3: 16, 8: 1.4, 20: 0.35 })[i] ?? w);

function simulatedLog(cards: number, days: number, newPerDay: number, seed: number): TReviewLogEntry[] {
  const from = new Date('2026-01-05T08:00:00Z');
  const sim = simulateStudy({
    states: Array.from({ length: cards }, () => newMemoryState(from)),
    learner: createSimulatedLearner({ seed, profile: { weights: TRUE_WEIGHTS } }),
    scheduler: createScheduler(),
    from,
    days,
    newCardsPerDay: newPerDay,
    recordLog: true,
  });
  return sim.log.map((r) => ({ cardId: `card-${r.card}`, rating: r.rating, reviewedAt: r.reviewedAt }));
}

describe('buildCardHistories', () => {
  const log: TReviewLogEntry[] = [
    { cardId: 'b', rating: 3, reviewedAt: at('2026-01-01T10:00:00Z') },
    { cardId: 'a', rating: 3, reviewedAt: at('2026-01-03T23:30:00Z') },
    { cardId: 'a', rating: 3, reviewedAt: at('2026-01-01T10:00:00Z') },
    { cardId: 'a', rating: 1, reviewedAt: at('2026-01-01T10:10:00Z') },
    { cardId: 'a', rating: 3, reviewedAt: at('2026-01-04T00:30:00Z') },
  ];

  it('sorts each card by time and counts calendar days between reviews', () => {
    const a = buildCardHistories(log).find((h) => h.cardId === 'a')!;
    expect(a.reviews.map((r) => [r.rating, r.deltaT])).toEqual([[3, 0], [1, 0], [3, 2], [3, 1]]);
  });

  it('takes the day boundary in the given time zone', () => {
    // One hour west of UTC (Etc/GMT+1) the last two reviews (22:30 and 23:30 local) fall on the same day.
    const a = buildCardHistories(log, 'Etc/GMT+1').find((h) => h.cardId === 'a')!;
    expect(a.reviews.map((r) => r.deltaT)).toEqual([0, 0, 2, 0]);
  });

  it('makes one training item per review after the first with delta_t > 0, oldest first', () => {
    const histories = buildCardHistories(log);
    expect(countTrainingReviews(histories)).toBe(2);
    const items = toTrainingItems(histories);
    expect(items.map((i) => i.reviews.map((r) => [r.rating, r.deltaT]))).toEqual([
      [[3, 0], [1, 0], [3, 2]],
      [[3, 0], [1, 0], [3, 2], [3, 1]],
    ]);
  });
});

describe('evaluateWeights', () => {
  it('predicts recall like fsrs-rs does (cross-checked against the binding)', () => {
    const histories = buildCardHistories([
      { cardId: 'x', rating: 3, reviewedAt: at('2026-01-01T10:00:00Z') },
      { cardId: 'x', rating: 3, reviewedAt: at('2026-01-01T10:10:00Z') },
      { cardId: 'x', rating: 3, reviewedAt: at('2026-01-04T10:00:00Z') },
      { cardId: 'x', rating: 1, reviewedAt: at('2026-01-20T10:00:00Z') },
      { cardId: 'x', rating: 2, reviewedAt: at('2026-01-21T10:00:00Z') },
      { cardId: 'x', rating: 4, reviewedAt: at('2026-01-26T10:00:00Z') },
    ]);
    // Replay through fsrs-rs's own state transitions and score the same predictions by hand.
    const fsrs = new FSRSBinding([...DEFAULT_WEIGHTS]);
    const names = { 1: 'again', 2: 'hard', 3: 'good', 4: 'easy' } as const;
    let state: MemoryState | null = null;
    let loss = 0;
    let n = 0;
    histories[0]!.reviews.forEach((r, i) => {
      if (state && i > 0 && r.deltaT > 0) {
        const p = retrievability(r.deltaT, state.stability);
        loss -= r.rating > 1 ? Math.log(p) : Math.log(1 - p);
        n++;
      }
      state = fsrs.nextStates(state, 0.9, r.deltaT)[names[r.rating]].memory;
    });
    const ours = evaluateWeights(histories, DEFAULT_WEIGHTS);
    expect(ours.reviews).toBe(4);
    expect(ours.logLoss).toBeCloseTo(loss / n, 3);
  });
});

describe('optimizeParameters', () => {
  it('declines below the minimum, saying how many reviews it has and needs', async () => {
    const log = simulatedLog(60, 30, 3, 1);
    const have = countTrainingReviews(buildCardHistories(log));
    expect(have).toBeGreaterThan(0);
    expect(have).toBeLessThan(MIN_REVIEWS_FOR_OPTIMIZATION);
    expect(await optimizeParameters(log)).toEqual({ status: 'not-enough-reviews', have, need: MIN_REVIEWS_FOR_OPTIMIZATION });
  });

  it("fits a simulated learner's memory better than the default parameters", async () => {
    const log = simulatedLog(300, 120, 10, 42);
    const started = performance.now();
    const result = await optimizeParameters(log);
    const fitMs = performance.now() - started;
    if (result.status !== 'ok') throw new Error(`expected a fit, got ${JSON.stringify(result)}`);
    expect(result.weights).toHaveLength(21);
    expect(result.weights.every(Number.isFinite)).toBe(true);
    expect(result.reviewsUsed).toBeGreaterThanOrEqual(MIN_REVIEWS_FOR_OPTIMIZATION);
    expect(result.logLossAfter).toBeLessThanOrEqual(result.logLossBefore + 1e-3);
    expect(result.improved).toBe(true);
    expect(result.rmseAfter).toBeLessThan(result.rmseBefore);
    // As good as knowing the learner's true parameters (in-sample).
    const truth = evaluateWeights(buildCardHistories(log), TRUE_WEIGHTS);
    expect(result.logLossAfter).toBeLessThanOrEqual(truth.logLoss + 0.005);
    console.info(
      `optimizer: ${log.length} log entries, ${result.reviewsUsed} training reviews, fit ${fitMs.toFixed(0)} ms; ` +
        `log loss ${result.logLossBefore.toFixed(4)} (defaults) -> ${result.logLossAfter.toFixed(4)} (fitted), ` +
        `${truth.logLoss.toFixed(4)} (true weights); RMSE(bins) ${result.rmseBefore.toFixed(4)} -> ${result.rmseAfter.toFixed(4)}`,
    );
  });

  it('compares against the current weights when given', async () => {
    const log = simulatedLog(300, 120, 10, 42);
    const result = await optimizeParameters(log, { currentWeights: TRUE_WEIGHTS });
    if (result.status !== 'ok') throw new Error('expected a fit');
    expect(result.logLossBefore).toBeCloseTo(evaluateWeights(buildCardHistories(log), TRUE_WEIGHTS).logLoss, 10);
  });
});
