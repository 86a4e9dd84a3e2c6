import { z } from 'zod';

const ZRetentionRow = z.object({ reviews: z.number().int(), recalled: z.number().int(), retention: z.number().nullable() });

export const ZStatsQuery = z.strictObject({ deckId: z.string().min(1).max(80).optional() });

export const ZStatsResponse = z.object({
  /** Ratings per day (the user's days), for the calendar heatmap. */
  reviewsPerDay: z.array(z.object({ date: z.iso.date(), reviews: z.number().int() })),
  /** Share of reviews of review-state cards that were recalled (rating > 1), by interval since the last review. */
  retentionByInterval: z.array(ZRetentionRow.extend({ bucket: z.string() })),
  retentionByMonth: z.array(ZRetentionRow.extend({ month: z.string() })),
  /** Cards falling due on each of the next 30 days. */
  dueForecast: z.array(z.object({ date: z.iso.date(), due: z.number().int() })),
  counts: z.object({ new: z.number().int(), learning: z.number().int(), review: z.number().int(), relearning: z.number().int(), suspended: z.number().int(), total: z.number().int() }),
  /** Estimated reviews per day over a year for desired retention 0.80 … 0.97 (the cost of remembering more). */
  workload: z.array(z.object({ desiredRetention: z.number(), reviewsPerDay: z.number(), totalReviews: z.number() })),
  desiredRetention: z.number(),
});
export type TStatsResponse = z.infer<typeof ZStatsResponse>;
