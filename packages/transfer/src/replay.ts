/**
 * Review history → FSRS memory state: each card's reviews are replayed in time order through the scheduler, as if
 * they had been made in Recurrence, so the intervals a user earned elsewhere carry over. Returns the log entries
 * (state before and after each review) and the final state of each card.
 */
import { newMemoryState, type TMemoryState, type TScheduler } from '@recurrence/srs';
import type { TImportedReview } from './types';

export type TReplayedReview = TImportedReview & { before: TMemoryState; after: TMemoryState };
export type TReplayedCard = { noteSlug: string; ordinal: number; state: TMemoryState; reviews: TReplayedReview[] };

export function replayReviews(reviews: readonly TImportedReview[], scheduler: TScheduler): TReplayedCard[] {
  const byCard = new Map<string, TImportedReview[]>();
  for (const r of reviews) {
    const key = `${r.noteSlug}\u0000${r.ordinal}`;
    const list = byCard.get(key) ?? [];
    list.push(r);
    byCard.set(key, list);
  }
  const out: TReplayedCard[] = [];
  for (const list of byCard.values()) {
    list.sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
    const first = list[0]!;
    let state = newMemoryState(first.reviewedAt);
    const replayed: TReplayedReview[] = [];
    for (const r of list) {
      const after = scheduler.scheduleNext(state, r.rating, r.reviewedAt);
      replayed.push({ ...r, before: state, after });
      state = after;
    }
    out.push({ noteSlug: first.noteSlug, ordinal: first.ordinal, state, reviews: replayed });
  }
  return out;
}
