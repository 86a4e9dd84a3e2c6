import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, ZRole } from './auth';

/**
 * A user's export of all their data (GET /api/v1/users/me/export): every row the database keeps about them, as it
 * is stored, except secrets (the password hash, session and device tokens). Dates are ISO 8601 strings; JSON
 * columns (note content, FSRS states, answers, lab results) are passed through as they are stored.
 */
const ZDate = z.iso.datetime();
const ZJson = z.unknown();

export const USER_EXPORT_FORMAT = 'recurrence-user-export';
export const USER_EXPORT_VERSION = 1;

export const ZUserExport = z.object({
  format: z.literal(USER_EXPORT_FORMAT),
  version: z.literal(USER_EXPORT_VERSION),
  exportedAt: ZDate,
  profile: z.object({
    id: z.string(),
    email: z.string().nullable(),
    displayName: z.string().nullable(),
    role: ZRole,
    isGuest: z.boolean(),
    createdAt: ZDate,
    updatedAt: ZDate,
  }),
  /** Null: the user never changed a setting (the defaults apply). */
  settings: z
    .object({
      desiredRetention: z.number(),
      maximumIntervalDays: z.number().int(),
      newCardsPerDay: z.number().int(),
      reviewsPerDay: z.number().int(),
      learningSteps: z.string(),
      relearningSteps: z.string(),
      fsrsWeights: ZJson,
      timeZone: z.string(),
      updatedAt: ZDate,
    })
    .nullable(),
  interviewPlans: z.array(z.object({ deckId: z.string(), date: ZDate, targetRetention: z.number(), createdAt: ZDate })),
  /** Signed-in browsers: when each session started and was last used (never its token). */
  sessions: z.array(z.object({ createdAt: ZDate, lastSeenAt: ZDate, expiresAt: ZDate })),
  knownDevices: z.array(z.object({ createdAt: ZDate, lastUsedAt: ZDate })),
  /** The decks the user wrote or imported, each with its notes and cards (media files: name, type and size). */
  decks: z.array(
    z.object({
      id: z.string(),
      title: ZJson,
      description: ZJson,
      source: z.string(),
      createdAt: ZDate,
      updatedAt: ZDate,
      notes: z.array(
        z.object({
          id: z.string(),
          slug: z.string(),
          type: z.string(),
          section: z.string(),
          position: z.number().int(),
          tags: ZJson,
          content: ZJson,
          retiredAt: ZDate.nullable(),
          createdAt: ZDate,
          updatedAt: ZDate,
        }),
      ),
      cards: z.array(z.object({ id: z.string(), noteId: z.string(), ordinal: z.number().int(), position: z.number().int(), retiredAt: ZDate.nullable() })),
      media: z.array(z.object({ name: z.string(), contentType: z.string(), size: z.number().int(), createdAt: ZDate })),
    }),
  ),
  /** The user's scheduling state of every card they studied. */
  cardStates: z.array(
    z.object({
      cardId: z.string(),
      deckId: z.string(),
      state: z.string(),
      due: ZDate,
      stability: z.number(),
      difficulty: z.number(),
      scheduledDays: z.number().int(),
      learningSteps: z.number().int(),
      reps: z.number().int(),
      lapses: z.number().int(),
      lastReview: ZDate.nullable(),
      suspended: z.boolean(),
      buriedUntil: ZDate.nullable(),
      updatedAt: ZDate,
    }),
  ),
  /** Every rating, undone ones included. */
  reviews: z.array(
    z.object({
      id: z.string(),
      cardId: z.string(),
      clientId: z.string(),
      rating: z.number().int(),
      stateBefore: z.string(),
      reviewedAt: ZDate,
      durationMs: z.number().int(),
      before: ZJson,
      after: ZJson,
      answer: ZJson,
      undoneAt: ZDate.nullable(),
    }),
  ),
  /** Buries and (un)suspensions. */
  cardActions: z.array(z.object({ id: z.string(), cardId: z.string(), kind: z.string(), at: ZDate, before: ZJson, undoneAt: ZDate.nullable() })),
  classMemberships: z.array(z.object({ classId: z.string(), className: z.string(), joinedAt: ZDate })),
  /** Classes the user teaches (without the students: their data is theirs). */
  classesTaught: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      joinCode: z.string(),
      joinOpen: z.boolean(),
      createdAt: ZDate,
      quizSetIds: z.array(z.string()),
      memberCount: z.number().int(),
    }),
  ),
  quizSets: z.array(
    z.object({
      id: z.string(),
      deckId: z.string(),
      title: z.string(),
      visibility: z.string(),
      timeLimitSeconds: z.number().int().nullable(),
      maxAttempts: z.number().int().nullable(),
      questionCount: z.number().int().nullable(),
      shuffleQuestions: z.boolean(),
      shuffleChoices: z.boolean(),
      showAnswers: z.boolean(),
      createdAt: ZDate,
    }),
  ),
  /** The user's quiz attempts with every question as asked and their answer, mark and comment. */
  quizAttempts: z.array(
    z.object({
      id: z.string(),
      quizSetId: z.string(),
      classId: z.string().nullable(),
      number: z.number().int(),
      status: z.string(),
      startedAt: ZDate,
      deadline: ZDate.nullable(),
      submittedAt: ZDate.nullable(),
      score: z.number(),
      maxScore: z.number().int(),
      responses: z.array(
        z.object({
          slot: z.number().int(),
          cardId: z.string(),
          noteId: z.string(),
          ordinal: z.number().int(),
          content: ZJson,
          choiceOrder: ZJson,
          answer: ZJson,
          answeredAt: ZDate.nullable(),
          autoMark: z.number().nullable(),
          mark: z.number().nullable(),
          comment: z.string().nullable(),
          gradedAt: ZDate.nullable(),
        }),
      ),
    }),
  ),
  /** Lab runs the user started (runs they only watched belong to whoever started them). */
  labRuns: z.array(
    z.object({
      id: z.string(),
      experiment: z.string(),
      params: ZJson,
      seed: z.number().int(),
      codeVersion: z.string(),
      status: z.string(),
      backend: z.string().nullable(),
      result: ZJson,
      error: z.string().nullable(),
      createdAt: ZDate,
      startedAt: ZDate.nullable(),
      finishedAt: ZDate.nullable(),
    }),
  ),
});
export type TUserExport = z.infer<typeof ZUserExport>;

/**
 * Deleting one's account: the current password confirms it (a guest, who has none, sends nothing or `{}`).
 */
export const ZDeleteAccountRequest = z.strictObject({
  password: z.string().min(1, 'type your password to confirm').max(PASSWORD_MAX_LENGTH).optional(),
});
export type TDeleteAccountRequest = z.infer<typeof ZDeleteAccountRequest>;
