import type { TRating } from '@recurrence/contracts';
import { type Card, type Grade, State, fsrs, generatorParameters, type FSRS } from 'ts-fsrs';
import type { TMemoryState } from './memory-state';

/** A (re)learning step as ts-fsrs spells it: minutes, hours or days, e.g. '1m', '10m', '1h', '1d'. */
export type TStepUnit = `${number}${'m' | 'h' | 'd'}`;

/** Per-user scheduling settings. Defaults follow FSRS: retention 0.90, intervals up to 100 years reduced to 36500 days. */
export type TSchedulerSettings = {
  desiredRetention: number;
  maximumIntervalDays: number;
  enableFuzz: boolean;
  /** The user's FSRS-6 parameters (21 numbers, e.g. from optimizeParameters); the FSRS defaults when absent. */
  weights?: readonly number[];
  /** Same-day steps of a new card; ts-fsrs's default ['1m', '10m'] when absent. */
  learningSteps?: readonly TStepUnit[];
  /** Same-day steps after a lapse; ts-fsrs's default ['10m'] when absent. */
  relearningSteps?: readonly TStepUnit[];
};

export const DEFAULT_SCHEDULER_SETTINGS: TSchedulerSettings = { desiredRetention: 0.9, maximumIntervalDays: 36500, enableFuzz: true };

const toFsrsState = { new: State.New, learning: State.Learning, review: State.Review, relearning: State.Relearning } as const;
const fromFsrsState = ['new', 'learning', 'review', 'relearning'] as const;

function toFsrsCard(s: TMemoryState): Card {
  return {
    due: s.due,
    stability: s.stability,
    difficulty: s.difficulty,
    elapsed_days: 0,
    scheduled_days: s.scheduledDays,
    learning_steps: s.learningSteps,
    reps: s.reps,
    lapses: s.lapses,
    state: toFsrsState[s.state],
    ...(s.lastReview ? { last_review: s.lastReview } : {}),
  };
}

function fromFsrsCard(c: Card): TMemoryState {
  return {
    state: fromFsrsState[c.state],
    due: c.due,
    stability: c.stability,
    difficulty: c.difficulty,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    lastReview: c.last_review ?? null,
  };
}

export type TScheduler = {
  /** The memory state after rating a card at `now`. */
  scheduleNext(state: TMemoryState, rating: TRating, now: Date): TMemoryState;
  /** What each of the four ratings would give at `now`. */
  preview(state: TMemoryState, now: Date): Record<TRating, TMemoryState>;
};

export function createScheduler(settings: TSchedulerSettings = DEFAULT_SCHEDULER_SETTINGS): TScheduler {
  const f: FSRS = fsrs(
    generatorParameters({
      request_retention: settings.desiredRetention,
      maximum_interval: settings.maximumIntervalDays,
      enable_fuzz: settings.enableFuzz,
      ...(settings.weights ? { w: [...settings.weights] } : {}),
      ...(settings.learningSteps ? { learning_steps: [...settings.learningSteps] } : {}),
      ...(settings.relearningSteps ? { relearning_steps: [...settings.relearningSteps] } : {}),
    }),
  );
  return {
    scheduleNext: (state, rating, now) => fromFsrsCard(f.next(toFsrsCard(state), now, rating as Grade).card),
    preview: (state, now) => {
      const p = f.repeat(toFsrsCard(state), now);
      return {
        1: fromFsrsCard(p[1 as Grade].card),
        2: fromFsrsCard(p[2 as Grade].card),
        3: fromFsrsCard(p[3 as Grade].card),
        4: fromFsrsCard(p[4 as Grade].card),
      };
    },
  };
}

/**
 * Anki's "Forget": the card becomes new again, due now, its memory state cleared (ts-fsrs `forget`); its repetition
 * and lapse counts are kept, as Anki keeps them by default.
 */
export function forgetMemoryState(state: TMemoryState, now: Date): TMemoryState {
  return fromFsrsCard(fsrs().forget(toFsrsCard(state), now, false).card);
}
