/**
 * Classes (Quizlet's classes, Moodle's courses): an instructor creates a class, students join it with a short join
 * code, and quiz sets are assigned to it. The class dashboard is the instructor's view of their students' results.
 */
import { z } from 'zod';
import { ZAttemptSummary, ZPersonRef } from './quiz';

/** Join codes: 7 characters without the look-alikes 0/O, 1/I/L (as Google Classroom's). */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const JOIN_CODE_LENGTH = 7;

export const CLASS_LIMITS = {
  nameChars: 120,
  descriptionChars: 2000,
  membersPerClass: 1000,
  classesPerInstructor: 200,
  /** Join requests per account per hour (a code has 31^7 ≈ 2.8·10^10 values: guessing one is out of reach). */
  joinsPerHour: 30,
} as const;

/** A join code as typed: case, spaces and dashes do not matter. */
export const ZJoinCode = z
  .string()
  .max(32)
  .transform((s) => s.toUpperCase().replace(/[\s-]+/g, ''))
  .pipe(z.string().regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`), `a join code is ${JOIN_CODE_LENGTH} letters and digits`));

export const ZClassName = z.string().trim().min(1, 'name must not be empty').max(CLASS_LIMITS.nameChars);
export const ZClassDescription = z.string().trim().max(CLASS_LIMITS.descriptionChars);

export const ZCreateClassRequest = z.strictObject({ name: ZClassName, description: ZClassDescription.default('') });
export type TCreateClassRequest = z.input<typeof ZCreateClassRequest>;

export const ZUpdateClassRequest = z.strictObject({
  name: ZClassName,
  description: ZClassDescription,
  /** Whether the join code admits new students. */
  joinOpen: z.boolean(),
}).partial();
export type TUpdateClassRequest = z.infer<typeof ZUpdateClassRequest>;

export const ZClassParams = z.strictObject({ classId: z.string().min(1).max(64) });
export const ZClassMemberParams = ZClassParams.extend({ userId: z.string().min(1).max(64) }).strict();
export const ZClassAssignmentParams = ZClassParams.extend({ quizSetId: z.string().min(1).max(64) }).strict();

export const ZJoinClassRequest = z.strictObject({ code: ZJoinCode });

/** How the viewer relates to a class. */
export const ZClassRelation = z.enum(['instructor', 'student', 'admin']);

export const ZClassSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  instructor: ZPersonRef,
  relation: ZClassRelation,
  /** The join code, for the class's instructor and admins; null for students. */
  joinCode: z.string().nullable(),
  joinOpen: z.boolean(),
  memberCount: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type TClassSummary = z.infer<typeof ZClassSummary>;

export const ZClassList = z.object({
  /** Classes the viewer teaches (an admin: every class). */
  teaching: z.array(ZClassSummary),
  /** Classes the viewer joined. */
  enrolled: z.array(ZClassSummary),
});
export type TClassList = z.infer<typeof ZClassList>;

export const ZClassAssignment = z.object({
  quizSetId: z.string(),
  title: z.string(),
  deckId: z.string(),
  questionsPerAttempt: z.number().int(),
  timeLimitMinutes: z.number().int().nullable(),
  maxAttempts: z.number().int().nullable(),
  /** The set's cards are in the class's students' study queue. */
  study: z.boolean(),
  assignedAt: z.iso.datetime(),
  /** The viewer's own attempts of this set in this class (students). */
  myAttempts: z.array(ZAttemptSummary),
});
export type TClassAssignment = z.infer<typeof ZClassAssignment>;

export const ZClassDetail = ZClassSummary.extend({ assignments: z.array(ZClassAssignment) });
export type TClassDetail = z.infer<typeof ZClassDetail>;

export const ZClassMember = z.object({ user: ZPersonRef, joinedAt: z.iso.datetime() });
export const ZClassMemberList = z.object({ members: z.array(ZClassMember) });

export const ZAssignQuizSetRequest = z.strictObject({
  quizSetId: z.string().min(1).max(64),
  /** Put the set's cards into the students' study queue (default); off for a set that is only an exam. */
  study: z.boolean().default(true),
});
export type TAssignQuizSetRequest = z.input<typeof ZAssignQuizSetRequest>;

// ---------------------------------------------------------------------------
// Dashboard

export const ZStudentSetResult = z.object({
  quizSetId: z.string(),
  attempts: z.number().int(),
  /** Best score of a submitted attempt in this class, as a fraction of the maximum (0–1); null before one. */
  best: z.number().nullable(),
  /** Whether the best score is final (no written answers of it await grading). */
  final: z.boolean(),
});

export const ZStudentResult = z.object({
  user: ZPersonRef,
  joinedAt: z.iso.datetime(),
  attempts: z.number().int(),
  /** Mean of the best scores over the class's sets this student attempted (0–1); null before any. */
  score: z.number().nullable(),
  sets: z.array(ZStudentSetResult),
  study: z.object({
    /** Cards of the class's study sets, and how many of them this student has studied (no longer new). */
    cards: z.number().int(),
    studied: z.number().int(),
    /** Reviews of cards in review (not learning steps) in those decks, and the share recalled (rated Hard or better). */
    reviews: z.number().int(),
    trueRetention: z.number().nullable(),
  }),
});
export type TStudentResult = z.infer<typeof ZStudentResult>;

export const ZClassSetResult = z.object({
  quizSetId: z.string(),
  title: z.string(),
  attempts: z.number().int(),
  students: z.number().int(),
  /** Mean of the students' best scores (0–1). */
  meanBest: z.number().nullable(),
  awaitingGrading: z.number().int(),
});

export const ZClassResults = z.object({
  classId: z.string(),
  name: z.string(),
  sets: z.array(ZClassSetResult),
  students: z.array(ZStudentResult),
});
export type TClassResults = z.infer<typeof ZClassResults>;
