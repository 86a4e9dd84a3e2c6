import { z } from 'zod';

/** ts-fsrs learning steps: space-separated durations such as "1m 10m" or "10m 1h 1d" (at most 10). */
export const ZLearningSteps = z
  .string()
  .trim()
  .regex(/^(\d{1,4}[mhd])(\s+\d{1,4}[mhd]){0,9}$|^$/, 'steps are durations like "1m 10m 1d" (m, h or d; at most 10)');

/** Scheduling settings and their limits (documented in the README). */
export const ZStudySettings = z.object({
  desiredRetention: z.number().min(0.7).max(0.99),
  maximumIntervalDays: z.number().int().min(1).max(36500),
  newCardsPerDay: z.number().int().min(0).max(1000),
  reviewsPerDay: z.number().int().min(0).max(10000),
  learningSteps: ZLearningSteps,
  relearningSteps: ZLearningSteps,
  /** The user's offset from UTC in minutes; their day (for "today" and the daily limits) starts at local midnight. */
  utcOffsetMinutes: z.number().int().min(-720).max(840),
  /** True when FSRS parameters fitted to this user's reviews are in use. */
  personalisedWeights: z.boolean(),
});
export type TStudySettings = z.infer<typeof ZStudySettings>;

export const DEFAULT_STUDY_SETTINGS: TStudySettings = {
  desiredRetention: 0.9,
  maximumIntervalDays: 36500,
  newCardsPerDay: 20,
  reviewsPerDay: 200,
  learningSteps: '1m 10m',
  relearningSteps: '10m',
  utcOffsetMinutes: 0,
  personalisedWeights: false,
};

export const ZStudySettingsPatch = ZStudySettings.omit({ personalisedWeights: true }).partial().strict();
export type TStudySettingsPatch = z.infer<typeof ZStudySettingsPatch>;

export const ZCardActionParams = z.strictObject({ cardId: z.string().min(1).max(64) });
export const ZSuspendRequest = z.strictObject({ suspended: z.boolean() });

export const ZUndoResponse = z.object({
  /** The rating that was undone, or null when there was nothing to undo. */
  undone: z.object({ reviewId: z.string(), cardId: z.string(), rating: z.number().int() }).nullable(),
});
export type TUndoResponse = z.infer<typeof ZUndoResponse>;

export const ZCardStateChange = z.object({ cardId: z.string(), suspended: z.boolean(), buriedUntil: z.iso.datetime().nullable() });
