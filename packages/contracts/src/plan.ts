import { z } from 'zod';

/** "*" plans for all decks together; otherwise a deck id. */
export const ZPlanScope = z.string().min(1).max(80);
export const ZPlanParams = z.strictObject({ deckId: ZPlanScope });

/** An interview date: a calendar day (YYYY-MM-DD) in the user's time zone, from tomorrow up to two years ahead. */
export const ZInterviewDateRequest = z.strictObject({
  date: z.iso.date(),
  /** Recall probability to reach on the day; default 0.95. */
  targetRetention: z.number().min(0.7).max(0.99).optional(),
});

export const ZInterviewForecast = z.object({
  deckId: ZPlanScope,
  date: z.iso.date(),
  targetRetention: z.number(),
  cardCount: z.number().int(),
  /** Cards not yet studied. */
  unseenCount: z.number().int(),
  /** New cards per day the plan introduces (capped by the daily limit). */
  newPerDay: z.number().int(),
  lastIntroductionDate: z.iso.date().nullable(),
  /** Whether the daily limits allow every card to reach the target by the date; `reason` says what is short. */
  feasible: z.boolean(),
  reason: z.string().nullable(),
  /** Predicted mean recall probability on the date over all cards (unseen cards count as 0). */
  meanRetention: z.number(),
  /** Share of cards predicted at or above the target on the date. */
  shareAtTarget: z.number(),
  dailyLoad: z.array(z.object({ date: z.iso.date(), reviews: z.number(), newCards: z.number() })),
});
export type TInterviewForecast = z.infer<typeof ZInterviewForecast>;

export const ZPlanResponse = z.object({ plans: z.array(ZInterviewForecast) });
export type TPlanResponse = z.infer<typeof ZPlanResponse>;

export const ZOptimizeResponse = z.discriminatedUnion('status', [
  z.object({ status: z.literal('not-enough-reviews'), have: z.number().int(), need: z.number().int() }),
  z.object({
    status: z.literal('ok'),
    reviewsUsed: z.number().int(),
    /** Log loss of the parameters in use before, and of the fitted ones, on your own reviews (lower is better). */
    logLossBefore: z.number(),
    logLossAfter: z.number(),
    /** The fitted parameters are applied only when they predict your reviews better. */
    applied: z.boolean(),
    weights: z.array(z.number()),
  }),
]);
export type TOptimizeResponse = z.infer<typeof ZOptimizeResponse>;
