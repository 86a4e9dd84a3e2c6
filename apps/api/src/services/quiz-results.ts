import type { TClassResults, TItemStatistics, TLocalizedText, TNote, TQuizAnswer, TStudentResult } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { stringify } from 'csv-stringify/sync';
import { closeExpiredAttempts } from './attempts';
import { classToTeach, personRef, quizSetToManage, type Viewer } from './class-access';
import { itemStatistics, selectAttempts, type TAttemptsToAnalyse, type TItemNumbers, type TStatsAttempt } from './item-statistics';
import { gradeQuizAnswer, gradingOf, quizFront } from './quiz-grading';

/**
 * Item statistics of a quiz set: over its submitted, fully graded attempts (of one class, when given), without the
 * instructor's own previews. See item-statistics.ts for the formulas.
 */
export async function quizSetStatistics(
  prisma: PrismaClient,
  viewer: Viewer,
  quizSetId: string,
  query: { classId?: string | undefined; attempts: TAttemptsToAnalyse },
  now: Date,
): Promise<TItemStatistics> {
  const set = await quizSetToManage(prisma, viewer, quizSetId);
  if (query.classId) await classToTeach(prisma, viewer, query.classId);
  await closeExpiredAttempts(prisma, { quizSetId }, now);
  const where = { quizSetId, status: 'submitted', userId: { not: set.ownerId }, ...(query.classId ? { classId: query.classId } : {}) };
  const [graded, awaiting] = await Promise.all([
    prisma.quizAttempt.findMany({ where: { ...where, awaitingGrading: 0 }, include: { responses: true }, orderBy: { startedAt: 'asc' } }),
    // Attempts with written answers still to grade: left out of the figures; their ungraded answers counted per question.
    prisma.quizAttempt.findMany({
      where: { ...where, awaitingGrading: { gt: 0 } },
      select: { responses: { where: { mark: null }, select: { cardId: true, noteId: true, ordinal: true, content: true } } },
      orderBy: { startedAt: 'asc' },
    }),
  ]);
  /** The latest copy of each question's note, and its ordinal: what the statistics show as the question. */
  const asked = new Map<string, { note: TNote; noteId: string; ordinal: number }>();
  const pending = new Map<string, number>();
  for (const r of awaiting.flatMap((a) => a.responses)) {
    asked.set(r.cardId, { note: r.content as TNote, noteId: r.noteId, ordinal: r.ordinal });
    pending.set(r.cardId, (pending.get(r.cardId) ?? 0) + 1);
  }
  const attempts: TStatsAttempt[] = graded.map((attempt) => ({
    id: attempt.id,
    userId: attempt.userId,
    number: attempt.number,
    score: attempt.score,
    responses: attempt.responses.map((r) => {
      const note = r.content as TNote;
      asked.set(r.cardId, { note, noteId: r.noteId, ordinal: r.ordinal });
      const mark = r.mark ?? 0;
      // What was answered, normalised, when it was not (wholly) right; written answers are not grouped.
      const wrong = mark < 1 && gradingOf(note) === 'auto' ? gradeQuizAnswer(note, r.ordinal, r.answer as TQuizAnswer | null).key : null;
      return { cardId: r.cardId, mark, wrong };
    }),
  }));
  const analysed = selectAttempts(attempts, query.attempts);
  const figures = itemStatistics(analysed);
  // A question answered so far only in attempts awaiting grading is listed too, without figures.
  const onlyPending = [...pending.keys()].filter((cardId) => !figures.some((f) => f.cardId === cardId));
  const noFigures = (cardId: string): TItemNumbers => ({ cardId, responses: 0, facilityIndex: null, sd: null, discriminationIndex: null, wrongAnswers: [] });
  const items = [...figures, ...onlyPending.map(noFigures)].map((item) => {
    const { note, noteId, ordinal } = asked.get(item.cardId)!;
    return {
      cardId: item.cardId,
      noteId,
      ordinal,
      grading: gradingOf(note),
      front: quizFront(note, ordinal, []),
      responses: item.responses,
      facilityIndex: item.facilityIndex,
      sd: item.sd,
      discriminationIndex: item.discriminationIndex,
      commonWrongAnswers: item.wrongAnswers.slice(0, 3).map((w) => ({ ...w, text: choiceText(note, w.answer) })),
      awaitingGrading: pending.get(item.cardId) ?? 0,
    };
  });
  return {
    quizSetId,
    title: set.title,
    classId: query.classId ?? null,
    attempts: query.attempts,
    attemptsAnalysed: analysed.length,
    attemptsAwaitingGrading: awaiting.length,
    items,
  };
}

/** The text of a wrong multiple-choice answer ("b", or "b+c" for several choices). */
function choiceText(note: TNote, answer: string): TLocalizedText | null {
  if (note.type !== 'multiple-choice' || answer === '') return null;
  const texts = answer.split('+').map((id) => note.choices.find((c) => c.id === id)?.text);
  if (texts.some((t) => t === undefined)) return null;
  const join = (lang: keyof TLocalizedText) => texts.map((t) => t![lang]).join(' + ');
  return { en: join('en'), zh: join('zh') };
}

const percent = (value: number | null) => (value === null ? '' : value.toFixed(2));

/** The question in plain words for a CSV cell: its prompt in `lang`. */
function questionText(note: TNote, ordinal: number, lang: keyof TLocalizedText): string {
  switch (note.type) {
    case 'basic':
      return (ordinal === 2 ? note.back : note.front)[lang];
    case 'cloze':
      return note.text[lang];
    default:
      return note.question[lang];
  }
}

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) gets a leading apostrophe
 * (OWASP's advice on CSV injection): names and answers come from users. Negative numbers stay as they are.
 */
const cell = (value: string | number) => (typeof value === 'string' && /^[=+\-@\t\r]/.test(value) && !/^-\d+(\.\d+)?$/.test(value) ? `'${value}` : value);
const csv = (rows: (string | number)[][]) => stringify(rows.map((row) => row.map(cell)), { bom: true });

export function statisticsCsv(stats: TItemStatistics, notes: Map<string, TNote>, lang: keyof TLocalizedText): string {
  const header = ['question', 'card', 'type', 'grading', 'text', 'responses', 'facility index (%)', 'SD (%)', 'discrimination index (%)', 'common wrong answers', 'awaiting grading'];
  return csv([
    header,
    ...stats.items.map((item, i) => {
      const note = notes.get(item.cardId);
      const wrong = item.commonWrongAnswers.map((w) => `${w.text ? w.text[lang] : w.answer === '' ? '(no answer)' : w.answer} ×${w.count}`).join('; ');
      return [i + 1, item.cardId, item.front.type, item.grading, note ? questionText(note, item.ordinal, lang) : '', item.responses, percent(item.facilityIndex), percent(item.sd), percent(item.discriminationIndex), wrong, item.awaitingGrading];
    }),
  ]);
}

/** The notes behind a statistics answer, for the CSV's question texts. */
export async function statisticsNotes(prisma: PrismaClient, stats: TItemStatistics): Promise<Map<string, TNote>> {
  const rows = await prisma.quizResponse.findMany({
    where: { cardId: { in: stats.items.map((i) => i.cardId) }, attempt: { quizSetId: stats.quizSetId } },
    select: { cardId: true, content: true },
    orderBy: { attempt: { startedAt: 'desc' } },
    distinct: ['cardId'],
  });
  return new Map(rows.map((r) => [r.cardId, r.content as TNote]));
}

/**
 * The class dashboard: per student their attempts, best score per assigned set (Moodle's "highest grade"), and study
 * progress and true retention in the decks of the sets assigned for study; per set the attempts and mean best score.
 */
export async function classResults(prisma: PrismaClient, viewer: Viewer, classId: string, now: Date): Promise<TClassResults> {
  const row = await classToTeach(prisma, viewer, classId);
  await closeExpiredAttempts(prisma, { classId }, now);
  const [members, assignments, attempts] = await Promise.all([
    prisma.classMember.findMany({ where: { classId }, include: { user: { select: { id: true, displayName: true, email: true } } }, orderBy: { joinedAt: 'asc' } }),
    prisma.quizAssignment.findMany({ where: { classId }, include: { quizSet: { select: { id: true, title: true, deckId: true } } }, orderBy: { assignedAt: 'asc' } }),
    prisma.quizAttempt.findMany({ where: { classId, status: 'submitted' }, select: { userId: true, quizSetId: true, score: true, maxScore: true, awaitingGrading: true } }),
  ]);
  const allAttempts = await prisma.quizAttempt.groupBy({ by: ['userId'], where: { classId }, _count: { _all: true } });
  const attemptCount = new Map(allAttempts.map((a) => [a.userId, a._count._all]));
  const userIds = members.map((m) => m.userId);
  const studyDecks = [...new Set(assignments.filter((a) => a.study).map((a) => a.quizSet.deckId))];

  const [cards, studied, reviews] = studyDecks.length === 0 || userIds.length === 0
    ? [0, [], []]
    : await Promise.all([
        prisma.card.count({ where: { deckId: { in: studyDecks }, retiredAt: null } }),
        prisma.cardState.groupBy({ by: ['userId'], where: { userId: { in: userIds }, deckId: { in: studyDecks }, state: { not: 'new' }, card: { retiredAt: null } }, _count: { _all: true } }),
        prisma.reviewLog.groupBy({
          by: ['userId', 'rating'],
          where: { userId: { in: userIds }, stateBefore: 'review', undoneAt: null, card: { deckId: { in: studyDecks } } },
          _count: { _all: true },
        }),
      ]);
  const studiedBy = new Map(studied.map((s) => [s.userId, s._count._all]));

  /** Best submitted attempt per (user, set): its fraction of the maximum and whether it is final. */
  const best = new Map<string, { best: number; final: boolean }>();
  for (const a of attempts) {
    const key = `${a.userId}\u0000${a.quizSetId}`;
    const fraction = a.maxScore === 0 ? 0 : a.score / a.maxScore;
    const current = best.get(key);
    if (!current || fraction > current.best) best.set(key, { best: fraction, final: a.awaitingGrading === 0 });
  }

  const students: TStudentResult[] = members.map((m) => {
    const sets = assignments.map((a) => {
      const b = best.get(`${m.userId}\u0000${a.quizSetId}`);
      return { quizSetId: a.quizSetId, attempts: attempts.filter((t) => t.userId === m.userId && t.quizSetId === a.quizSetId).length, best: b?.best ?? null, final: b?.final ?? true };
    });
    const scored = sets.filter((s) => s.best !== null).map((s) => s.best!);
    const own = reviews.filter((r) => r.userId === m.userId);
    const reviewCount = own.reduce((n, r) => n + r._count._all, 0);
    const recalled = own.filter((r) => r.rating > 1).reduce((n, r) => n + r._count._all, 0);
    return {
      user: personRef(m.user),
      joinedAt: m.joinedAt.toISOString(),
      attempts: attemptCount.get(m.userId) ?? 0,
      score: scored.length === 0 ? null : scored.reduce((a, b) => a + b, 0) / scored.length,
      sets,
      study: { cards, studied: studiedBy.get(m.userId) ?? 0, reviews: reviewCount, trueRetention: reviewCount === 0 ? null : recalled / reviewCount },
    };
  });
  const sets = assignments.map((a) => {
    const bests = students.map((s) => s.sets.find((x) => x.quizSetId === a.quizSetId)!.best).filter((b): b is number => b !== null);
    return {
      quizSetId: a.quizSetId,
      title: a.quizSet.title,
      attempts: attempts.filter((t) => t.quizSetId === a.quizSetId).length,
      students: bests.length,
      meanBest: bests.length === 0 ? null : bests.reduce((x, y) => x + y, 0) / bests.length,
      awaitingGrading: attempts.filter((t) => t.quizSetId === a.quizSetId && t.awaitingGrading > 0).length,
    };
  });
  return { classId, name: row.name, sets, students };
}

export function classResultsCsv(results: TClassResults): string {
  const pct = (fraction: number | null) => (fraction === null ? '' : (100 * fraction).toFixed(1));
  const header = [
    'student',
    'email',
    'joined',
    'attempts',
    'score (%)',
    ...results.sets.map((s) => `${s.title} best (%)`),
    'cards studied',
    'cards',
    'reviews',
    'true retention (%)',
  ];
  return csv([
    header,
    ...results.students.map((s) => [
      s.user.displayName ?? '',
      s.user.email ?? '',
      s.joinedAt.slice(0, 10),
      s.attempts,
      pct(s.score),
      ...s.sets.map((x) => (x.best === null ? '' : `${pct(x.best)}${x.final ? '' : ' (awaiting grading)'}`)),
      s.study.studied,
      s.study.cards,
      s.study.reviews,
      pct(s.study.trueRetention),
    ]),
  ]);
}
