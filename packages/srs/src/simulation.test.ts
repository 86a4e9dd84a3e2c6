import { describe, expect, it } from 'vitest';
import { newMemoryState, type TMemoryState } from './memory-state';
import { createScheduler } from './scheduler';
import { createRandom, createSimulatedLearner, simulateStudy } from './simulation';

const start = new Date('2026-02-02T08:00:00Z');
const day = (n: number) => new Date(start.getTime() + n * 86_400_000);

describe('createRandom', () => {
  it('is deterministic per seed and uniform enough', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});

describe('createSimulatedLearner', () => {
  it('recalls a card with the probability its true forgetting curve gives', () => {
    const learner = createSimulatedLearner({ seed: 11 });
    const known: TMemoryState = { ...newMemoryState(start), state: 'review', stability: 10, difficulty: 5, lastReview: start, reps: 3 };
    for (let i = 0; i < 4000; i++) learner.remember(i, known);
    // FSRS defines stability as the interval at which R = 0.9.
    expect(learner.recallProbability(0, day(10))).toBeCloseTo(0.9, 6);
    let recalled = 0;
    for (let i = 0; i < 4000; i++) if (learner.recalls(i, day(10))) recalled++;
    expect(recalled / 4000).toBeGreaterThan(0.88);
    expect(recalled / 4000).toBeLessThan(0.92);
    expect(learner.recallProbability(4001, day(10))).toBe(0);
  });

  it('gives the same answers for the same seed', () => {
    const answers = (seed: number) => {
      const learner = createSimulatedLearner({ seed });
      return Array.from({ length: 50 }, (_, i) => learner.answer(i % 5, day(Math.floor(i / 5))));
    };
    expect(answers(3)).toEqual(answers(3));
    expect(answers(3)).not.toEqual(answers(4));
  });
});

describe('simulateStudy', () => {
  it('introduces new cards and reviews due cards within the daily limits', () => {
    const states = Array.from({ length: 40 }, () => newMemoryState(start));
    const run = () =>
      simulateStudy({
        states,
        learner: createSimulatedLearner({ seed: 5 }),
        scheduler: createScheduler(),
        from: start,
        days: 20,
        newCardsPerDay: 5,
        reviewsPerDay: 6,
        recordLog: true,
      });
    const sim = run();
    expect(sim.days.map((d) => d.newCards)).toEqual([5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(sim.days.every((d) => d.reviews <= 6 && d.reviews === Math.min(d.due, 6))).toBe(true);
    expect(sim.days.some((d) => d.due > 6)).toBe(true);
    expect(sim.states.every((s) => s.state !== 'new')).toBe(true);
    expect(sim.log.length).toBeGreaterThan(40 * 2);
    expect(run().log).toEqual(sim.log);
  });
});
