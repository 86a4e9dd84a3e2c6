import type { TRating } from '@recurrence/contracts';
import { FSRSAlgorithm, type FSRSState } from 'ts-fsrs';
import { dayNumber, dayNumberToIsoDate, MS_PER_DAY } from './calendar-day';
import { DEFAULT_WEIGHTS, retrievability } from './forgetting-curve';
import type { TMemoryState } from './memory-state';
import type { TScheduler } from './scheduler';

/**
 * A deterministic simulated learner, for tests and for the planner's projections.
 *
 * Memory model: the learner's *true* memory of each card follows FSRS-6 with the profile's weights — the power
 * forgetting curve R(t, S) = (1 + F·t/S)^C (t in whole UTC days since the last review, C = -w20,
 * F = 0.9^(1/C) - 1) and stability/difficulty updated after every review by the FSRS rules (ts-fsrs's
 * `next_state`, short-term update for same-day reviews). A review is recalled with probability R; a recalled
 * card is rated Hard/Good/Easy with fixed probabilities, a forgotten one Again. A card seen for the first time
 * gets a rating from a separate distribution (did the learner already know it?). Both distributions default to
 * the FSRS simulator's (fsrs-rs `SimulatorConfig`). Randomness comes from a seeded PRNG, so a seed is a learner.
 */

/** Mulberry32: a small, fast, seedable PRNG with uniform output in [0, 1). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type TLearnerProfile = {
  /** The FSRS-6 parameters of the learner's true memory. */
  weights: readonly number[];
  /** P(Again, Hard, Good, Easy) on a card's first presentation. */
  firstRatingProbabilities: readonly [number, number, number, number];
  /** P(Hard, Good, Easy) given the card was recalled. */
  recallRatingProbabilities: readonly [number, number, number];
};

export const DEFAULT_LEARNER_PROFILE: TLearnerProfile = {
  weights: DEFAULT_WEIGHTS,
  firstRatingProbabilities: [0.24, 0.094, 0.495, 0.171],
  recallRatingProbabilities: [0.224, 0.631, 0.145],
};

export type TSimulatedLearner = {
  /** The probability that the learner recalls the card at `at`; 0 for a card never studied. */
  recallProbability(card: number, at: Date): number;
  /** Shows the card at `at`: the learner answers and its true memory is updated. */
  answer(card: number, at: Date): TRating;
  /** Tests the learner (e.g. in the interview) without updating its memory. */
  recalls(card: number, at: Date): boolean;
  /** Starts the learner's true memory of a card from a scheduler state (to project an existing collection). */
  remember(card: number, state: TMemoryState): void;
};

type TTrueMemory = FSRSState & { lastDay: number };

function pick<T>(random: () => number, values: readonly T[], probabilities: readonly number[]): T {
  const total = probabilities.reduce((a, b) => a + b, 0);
  let u = random() * total;
  for (let i = 0; i < values.length; i++) {
    u -= probabilities[i] ?? 0;
    if (u < 0) return values[i]!;
  }
  return values[values.length - 1]!;
}

export function createSimulatedLearner(options: { seed: number; profile?: Partial<TLearnerProfile> }): TSimulatedLearner {
  const profile = { ...DEFAULT_LEARNER_PROFILE, ...options.profile };
  const random = createRandom(options.seed);
  const model = new FSRSAlgorithm({ w: [...profile.weights] });
  const memory = new Map<number, TTrueMemory>();

  const recallProbability = (card: number, at: Date): number => {
    const m = memory.get(card);
    return m ? retrievability(dayNumber(at) - m.lastDay, m.stability, profile.weights) : 0;
  };

  return {
    recallProbability,
    answer(card, at) {
      const today = dayNumber(at);
      const m = memory.get(card);
      let rating: TRating;
      if (!m) {
        rating = pick(random, [1, 2, 3, 4] as const, profile.firstRatingProbabilities);
        memory.set(card, { ...model.next_state(null, 0, rating), lastDay: today });
        return rating;
      }
      const elapsed = Math.max(0, today - m.lastDay);
      const recalled = random() < retrievability(elapsed, m.stability, profile.weights);
      rating = recalled ? pick(random, [2, 3, 4] as const, profile.recallRatingProbabilities) : 1;
      memory.set(card, { ...model.next_state(m, elapsed, rating), lastDay: today });
      return rating;
    },
    recalls: (card, at) => random() < recallProbability(card, at),
    remember(card, state) {
      if (state.state === 'new' || !(state.stability > 0) || state.lastReview === null) return;
      memory.set(card, { stability: state.stability, difficulty: state.difficulty, lastDay: dayNumber(state.lastReview) });
    },
  };
}

export type TSimulatedReview = { card: number; rating: TRating; reviewedAt: Date };

/** One simulated study day. `due`: cards due at the start of the session (the demand); `reviews`: how many of
 * them were reviewed (at most the review limit); `newCards`: cards introduced. Same-day (re)learning steps are
 * not counted: they follow from the first touch of the day. */
export type TStudyDay = { date: string; due: number; reviews: number; newCards: number };

export type TStudySimulation = { states: TMemoryState[]; days: TStudyDay[]; log: TSimulatedReview[] };

export type TStudySimulationInput = {
  /** The cards' scheduler states at the start; new cards are introduced in this order. */
  states: readonly TMemoryState[];
  learner: TSimulatedLearner;
  scheduler: TScheduler;
  /** The first study day (its UTC day); the session of each day starts at `sessionHourUtc`. */
  from: Date;
  days: number;
  /** New cards to introduce on day i (0-based). */
  newCardsPerDay: number | ((day: number) => number);
  /** Cards due from earlier days reviewed per day at most; the rest wait (oldest due first). Default unlimited. */
  reviewsPerDay?: number;
  /** Applied to every state the scheduler returns, e.g. capDueForInterview. */
  afterRating?: (state: TMemoryState, now: Date) => TMemoryState;
  sessionHourUtc?: number;
  recordLog?: boolean;
};

const MAX_SAME_DAY_REVIEWS_PER_CARD = 20;

/**
 * Plays a study routine day by day: each session reviews the cards due (oldest first, up to the review limit),
 * introduces new cards, then works through same-day (re)learning steps until nothing else is due that day.
 */
export function simulateStudy(input: TStudySimulationInput): TStudySimulation {
  const states = input.states.map((s) => ({ ...s }));
  const { learner, scheduler } = input;
  const reviewLimit = input.reviewsPerDay ?? Number.POSITIVE_INFINITY;
  const newPerDay = typeof input.newCardsPerDay === 'number' ? () => input.newCardsPerDay as number : input.newCardsPerDay;
  const sessionMs = (input.sessionHourUtc ?? 12) * 3_600_000;
  const firstDay = dayNumber(input.from);
  const newQueue = states.flatMap((s, i) => (s.state === 'new' ? [i] : []));
  let nextNew = 0;
  const days: TStudyDay[] = [];
  const log: TSimulatedReview[] = [];

  const rate = (card: number, at: Date): TMemoryState => {
    const rating = learner.answer(card, at);
    if (input.recordLog) log.push({ card, rating, reviewedAt: at });
    let next = scheduler.scheduleNext(states[card]!, rating, at);
    if (input.afterRating) next = input.afterRating(next, at);
    states[card] = next;
    return next;
  };

  for (let i = 0; i < input.days; i++) {
    const dayStart = (firstDay + i) * MS_PER_DAY;
    const dayEnd = dayStart + MS_PER_DAY;
    const session = new Date(dayStart + sessionMs);
    const due = states
      .flatMap((s, card) => (s.state !== 'new' && s.due.getTime() < dayEnd ? [card] : []))
      .sort((a, b) => states[a]!.due.getTime() - states[b]!.due.getTime());
    const toReview = due.slice(0, Math.min(due.length, reviewLimit));
    const toIntroduce: number[] = [];
    const wanted = Math.max(0, Math.floor(newPerDay(i)));
    while (toIntroduce.length < wanted && nextNew < newQueue.length) {
      const card = newQueue[nextNew++]!;
      if (states[card]!.state === 'new') toIntroduce.push(card);
    }

    const sameDay: number[] = [];
    for (const card of [...toReview, ...toIntroduce]) {
      const s = rate(card, session);
      if (s.due.getTime() < dayEnd) sameDay.push(card);
    }
    // Same-day steps in due order; the clock moves forward to each step's due time.
    let clock = session.getTime();
    const touches = new Map<number, number>();
    while (sameDay.length > 0) {
      sameDay.sort((a, b) => states[a]!.due.getTime() - states[b]!.due.getTime());
      const card = sameDay.shift()!;
      const n = (touches.get(card) ?? 0) + 1;
      touches.set(card, n);
      if (n > MAX_SAME_DAY_REVIEWS_PER_CARD) continue;
      clock = Math.max(clock, states[card]!.due.getTime());
      if (clock >= dayEnd) break;
      const s = rate(card, new Date(clock));
      if (s.due.getTime() < dayEnd) sameDay.push(card);
    }
    days.push({ date: dayNumberToIsoDate(firstDay + i), due: due.length, reviews: toReview.length, newCards: toIntroduce.length });
  }
  return { states, days, log };
}
