/**
 * The card browser (`GET /decks/:deckId/browse`): a deck's cards with the signed-in user's scheduling state, found by
 * text, tag, state and section; a card's review history; and the actions on one card (suspend, unsuspend, reset,
 * reschedule).
 */
import { z } from 'zod';
import { ZCardState, ZCardView, ZRating } from './study';

/**
 * What the state filter matches. new / learning / review / relearning: the card's memory state (suspended and buried
 * cards included, as in Anki's `is:new`); suspended; buried (until a later day); due: what study would show now —
 * learning, review or relearning, due now, neither suspended nor buried.
 */
export const BROWSE_STATES = ['new', 'learning', 'review', 'relearning', 'suspended', 'buried', 'due'] as const;
export const ZBrowseState = z.enum(BROWSE_STATES);
export type TBrowseState = z.infer<typeof ZBrowseState>;

/** Cards per page of the browser; a deck with more is read page by page (`offset`). */
export const BROWSE_PAGE_SIZE = 50;
export const BROWSE_MAX_PAGE_SIZE = 500;
/** Longest search text. */
export const BROWSE_MAX_QUERY_CHARS = 200;

export const ZBrowseQuery = z.strictObject({
  /** Text to find (case-insensitive) in the note's text in either language, its slug or tags. */
  q: z.string().max(BROWSE_MAX_QUERY_CHARS).optional(),
  tag: z.string().min(1).max(40).optional(),
  state: ZBrowseState.optional(),
  section: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(BROWSE_MAX_PAGE_SIZE).default(BROWSE_PAGE_SIZE),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type TBrowseQuery = z.input<typeof ZBrowseQuery>;

/** One card as the browser lists it: the card and the user's scheduling state of it. */
export const ZBrowseCard = z.object({
  card: ZCardView,
  state: ZCardState,
  suspended: z.boolean(),
  /** Hidden from study until this instant (a bury still in effect), else null. */
  buriedUntil: z.iso.datetime().nullable(),
  /** When it is next due; null for a card never studied (new cards come in deck order). */
  due: z.iso.datetime().nullable(),
  /** FSRS memory state: stability in days (the interval at which recall falls to 90 %), difficulty 1–10; null when new. */
  stability: z.number().nullable(),
  difficulty: z.number().nullable(),
  /** Probability of recall now, from the FSRS forgetting curve with the user's parameters; null when new. */
  retrievability: z.number().min(0).max(1).nullable(),
  reps: z.number().int(),
  lapses: z.number().int(),
  lastReview: z.iso.datetime().nullable(),
  /** Optimistic-concurrency token of the card's state (0 when never studied). */
  version: z.number().int(),
});
export type TBrowseCard = z.infer<typeof ZBrowseCard>;

export const ZBrowseResponse = z.object({
  cards: z.array(ZBrowseCard),
  /** Cards matching the filters (the page is `cards`). */
  total: z.number().int(),
  /** Every tag and section of the deck (for the filters), sorted. */
  tags: z.array(z.string()),
  sections: z.array(z.string()),
});
export type TBrowseResponse = z.infer<typeof ZBrowseResponse>;

/** One rating of a card from the review log, with the memory state it left. */
export const ZCardHistoryEntry = z.object({
  id: z.string(),
  reviewedAt: z.iso.datetime(),
  rating: ZRating,
  stateBefore: ZCardState,
  durationMs: z.number().int(),
  /** What the rating scheduled: the state, due time, stability and difficulty after it. */
  state: ZCardState,
  due: z.iso.datetime(),
  stability: z.number(),
  difficulty: z.number(),
  /** Undone ratings stay in the log, marked; statistics skip them. */
  undone: z.boolean(),
});
export type TCardHistoryEntry = z.infer<typeof ZCardHistoryEntry>;

export const ZCardActionKind = z.enum(['bury', 'suspend', 'unsuspend', 'reset', 'reschedule']);
export type TCardActionKind = z.infer<typeof ZCardActionKind>;

export const ZCardHistory = z.object({
  cardId: z.string(),
  /** Latest first. */
  reviews: z.array(ZCardHistoryEntry),
  /** Buries, suspensions, resets and reschedules, latest first. */
  actions: z.array(z.object({ id: z.string(), kind: ZCardActionKind, at: z.iso.datetime(), undone: z.boolean() })),
});
export type TCardHistory = z.infer<typeof ZCardHistory>;

/** Reschedule: the calendar day (in the user's time zone) the card falls due, today or later. */
export const ZRescheduleRequest = z.strictObject({ date: z.iso.date() });
export type TRescheduleRequest = z.infer<typeof ZRescheduleRequest>;
