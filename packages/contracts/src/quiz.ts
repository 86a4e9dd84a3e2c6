/**
 * Quiz sets and graded attempts (Moodle's quiz, Quizlet's test): an instructor publishes a deck as a quiz set; a
 * student takes attempts of it. While an attempt is open the browser gets each question's front only — never the
 * answer key; marks and (when the set shows answers) the key come with the submitted attempt.
 */
import { z } from 'zod';
import { ZLocalizedText } from './card';
import { ZCardBack, ZCardFront } from './note-cards';

/** Limits of quiz sets and attempts; documented in the README's Limits table. */
export const QUIZ_LIMITS = {
  titleChars: 120,
  /** Questions in one attempt: a set over a larger deck draws this many (or `questionCount`) at random. */
  questionsPerAttempt: 200,
  timeLimitMinutes: 600,
  maxAttempts: 100,
  /** An answer that arrives this long after the deadline (it was in flight) is still kept; later ones are refused. */
  graceSeconds: 10,
  writtenAnswerChars: 5000,
  typedAnswerChars: 500,
  blanks: 20,
  commentChars: 2000,
} as const;

/** Who may open a quiz set without being its instructor: only members of classes it is assigned to, or also anyone with its link. */
export const ZQuizVisibility = z.enum(['private', 'link']);
export type TQuizVisibility = z.infer<typeof ZQuizVisibility>;

export const ZQuizTitle = z.string().trim().min(1, 'title must not be empty').max(QUIZ_LIMITS.titleChars);

const settings = {
  title: ZQuizTitle,
  visibility: ZQuizVisibility,
  /** Minutes from the start of an attempt until it is submitted automatically; null: no limit. */
  timeLimitMinutes: z.number().int().min(1).max(QUIZ_LIMITS.timeLimitMinutes).nullable(),
  /** Attempts each student may start; null: no limit. */
  maxAttempts: z.number().int().min(1).max(QUIZ_LIMITS.maxAttempts).nullable(),
  /** Questions drawn at random for each attempt; null: every card of the deck (at most `QUIZ_LIMITS.questionsPerAttempt`). */
  questionCount: z.number().int().min(1).max(QUIZ_LIMITS.questionsPerAttempt).nullable(),
  shuffleQuestions: z.boolean(),
  shuffleChoices: z.boolean(),
  /** Whether a student sees the right answers (and the instructor's comments) once their attempt is submitted. */
  showAnswers: z.boolean(),
};

export const ZQuizSetSettings = z.object(settings);
export type TQuizSetSettings = z.infer<typeof ZQuizSetSettings>;

export const ZCreateQuizSetRequest = z.strictObject({
  deckId: z.string().min(1).max(80),
  title: ZQuizTitle,
  visibility: ZQuizVisibility.default('private'),
  timeLimitMinutes: settings.timeLimitMinutes.default(null),
  maxAttempts: settings.maxAttempts.default(null),
  questionCount: settings.questionCount.default(null),
  shuffleQuestions: z.boolean().default(true),
  shuffleChoices: z.boolean().default(true),
  showAnswers: z.boolean().default(true),
});
export type TCreateQuizSetRequest = z.input<typeof ZCreateQuizSetRequest>;

export const ZUpdateQuizSetRequest = z.strictObject(settings).partial();
export type TUpdateQuizSetRequest = z.infer<typeof ZUpdateQuizSetRequest>;

export const ZQuizSetParams = z.strictObject({ quizSetId: z.string().min(1).max(64) });
export const ZShareTokenParams = z.strictObject({ token: z.string().min(1).max(64) });

/** A person as others see them in a class: the instructor sees names and emails of their students. */
export const ZPersonRef = z.object({ id: z.string(), displayName: z.string().nullable(), email: z.string().nullable() });
export type TPersonRef = z.infer<typeof ZPersonRef>;

/** A quiz set as its instructor (or an admin) sees it. */
export const ZQuizSet = ZQuizSetSettings.extend({
  id: z.string(),
  deckId: z.string(),
  deckTitle: ZLocalizedText,
  owner: ZPersonRef,
  /** Present while the set is shared by link: `/quiz/<token>` opens it. */
  shareToken: z.string().nullable(),
  /** Cards in the deck now (not retired), and how many questions an attempt gets. */
  cardCount: z.number().int(),
  questionsPerAttempt: z.number().int(),
  classes: z.array(z.object({ id: z.string(), name: z.string(), study: z.boolean() })),
  attemptCount: z.number().int(),
  /** Submitted attempts with written answers still to grade. */
  awaitingGrading: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TQuizSet = z.infer<typeof ZQuizSet>;
export const ZQuizSetList = z.object({ quizSets: z.array(ZQuizSet) });

export const ZAttemptStatus = z.enum(['open', 'submitted']);

export const ZAttemptSummary = z.object({
  id: z.string(),
  quizSetId: z.string(),
  /** 1 for the taker's first attempt of the set, and so on. */
  number: z.number().int(),
  taker: ZPersonRef,
  classId: z.string().nullable(),
  status: ZAttemptStatus,
  startedAt: z.iso.datetime(),
  /** When an attempt with a time limit is submitted automatically; null without a limit. */
  deadline: z.iso.datetime().nullable(),
  submittedAt: z.iso.datetime().nullable(),
  /** Sum of the marks given so far (each question is worth 1); null while open. */
  score: z.number().nullable(),
  maxScore: z.number().int(),
  /** Written answers still to be graded by the instructor; the score is final when this is 0. */
  awaitingGrading: z.number().int(),
});
export type TAttemptSummary = z.infer<typeof ZAttemptSummary>;
export const ZAttemptList = z.object({ attempts: z.array(ZAttemptSummary) });

/** A quiz set as a student sees it before and between attempts: what it is, and their own attempts. */
export const ZQuizSetForTaker = z.object({
  id: z.string(),
  title: z.string(),
  instructor: z.object({ displayName: z.string().nullable() }),
  questionsPerAttempt: z.number().int(),
  timeLimitMinutes: z.number().int().nullable(),
  maxAttempts: z.number().int().nullable(),
  showAnswers: z.boolean(),
  /** The class this view is for (from `classId`), if any. */
  classId: z.string().nullable(),
  attempts: z.array(ZAttemptSummary),
  /** Attempts the taker may still start; null: no limit. */
  attemptsLeft: z.number().int().nullable(),
});
export type TQuizSetForTaker = z.infer<typeof ZQuizSetForTaker>;

export const ZStartAttemptRequest = z.strictObject({
  /** The class the attempt is taken for (results are shown on its dashboard); it must have the set assigned. */
  classId: z.string().min(1).max(64).optional(),
  /** The set's share token, for a set taken by link. */
  token: z.string().min(1).max(64).optional(),
});
export type TStartAttemptRequest = z.infer<typeof ZStartAttemptRequest>;

export const ZAttemptParams = z.strictObject({ attemptId: z.string().min(1).max(64) });
export const ZResponseParams = ZAttemptParams.extend({ slot: z.coerce.number().int().min(1).max(QUIZ_LIMITS.questionsPerAttempt) }).strict();

/** A piece of a cloze question as a quiz shows it: text, or a blank to fill in (numbered from 1 in reading order). */
export const ZBlankSegment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('blank'), index: z.number().int().min(1), hint: z.string().optional() }),
]);
export type TBlankSegment = z.infer<typeof ZBlankSegment>;

/**
 * A question's front in a quiz. The same as the study front except for cloze: there the deletions of the card's
 * number are blanks to fill in (the study front carries their text, revealed by the browser).
 * A basic card that is not type-in, and an open card, are written answers that the instructor grades.
 */
export const ZQuizFront = z.discriminatedUnion('type', [
  ZCardFront.options[0],
  z.object({
    type: z.literal('cloze'),
    ordinal: z.number().int().min(1),
    segments: z.object({ en: z.array(ZBlankSegment), zh: z.array(ZBlankSegment) }),
  }),
  ZCardFront.options[2],
  ZCardFront.options[3],
  ZCardFront.options[4],
]);
export type TQuizFront = z.infer<typeof ZQuizFront>;

/** What a student answers to one question. */
export const ZQuizAnswer = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('choices'), ids: z.array(z.string().max(32)).max(8) }),
  z.strictObject({ kind: z.literal('number'), text: z.string().max(QUIZ_LIMITS.typedAnswerChars) }),
  /** Cloze: one text per blank of the card language's text, in order. */
  z.strictObject({ kind: z.literal('blanks'), lang: z.enum(['en', 'zh']), texts: z.array(z.string().max(QUIZ_LIMITS.typedAnswerChars)).max(QUIZ_LIMITS.blanks) }),
  /** A type-in basic card (compared with the answer in `lang`), or a written answer the instructor grades. */
  z.strictObject({ kind: z.literal('text'), lang: z.enum(['en', 'zh']), text: z.string().max(QUIZ_LIMITS.writtenAnswerChars) }),
]);
export type TQuizAnswer = z.infer<typeof ZQuizAnswer>;

/** Whether an answer says something: a choice, or text that is not blank. The server marks an unanswered question 0. */
export function isQuizAnswered(answer: TQuizAnswer | null): answer is TQuizAnswer {
  if (!answer) return false;
  switch (answer.kind) {
    case 'choices':
      return answer.ids.length > 0;
    case 'number':
    case 'text':
      return answer.text.trim().length > 0;
    case 'blanks':
      return answer.texts.some((t) => t.trim().length > 0);
  }
}

/** How a question is marked: by the server when the attempt is submitted, or by the instructor. */
export const ZGradingKind = z.enum(['auto', 'instructor']);

export const ZQuestionResult = z.object({
  /** 0–1; null until graded. */
  mark: z.number().nullable(),
  /** What the server's grading gave (null for written answers); an instructor's mark can override it. */
  autoMark: z.number().nullable(),
  comment: z.string().nullable(),
  gradedAt: z.iso.datetime().nullable(),
});

export const ZAttemptQuestion = z.object({
  slot: z.number().int(),
  grading: ZGradingKind,
  front: ZQuizFront,
  answer: ZQuizAnswer.nullable(),
  answeredAt: z.iso.datetime().nullable(),
  /** After submission. */
  result: ZQuestionResult.nullable(),
  /** The card's whole front and back: after submission, to the instructor always and to the student when the set shows answers. */
  key: z.object({ front: ZCardFront, back: ZCardBack, blanks: z.object({ en: z.array(z.string()), zh: z.array(z.string()) }).nullable() }).nullable(),
  /** The card asked (for the instructor; null for the student). */
  cardId: z.string().nullable(),
});
export type TAttemptQuestion = z.infer<typeof ZAttemptQuestion>;

export const ZAttemptView = z.object({
  attempt: ZAttemptSummary,
  quizSet: z.object({ id: z.string(), title: z.string(), showAnswers: z.boolean() }),
  /** The server's clock when this was sent, so a countdown is not thrown off by the device's clock. */
  serverNow: z.iso.datetime(),
  /** Whether the viewer grades this attempt (its set's instructor, or an admin). */
  grader: z.boolean(),
  questions: z.array(ZAttemptQuestion),
});
export type TAttemptView = z.infer<typeof ZAttemptView>;

export const ZSaveAnswerRequest = z.strictObject({ answer: ZQuizAnswer.nullable() });
export type TSaveAnswerRequest = z.infer<typeof ZSaveAnswerRequest>;
export const ZSaveAnswerResponse = z.object({
  slot: z.number().int(),
  answeredAt: z.iso.datetime().nullable(),
  /** A numeric answer that is not a number is kept, and marked wrong unless corrected: this says why. */
  problem: z.enum(['not-a-number', 'decimal-comma']).nullable(),
});

export const ZGradeRequest = z.strictObject({
  mark: z.number().min(0, 'mark is between 0 and 1').max(1, 'mark is between 0 and 1'),
  comment: z.string().trim().max(QUIZ_LIMITS.commentChars).optional(),
});
export type TGradeRequest = z.infer<typeof ZGradeRequest>;

export const ZAttemptListQuery = z.strictObject({
  classId: z.string().min(1).max(64).optional(),
  /** Only submitted attempts with written answers still to grade. */
  awaitingGrading: z.enum(['true', 'false']).optional(),
});

// ---------------------------------------------------------------------------
// Item statistics

/** Which attempts the statistics are computed from (Moodle's "attempts to analyse"). */
export const ZStatisticsAttempts = z.enum(['all', 'first', 'best']);
export const ZStatisticsQuery = z.strictObject({
  classId: z.string().min(1).max(64).optional(),
  attempts: ZStatisticsAttempts.default('all'),
});
export type TStatisticsQuery = z.input<typeof ZStatisticsQuery>;

export const ZWrongAnswer = z.object({
  /** The choice id, or the normalised text or number given. */
  answer: z.string(),
  /** A choice's text (multiple choice); null for typed answers. */
  text: ZLocalizedText.nullable(),
  count: z.number().int(),
  /** Of the responses to this question. */
  share: z.number(),
});

export const ZItemStatistic = z.object({
  cardId: z.string(),
  noteId: z.string(),
  ordinal: z.number().int(),
  grading: ZGradingKind,
  /** The question as it was last asked. */
  front: ZQuizFront,
  /** Graded responses counted. */
  responses: z.number().int(),
  /** Moodle's facility index: the mean mark as a percentage of the maximum (0–100); null without responses. */
  facilityIndex: z.number().nullable(),
  /** Standard deviation of the mark, as a percentage of the maximum (sample, n − 1). */
  sd: z.number().nullable(),
  /**
   * Moodle's discrimination index: 100 × the correlation between the mark on this question and the score on the rest
   * of the attempt (−100 to 100); null when fewer than 2 responses or either score does not vary.
   */
  discriminationIndex: z.number().nullable(),
  /** The most common wrong answers, most frequent first (at most 3). */
  commonWrongAnswers: z.array(ZWrongAnswer),
  /**
   * Written answers to this question still awaiting the instructor's grade, in submitted attempts of any choice of
   * `attempts` (their attempts are left out of the figures above until graded).
   */
  awaitingGrading: z.number().int(),
});
export type TItemStatistic = z.infer<typeof ZItemStatistic>;

export const ZItemStatistics = z.object({
  quizSetId: z.string(),
  title: z.string(),
  classId: z.string().nullable(),
  attempts: ZStatisticsAttempts,
  /** Submitted, fully graded attempts counted. */
  attemptsAnalysed: z.number().int(),
  /** Submitted attempts left out because written answers in them are not graded yet. */
  attemptsAwaitingGrading: z.number().int(),
  items: z.array(ZItemStatistic),
});
export type TItemStatistics = z.infer<typeof ZItemStatistics>;

/** The class dashboard's per-question figures: the item statistics of each set assigned to the class, over its attempts. */
export const ZClassItemStatisticsQuery = z.strictObject({
  attempts: ZStatisticsAttempts.default('all'),
});
export const ZClassItemStatistics = z.object({
  classId: z.string(),
  attempts: ZStatisticsAttempts,
  /** One per assigned set, in the order they were assigned. */
  sets: z.array(ZItemStatistics),
});
export type TClassItemStatistics = z.infer<typeof ZClassItemStatistics>;
