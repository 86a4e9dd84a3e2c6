import { randomUUID } from 'node:crypto';
import { QUIZ_LIMITS, type TAttemptQuestion, type TAttemptSummary, type TAttemptView, type TGradeRequest, type TNote, type TQuizAnswer, type TQuizSetForTaker } from '@recurrence/contracts';
import { Prisma, transaction, type PrismaClient } from '@recurrence/db';
import { badRequest, conflict, isUniqueViolation, notFound } from '../errors';
import { isAdmin, personRef, quizSetToManage, type Viewer } from './class-access';
import { checkQuizAnswer, gradeQuizAnswer, gradingOf, quizFront, quizKey } from './quiz-grading';
import { activeCards, questionsPerAttempt, takeAccess, type TakeAccess } from './quiz-sets';
import { shuffleBySeed } from './seeded-shuffle';

const USER = { select: { id: true, displayName: true, email: true } } as const;
type AttemptRow = Prisma.QuizAttemptGetPayload<{ include: { user: typeof USER } }>;

const GRACE_MS = QUIZ_LIMITS.graceSeconds * 1000;

export function attemptSummary(row: AttemptRow): TAttemptSummary {
  return {
    id: row.id,
    quizSetId: row.quizSetId,
    number: row.number,
    taker: personRef(row.user),
    classId: row.classId,
    status: row.status as TAttemptSummary['status'],
    startedAt: row.startedAt.toISOString(),
    deadline: row.deadline?.toISOString() ?? null,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    score: row.status === 'submitted' ? row.score : null,
    maxScore: row.maxScore,
    awaitingGrading: row.awaitingGrading,
  };
}

/** Past its deadline and the grace period: no more answers, and it is submitted the next time anyone looks. */
const expired = (attempt: { status: string; deadline: Date | null }, now: Date) => attempt.status === 'open' && attempt.deadline !== null && now.getTime() > attempt.deadline.getTime() + GRACE_MS;

/**
 * Submits an open attempt: marks every answer that the server grades, leaves written answers to the instructor, and
 * records the score. The status changes first (and locks the row), so an answer saved at the same moment either
 * lands before and is graded, or finds the attempt submitted and is refused. Returns false when it was not open.
 */
async function finalize(prisma: PrismaClient, attemptId: string, now: Date): Promise<boolean> {
  return transaction(prisma, async (tx) => {
    const { count } = await tx.quizAttempt.updateMany({ where: { id: attemptId, status: 'open' }, data: { status: 'submitted', submittedAt: now } });
    if (count === 0) return false;
    const responses = await tx.quizResponse.findMany({ where: { attemptId } });
    let score = 0;
    let awaiting = 0;
    for (const response of responses) {
      const grade = gradeQuizAnswer(response.content as TNote, response.ordinal, response.answer as TQuizAnswer | null);
      if (grade.mark === null) awaiting += 1;
      else score += grade.mark;
      const auto = gradingOf(response.content as TNote) === 'auto' ? grade.mark : null;
      await tx.quizResponse.update({
        where: { attemptId_slot: { attemptId, slot: response.slot } },
        data: { autoMark: auto, mark: grade.mark, ...(grade.mark !== null ? { gradedAt: now } : {}) },
      });
    }
    await tx.quizAttempt.update({ where: { id: attemptId }, data: { score, awaitingGrading: awaiting } });
    return true;
  });
}

/** Submits the open attempts matching `where` whose time ran out (lazily: whoever looks first). */
export async function closeExpiredAttempts(prisma: PrismaClient, where: Prisma.QuizAttemptWhereInput, now: Date): Promise<void> {
  const due = await prisma.quizAttempt.findMany({
    where: { ...where, status: 'open', deadline: { lt: new Date(now.getTime() - GRACE_MS) } },
    select: { id: true },
  });
  for (const { id } of due) await finalize(prisma, id, now);
}

/** An attempt the viewer may look at: their own, or one of a set they manage (admins: any). */
async function attemptFor(prisma: PrismaClient, viewer: Viewer, attemptId: string, now: Date) {
  let attempt = await prisma.quizAttempt.findUnique({ where: { id: attemptId }, include: { user: USER, quizSet: true } });
  const grader = attempt !== null && (attempt.quizSet.ownerId === viewer.id || isAdmin(viewer));
  if (!attempt || (attempt.userId !== viewer.id && !grader)) throw notFound(`no attempt ${attemptId}`, 'params.attemptId');
  if (expired(attempt, now)) {
    await finalize(prisma, attempt.id, now);
    attempt = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId }, include: { user: USER, quizSet: true } });
  }
  return { attempt, grader };
}

function questionView(
  response: Prisma.QuizResponseGetPayload<object>,
  submitted: boolean,
  grader: boolean,
  showAnswers: boolean,
): TAttemptQuestion {
  const note = response.content as TNote;
  const order = response.choiceOrder as string[];
  return {
    slot: response.slot,
    grading: gradingOf(note),
    front: quizFront(note, response.ordinal, order),
    answer: response.answer as TQuizAnswer | null,
    answeredAt: response.answeredAt?.toISOString() ?? null,
    result: submitted ? { mark: response.mark, autoMark: response.autoMark, comment: response.comment, gradedAt: response.gradedAt?.toISOString() ?? null } : null,
    key: submitted && (grader || showAnswers) ? quizKey(note, response.ordinal, order) : null,
    cardId: grader ? response.cardId : null,
  };
}

export async function viewAttempt(prisma: PrismaClient, viewer: Viewer, attemptId: string, now: Date): Promise<TAttemptView> {
  const { attempt, grader } = await attemptFor(prisma, viewer, attemptId, now);
  const responses = await prisma.quizResponse.findMany({ where: { attemptId }, orderBy: { slot: 'asc' } });
  const submitted = attempt.status === 'submitted';
  return {
    attempt: attemptSummary(attempt),
    quizSet: { id: attempt.quizSet.id, title: attempt.quizSet.title, showAnswers: attempt.quizSet.showAnswers },
    serverNow: now.toISOString(),
    grader,
    questions: responses.map((r) => questionView(r, submitted, grader, attempt.quizSet.showAnswers)),
  };
}

/**
 * Starts an attempt, or returns the taker's attempt of this set that is still open (one at a time, as in Moodle).
 * The questions are drawn and ordered now and the notes copied, so later edits of the deck do not change it.
 */
export async function startAttempt(
  prisma: PrismaClient,
  viewer: Viewer,
  quizSetId: string,
  via: { classId?: string | undefined; token?: string | undefined },
  now: Date,
): Promise<{ view: TAttemptView; created: boolean }> {
  const { set, classId } = await takeAccess(prisma, viewer, quizSetId, via);
  await closeExpiredAttempts(prisma, { quizSetId, userId: viewer.id }, now);
  const open = await prisma.quizAttempt.findFirst({ where: { quizSetId, userId: viewer.id, status: 'open' }, select: { id: true } });
  if (open) return { view: await viewAttempt(prisma, viewer, open.id, now), created: false };

  const cards = await prisma.card.findMany({ where: { deckId: set.deckId, retiredAt: null }, select: { id: true }, orderBy: { position: 'asc' } });
  const count = questionsPerAttempt(set, cards.length);
  if (count === 0) throw conflict('this quiz set has no questions: its deck has no cards');
  const seed = randomUUID();
  const drawn = count < cards.length ? shuffleBySeed(`${seed}\u0000draw`, cards).slice(0, count) : cards;
  const drawnIds = new Set(drawn.map((c) => c.id));
  // Deck order (by position) unless the questions are shuffled.
  const inDeckOrder = cards.filter((c) => drawnIds.has(c.id));
  const ordered = set.shuffleQuestions ? shuffleBySeed(`${seed}\u0000order`, inDeckOrder) : inDeckOrder;
  const rows = await prisma.card.findMany({ where: { id: { in: ordered.map((c) => c.id) } }, select: { id: true, noteId: true, ordinal: true, note: { select: { content: true } } } });
  const byId = new Map(rows.map((r) => [r.id, r]));

  const id = await transaction(prisma, async (tx) => {
    const taken = await tx.quizAttempt.count({ where: { quizSetId, userId: viewer.id } });
    if (set.maxAttempts !== null && taken >= set.maxAttempts) throw conflict(`you have used all ${set.maxAttempts} attempt(s) of this quiz set`);
    const attempt = await tx.quizAttempt.create({
      data: {
        quizSetId,
        userId: viewer.id,
        classId,
        number: taken + 1,
        startedAt: now,
        deadline: set.timeLimitSeconds === null ? null : new Date(now.getTime() + set.timeLimitSeconds * 1000),
        maxScore: ordered.length,
      },
    });
    await tx.quizResponse.createMany({
      data: ordered.map((card, i) => {
        const row = byId.get(card.id)!;
        const note = row.note.content as TNote;
        const ids = note.type === 'multiple-choice' ? note.choices.map((c) => c.id) : [];
        return {
          attemptId: attempt.id,
          slot: i + 1,
          cardId: row.id,
          noteId: row.noteId,
          ordinal: row.ordinal,
          content: note as Prisma.InputJsonValue,
          choiceOrder: set.shuffleChoices ? shuffleBySeed(`${seed}\u0000${row.id}`, ids) : ids,
        };
      }),
    });
    return attempt.id;
  }).catch((error: unknown) => {
    // Two starts at once: the second one's attempt number is taken.
    if (isUniqueViolation(error)) throw conflict('another attempt of this set was started at the same moment; reload');
    throw error;
  });
  return { view: await viewAttempt(prisma, viewer, id, now), created: true };
}

/** Saves (or, with null, clears) the answer to one question of the viewer's own open attempt. */
export async function saveAnswer(prisma: PrismaClient, viewer: Viewer, attemptId: string, slot: number, answer: TQuizAnswer | null, now: Date) {
  const attempt = await prisma.quizAttempt.findUnique({ where: { id: attemptId }, select: { id: true, userId: true, status: true, deadline: true } });
  if (!attempt || attempt.userId !== viewer.id) throw notFound(`no attempt ${attemptId} of yours`, 'params.attemptId');
  if (expired(attempt, now)) {
    await finalize(prisma, attempt.id, now);
    throw conflict('time is up: the attempt was submitted with the answers saved before the deadline');
  }
  const response = await prisma.quizResponse.findUnique({ where: { attemptId_slot: { attemptId, slot } }, select: { content: true, ordinal: true } });
  if (!response) throw notFound(`attempt ${attemptId} has no question ${slot}`, 'params.slot');
  const { problem } = answer ? checkQuizAnswer(response.content as TNote, response.ordinal, answer, 'body.answer') : { problem: null };
  const answeredAt = answer ? now : null;
  await transaction(prisma, async (tx) => {
    // Locks the attempt's row while it is open: a submission in progress makes this wait, then find it submitted.
    const { count } = await tx.quizAttempt.updateMany({ where: { id: attemptId, status: 'open' }, data: { lastSavedAt: now } });
    if (count === 0) throw conflict('this attempt is submitted; its answers can no longer change');
    await tx.quizResponse.update({ where: { attemptId_slot: { attemptId, slot } }, data: { answer: answer ?? Prisma.DbNull, answeredAt } });
  });
  return { slot, answeredAt: answeredAt?.toISOString() ?? null, problem };
}

/** The taker submits their open attempt (submitting again changes nothing). */
export async function submitAttempt(prisma: PrismaClient, viewer: Viewer, attemptId: string, now: Date): Promise<TAttemptView> {
  const attempt = await prisma.quizAttempt.findUnique({ where: { id: attemptId }, select: { userId: true } });
  if (!attempt || attempt.userId !== viewer.id) throw notFound(`no attempt ${attemptId} of yours`, 'params.attemptId');
  await finalize(prisma, attemptId, now);
  return viewAttempt(prisma, viewer, attemptId, now);
}

/**
 * The instructor marks one question of a submitted attempt (a written answer, or overriding the server's mark) with
 * an optional comment; the attempt's score and the count awaiting grading follow.
 */
export async function gradeResponse(prisma: PrismaClient, viewer: Viewer, attemptId: string, slot: number, input: TGradeRequest, now: Date): Promise<TAttemptView> {
  const { attempt, grader } = await attemptFor(prisma, viewer, attemptId, now);
  if (!grader) throw notFound(`no attempt ${attemptId} to grade`, 'params.attemptId');
  if (attempt.status !== 'submitted') throw conflict('the attempt is still open: grade it once it is submitted');
  await transaction(prisma, async (tx) => {
    const updated = await tx.quizResponse.updateMany({
      where: { attemptId, slot },
      data: { mark: input.mark, comment: input.comment === undefined || input.comment === '' ? null : input.comment, gradedById: viewer.id, gradedAt: now },
    });
    if (updated.count === 0) throw badRequest('params.slot', `attempt ${attemptId} has no question ${slot}`);
    const marks = await tx.quizResponse.findMany({ where: { attemptId }, select: { mark: true } });
    await tx.quizAttempt.update({
      where: { id: attemptId },
      data: { score: marks.reduce((sum, m) => sum + (m.mark ?? 0), 0), awaitingGrading: marks.filter((m) => m.mark === null).length },
    });
  });
  return viewAttempt(prisma, viewer, attemptId, now);
}

/** The attempts of a set the viewer manages, optionally of one class or only those awaiting grading. */
export async function listAttempts(prisma: PrismaClient, viewer: Viewer, quizSetId: string, query: { classId?: string | undefined; awaitingGrading?: boolean }, now: Date) {
  await quizSetToManage(prisma, viewer, quizSetId);
  await closeExpiredAttempts(prisma, { quizSetId }, now);
  const rows = await prisma.quizAttempt.findMany({
    where: { quizSetId, ...(query.classId ? { classId: query.classId } : {}), ...(query.awaitingGrading ? { status: 'submitted', awaitingGrading: { gt: 0 } } : {}) },
    include: { user: USER },
    orderBy: [{ startedAt: 'asc' }],
  });
  return { attempts: rows.map(attemptSummary) };
}

/** The set as a student sees it before an attempt, with their own attempts of it. */
export async function setForTaker(prisma: PrismaClient, viewer: Viewer, access: TakeAccess, now: Date): Promise<TQuizSetForTaker> {
  const { set } = access;
  await closeExpiredAttempts(prisma, { userId: viewer.id, quizSetId: set.id }, now);
  const [owner, cardCount, attempts] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: set.ownerId }, select: { displayName: true } }),
    activeCards(prisma, set.deckId),
    prisma.quizAttempt.findMany({ where: { quizSetId: set.id, userId: viewer.id }, include: { user: { select: { id: true, displayName: true, email: true } } }, orderBy: { number: 'asc' } }),
  ]);
  return {
    id: set.id,
    title: set.title,
    instructor: { displayName: owner.displayName },
    questionsPerAttempt: questionsPerAttempt(set, cardCount),
    timeLimitMinutes: set.timeLimitSeconds === null ? null : set.timeLimitSeconds / 60,
    maxAttempts: set.maxAttempts,
    showAnswers: set.showAnswers,
    classId: access.classId,
    attempts: attempts.map(attemptSummary),
    attemptsLeft: set.maxAttempts === null ? null : Math.max(0, set.maxAttempts - attempts.length),
  };
}

/** The set behind a share link (signed-in users and guests). */
export async function setByToken(prisma: PrismaClient, viewer: Viewer, token: string, now: Date): Promise<TQuizSetForTaker> {
  const set = await prisma.quizSet.findUnique({ where: { shareToken: token } });
  if (!set || set.visibility !== 'link') throw notFound('this link does not open a quiz set (it may have been turned off)', 'params.token');
  return setForTaker(prisma, viewer, await takeAccess(prisma, viewer, set.id, { token }), now);
}
