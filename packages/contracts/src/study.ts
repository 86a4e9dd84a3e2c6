import { z } from 'zod';
import { ZCard, ZLocalizedText } from './card';

export const ZCardState = z.enum(['new', 'learning', 'review', 'relearning']);
export type TCardState = z.infer<typeof ZCardState>;

/** 1 Again, 2 Hard, 3 Good, 4 Easy (Anki's and FSRS's grades). */
export const ZRating = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type TRating = z.infer<typeof ZRating>;

export const ZDeckSummary = z.object({
  id: z.string(),
  title: ZLocalizedText,
  description: ZLocalizedText,
  cardCount: z.number().int(),
  /** For the signed-in user: cards due now, and cards never studied. Null without a session. */
  due: z.number().int().nullable(),
  new: z.number().int().nullable(),
});
export type TDeckSummary = z.infer<typeof ZDeckSummary>;
export const ZDeckList = z.object({ decks: z.array(ZDeckSummary) });

export const ZDeckParams = z.strictObject({ deckId: z.string().min(1).max(80) });

export const ZCardView = z.object({
  id: z.string(),
  deckId: z.string(),
  slug: z.string(),
  content: ZCard,
  retired: z.boolean(),
});
export type TCardView = z.infer<typeof ZCardView>;
export const ZCardList = z.object({ cards: z.array(ZCardView) });

export const ZNextCardQuery = z.strictObject({ deckId: z.string().min(1).max(80).optional() });

/** What each rating would do now: the next due time and the interval in milliseconds. */
export const ZRatingPreview = z.object({ rating: ZRating, due: z.iso.datetime(), intervalMs: z.number() });

export const ZStudyCard = z.object({
  card: ZCardView,
  state: ZCardState,
  /** Optimistic-concurrency token: send it back with the rating. */
  version: z.number().int(),
  due: z.iso.datetime(),
  previews: z.array(ZRatingPreview),
});
export type TStudyCard = z.infer<typeof ZStudyCard>;

export const ZNextCardResponse = z.object({
  next: ZStudyCard.nullable(),
  counts: z.object({ due: z.number().int(), new: z.number().int() }),
});
export type TNextCardResponse = z.infer<typeof ZNextCardResponse>;

export const MAX_REVIEW_DURATION_MS = 24 * 60 * 60 * 1000;

export const ZReviewRequest = z.strictObject({
  /** Client-generated id: a retry with the same id is applied once. */
  clientId: z.uuid(),
  cardId: z.string().min(1).max(64),
  rating: ZRating,
  /** Time spent on the card, in milliseconds (0 – 24 h). */
  durationMs: z.number().int().min(0).max(MAX_REVIEW_DURATION_MS),
  /** The `version` the client saw; a mismatch answers 409 instead of overwriting a newer rating. */
  expectedVersion: z.number().int().min(0).optional(),
});
export type TReviewRequest = z.infer<typeof ZReviewRequest>;

export const ZReviewResponse = z.object({
  reviewId: z.string(),
  cardId: z.string(),
  rating: ZRating,
  state: ZCardState,
  due: z.iso.datetime(),
  version: z.number().int(),
  /** True when this clientId had already been applied (idempotent retry). */
  duplicate: z.boolean(),
});
export type TReviewResponse = z.infer<typeof ZReviewResponse>;
