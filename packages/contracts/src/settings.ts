import { z } from 'zod';

/** ts-fsrs learning steps: space-separated durations such as "1m 10m" or "10m 1h 1d" (at most 10). */
export const ZLearningSteps = z
  .string()
  .trim()
  .regex(/^(\d{1,4}[mhd])(\s+\d{1,4}[mhd]){0,9}$|^$/, 'steps are durations like "1m 10m 1d" (m, h or d; at most 10)');

/** Whether `name` is an IANA time zone this runtime knows ("Europe/Berlin", "Etc/GMT-2", "UTC"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const ZTimeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, 'an IANA time zone such as "Europe/Berlin", "Asia/Shanghai" or "UTC"');

/** Scheduling settings and their limits (documented in the README). */
export const ZStudySettings = z.object({
  desiredRetention: z.number().min(0.7).max(0.99),
  maximumIntervalDays: z.number().int().min(1).max(36500),
  newCardsPerDay: z.number().int().min(0).max(1000),
  reviewsPerDay: z.number().int().min(0).max(10000),
  learningSteps: ZLearningSteps,
  relearningSteps: ZLearningSteps,
  /**
   * The user's IANA time zone: their day (for "today", the daily limits and bury) starts at local midnight there,
   * daylight saving time included.
   */
  timeZone: ZTimeZone,
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
  timeZone: 'UTC',
  personalisedWeights: false,
};

export const ZStudySettingsPatch = ZStudySettings.omit({ personalisedWeights: true }).partial().strict();
export type TStudySettingsPatch = z.infer<typeof ZStudySettingsPatch>;

export const ZCardActionParams = z.strictObject({ cardId: z.string().min(1).max(64) });
export const ZSuspendRequest = z.strictObject({ suspended: z.boolean() });

/** What Undo can take back: a rating, or a bury, (un)suspension, reset or reschedule of a card. */
export const ZUndoneKind = z.enum(['rating', 'bury', 'suspend', 'unsuspend', 'reset', 'reschedule']);

export const ZUndoResponse = z.object({
  /** What was undone (the latest still in effect), or null when there was nothing to undo. */
  undone: z
    .object({
      kind: ZUndoneKind,
      /** The review log entry or card action that was undone. */
      reviewId: z.string(),
      cardId: z.string(),
      /** The rating, when a rating was undone. */
      rating: z.number().int().nullable(),
    })
    .nullable(),
});
export type TUndoResponse = z.infer<typeof ZUndoResponse>;

export const ZCardStateChange = z.object({ cardId: z.string(), suspended: z.boolean(), buriedUntil: z.iso.datetime().nullable() });
