import type { TCardState } from '@recurrence/contracts';

/** One user's FSRS memory state of one card, as stored (CardState row) and as logged (ReviewLog before/after). */
export type TMemoryState = {
  state: TCardState;
  due: Date;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  lastReview: Date | null;
};

export function newMemoryState(now: Date): TMemoryState {
  return { state: 'new', due: now, stability: 0, difficulty: 0, scheduledDays: 0, learningSteps: 0, reps: 0, lapses: 0, lastReview: null };
}

/** The JSON form kept in the review log (dates as ISO strings). */
export type TMemoryStateJson = Omit<TMemoryState, 'due' | 'lastReview'> & { due: string; lastReview: string | null };

export function memoryStateToJson(s: TMemoryState): TMemoryStateJson {
  return { ...s, due: s.due.toISOString(), lastReview: s.lastReview?.toISOString() ?? null };
}

export function memoryStateFromJson(s: TMemoryStateJson): TMemoryState {
  return { ...s, due: new Date(s.due), lastReview: s.lastReview === null ? null : new Date(s.lastReview) };
}
