import { z } from 'zod';
import { ZCard, ZLocalizedText } from './card';
import { ZCardBack, ZCardFront } from './note-cards';

export const ZCardState = z.enum(['new', 'learning', 'review', 'relearning']);
export type TCardState = z.infer<typeof ZCardState>;

/** 1 Again, 2 Hard, 3 Good, 4 Easy (Anki's and FSRS's grades). */
export const ZRating = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type TRating = z.infer<typeof ZRating>;

export const ZDeckSummary = z.object({
  id: z.string(),
  title: ZLocalizedText,
  /** May be empty (a user's deck without a description). */
  description: z.object({ en: z.string(), zh: z.string() }),
  /** "builtin": shipped with the app; "user": written here; "import": imported from a file. */
  source: z.enum(['builtin', 'user', 'import']),
  /** The viewer owns it. */
  mine: z.boolean(),
  /** The viewer may edit it (its owner, an admin; never a built-in deck). */
  canEdit: z.boolean(),
  /** Cards to study (a note makes one or more), not counting retired ones. */
  cardCount: z.number().int(),
  noteCount: z.number().int(),
  /** For the signed-in user: cards due now, and cards never studied. Null without a session. */
  due: z.number().int().nullable(),
  new: z.number().int().nullable(),
});
export type TDeckSummary = z.infer<typeof ZDeckSummary>;
export const ZDeckList = z.object({ decks: z.array(ZDeckSummary) });

export const ZDeckParams = z.strictObject({ deckId: z.string().min(1).max(80) });

/** A card of a deck, for browsing: the card, and its whole note (`content`). */
export const ZCardView = z.object({
  id: z.string(),
  noteId: z.string(),
  deckId: z.string(),
  /** The note's stable slug. */
  slug: z.string(),
  /** Which of the note's cards (see `noteOrdinals`). */
  ordinal: z.number().int(),
  content: ZCard,
  retired: z.boolean(),
});
export type TCardView = z.infer<typeof ZCardView>;
export const ZCardList = z.object({ cards: z.array(ZCardView) });

export const ZNextCardQuery = z.strictObject({ deckId: z.string().min(1).max(80).optional() });

/** What each rating would do now: the next due time and the interval in milliseconds. */
export const ZRatingPreview = z.object({ rating: ZRating, due: z.iso.datetime(), intervalMs: z.number() });

/** A card as study shows it: the front, and the back unless the card is graded on the server. */
export const ZStudyCardView = ZCardView.omit({ content: true, retired: true }).extend({
  front: ZCardFront,
  /** Null for cards graded on the server (multiple choice, numeric, type-in): `POST /study/check` returns the back. */
  back: ZCardBack.nullable(),
});
export type TStudyCardView = z.infer<typeof ZStudyCardView>;

export const ZStudyCard = z.object({
  card: ZStudyCardView,
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
  /** With nothing to study now: when the next card falls due (the start of the next day when today's review limit is used up). */
  nextDue: z.iso.datetime().nullable(),
});
export type TNextCardResponse = z.infer<typeof ZNextCardResponse>;

export const MAX_REVIEW_DURATION_MS = 24 * 60 * 60 * 1000;

/** Longest typed answer (numeric or type-in) the server reads. */
export const MAX_TYPED_ANSWER_CHARS = 500;

/** What the learner answered on a card graded by the server. */
export const ZAnswer = z.discriminatedUnion('kind', [
  /** Multiple choice: the ids picked (none: revealed without answering). */
  z.strictObject({ kind: z.literal('choices'), ids: z.array(z.string().max(32)).max(8) }),
  /** Numeric: the text typed (see `parseNumericAnswer`). */
  z.strictObject({ kind: z.literal('number'), text: z.string().max(MAX_TYPED_ANSWER_CHARS) }),
  /** Type-in basic card: the text typed, and the card language it was typed in (the answer it is compared with). */
  z.strictObject({ kind: z.literal('typed'), text: z.string().max(MAX_TYPED_ANSWER_CHARS), lang: z.enum(['en', 'zh']) }),
]);
export type TAnswer = z.infer<typeof ZAnswer>;

/**
 * What the review log keeps of an answer (`ReviewLog.answer`), graded on the server: for multiple choice the order
 * the choices were shown in and the ids chosen (item statistics read both); for typed answers the text and its value.
 */
export const ZLoggedAnswer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('choices'), shown: z.array(z.string()), chosen: z.array(z.string()), correct: z.boolean() }),
  z.object({ kind: z.literal('number'), text: z.string(), value: z.number().nullable(), correct: z.boolean() }),
  z.object({ kind: z.literal('typed'), text: z.string(), lang: z.enum(['en', 'zh']), correct: z.boolean() }),
]);
export type TLoggedAnswer = z.infer<typeof ZLoggedAnswer>;

export const ZCheckRequest = z.strictObject({ cardId: z.string().min(1).max(64), answer: ZAnswer });
export type TCheckRequest = z.infer<typeof ZCheckRequest>;

/** One piece of a character diff between what was typed and the expected answer. */
export const ZDiffPart = z.object({ op: z.enum(['same', 'missing', 'extra']), text: z.string() });

export const ZCheckResponse = z.object({
  cardId: z.string(),
  /** False when nothing was answered (revealed without picking or typing). */
  answered: z.boolean(),
  correct: z.boolean(),
  /** Good when correct, Again when wrong; null when nothing was answered. */
  suggested: ZRating.nullable(),
  back: ZCardBack,
  detail: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('choices'), chosen: z.array(z.string()), correctIds: z.array(z.string()), missed: z.array(z.string()), wrong: z.array(z.string()) }),
    z.object({
      kind: z.literal('number'),
      /** The number read from the text; null when it is not a number. */
      value: z.number().nullable(),
      /** Why the text is not a number. */
      problem: z.enum(['empty', 'not-a-number', 'decimal-comma']).nullable(),
      difference: z.number().nullable(),
    }),
    z.object({ kind: z.literal('typed'), expected: z.string(), diff: z.array(ZDiffPart) }),
  ]),
});
export type TCheckResponse = z.infer<typeof ZCheckResponse>;

export const ZReviewRequest = z.strictObject({
  /** Client-generated id: a retry with the same id is applied once. */
  clientId: z.uuid(),
  cardId: z.string().min(1).max(64),
  rating: ZRating,
  /** Time spent on the card, in milliseconds (0 – 24 h). */
  durationMs: z.number().int().min(0).max(MAX_REVIEW_DURATION_MS),
  /** The `version` the client saw; a mismatch answers 409 instead of overwriting a newer rating. */
  expectedVersion: z.number().int().min(0).optional(),
  /** What was answered on a card graded by the server; it is graded again and kept in the review log. */
  answer: ZAnswer.optional(),
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
