import { describe, expect, it } from 'vitest';
import { createEmptyCard, fsrs, generatorParameters, type Grade } from 'ts-fsrs';
import { memoryStateFromJson, memoryStateToJson, newMemoryState } from './memory-state';
import { createScheduler } from './scheduler';
import { DEFAULT_WEIGHTS } from './forgetting-curve';

describe('scheduleNext', () => {
  it('agrees with ts-fsrs over a scripted sequence of ratings', () => {
    const settings = { desiredRetention: 0.9, maximumIntervalDays: 36500, enableFuzz: false };
    const ours = createScheduler(settings);
    const reference = fsrs(generatorParameters({ request_retention: 0.9, maximum_interval: 36500, enable_fuzz: false }));
    let now = new Date('2026-01-01T09:00:00Z');
    let state = newMemoryState(now);
    let card = createEmptyCard(now);
    for (const rating of [3, 3, 1, 3, 4, 2, 3] as const) {
      state = ours.scheduleNext(state, rating, now);
      card = reference.next(card, now, rating as Grade).card;
      expect(state.due.getTime()).toBe(card.due.getTime());
      expect(state.stability).toBeCloseTo(card.stability, 10);
      expect(state.difficulty).toBeCloseTo(card.difficulty, 10);
      expect(state.reps).toBe(card.reps);
      expect(state.lapses).toBe(card.lapses);
      now = state.due;
    }
    expect(state.lapses).toBe(1);
    expect(state.state).toBe('review');
  });

  it('previews later intervals for higher ratings of a new card', () => {
    const now = new Date('2026-01-01T09:00:00Z');
    const p = createScheduler({ desiredRetention: 0.9, maximumIntervalDays: 36500, enableFuzz: false }).preview(newMemoryState(now), now);
    expect(p[1].due.getTime()).toBeLessThan(p[3].due.getTime());
    expect(p[3].due.getTime()).toBeLessThan(p[4].due.getTime());
  });

  it("schedules with the user's own weights when given", () => {
    const now = new Date('2026-01-01T09:00:00Z');
    const weights = DEFAULT_WEIGHTS.map((w, i) => (i === 2 ? 5 : w));
    const own = createScheduler({ desiredRetention: 0.9, maximumIntervalDays: 36500, enableFuzz: false, weights, learningSteps: [] });
    expect(own.scheduleNext(newMemoryState(now), 3, now).stability).toBe(5);
    const withDefaults = createScheduler({ desiredRetention: 0.9, maximumIntervalDays: 36500, enableFuzz: false, learningSteps: [] });
    expect(withDefaults.scheduleNext(newMemoryState(now), 3, now).stability).toBe(DEFAULT_WEIGHTS[2]);
  });

  it('round-trips the memory state through its logged JSON form', () => {
    const now = new Date('2026-01-01T09:00:00Z');
    const s = createScheduler().scheduleNext(newMemoryState(now), 3, now);
    expect(memoryStateFromJson(JSON.parse(JSON.stringify(memoryStateToJson(s))))).toEqual(s);
  });
});
