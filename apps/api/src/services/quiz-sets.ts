import { QUIZ_LIMITS, type TCreateQuizSetRequest, type TLocalizedText, type TQuizSet, type TUpdateQuizSetRequest } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { notFound } from '../errors';
import { isAdmin, newShareToken, personRef, quizSetToManage, requireTeacher, type Viewer } from './class-access';

type QuizSetRow = Awaited<ReturnType<typeof quizSetToManage>>;

/** How many questions an attempt gets: the set's count, at most the deck's cards and the per-attempt limit. */
export function questionsPerAttempt(set: { questionCount: number | null }, cardCount: number): number {
  return Math.min(set.questionCount ?? cardCount, cardCount, QUIZ_LIMITS.questionsPerAttempt);
}

export const activeCards = (prisma: PrismaClient, deckId: string) => prisma.card.count({ where: { deckId, retiredAt: null } });

/**
 * Decks an instructor may publish: their own, and the built-in ones. An admin may publish any deck.
 */
async function deckToPublish(prisma: PrismaClient, viewer: Viewer, deckId: string) {
  const deck = await prisma.deck.findUnique({ where: { id: deckId }, select: { id: true, ownerId: true, source: true } });
  if (!deck || !(deck.source === 'builtin' || deck.ownerId === viewer.id || isAdmin(viewer))) throw notFound(`no deck ${deckId} of yours`, 'body.deckId');
  return deck;
}

async function view(prisma: PrismaClient, set: QuizSetRow): Promise<TQuizSet> {
  const [deck, owner, assignments, cardCount, attemptCount, awaitingGrading] = await Promise.all([
    prisma.deck.findUniqueOrThrow({ where: { id: set.deckId }, select: { title: true } }),
    prisma.user.findUniqueOrThrow({ where: { id: set.ownerId }, select: { id: true, displayName: true, email: true } }),
    prisma.quizAssignment.findMany({ where: { quizSetId: set.id }, include: { class: { select: { id: true, name: true } } }, orderBy: { assignedAt: 'asc' } }),
    activeCards(prisma, set.deckId),
    prisma.quizAttempt.count({ where: { quizSetId: set.id } }),
    prisma.quizAttempt.count({ where: { quizSetId: set.id, status: 'submitted', awaitingGrading: { gt: 0 } } }),
  ]);
  return {
    id: set.id,
    deckId: set.deckId,
    deckTitle: deck.title as TLocalizedText,
    owner: personRef(owner),
    title: set.title,
    visibility: set.visibility as TQuizSet['visibility'],
    shareToken: set.visibility === 'link' ? set.shareToken : null,
    timeLimitMinutes: set.timeLimitSeconds === null ? null : set.timeLimitSeconds / 60,
    maxAttempts: set.maxAttempts,
    questionCount: set.questionCount,
    shuffleQuestions: set.shuffleQuestions,
    shuffleChoices: set.shuffleChoices,
    showAnswers: set.showAnswers,
    cardCount,
    questionsPerAttempt: questionsPerAttempt(set, cardCount),
    classes: assignments.map((a) => ({ id: a.class.id, name: a.class.name, study: a.study })),
    attemptCount,
    awaitingGrading,
    createdAt: set.createdAt.toISOString(),
    updatedAt: set.updatedAt.toISOString(),
  };
}

const settingsData = (input: TUpdateQuizSetRequest) => ({
  ...(input.title !== undefined ? { title: input.title } : {}),
  ...(input.visibility !== undefined ? { visibility: input.visibility } : {}),
  ...(input.timeLimitMinutes !== undefined ? { timeLimitSeconds: input.timeLimitMinutes === null ? null : input.timeLimitMinutes * 60 } : {}),
  ...(input.maxAttempts !== undefined ? { maxAttempts: input.maxAttempts } : {}),
  ...(input.questionCount !== undefined ? { questionCount: input.questionCount } : {}),
  ...(input.shuffleQuestions !== undefined ? { shuffleQuestions: input.shuffleQuestions } : {}),
  ...(input.shuffleChoices !== undefined ? { shuffleChoices: input.shuffleChoices } : {}),
  ...(input.showAnswers !== undefined ? { showAnswers: input.showAnswers } : {}),
});

export async function createQuizSet(prisma: PrismaClient, viewer: Viewer, input: Required<TCreateQuizSetRequest>): Promise<TQuizSet> {
  requireTeacher(viewer);
  const deck = await deckToPublish(prisma, viewer, input.deckId);
  const { deckId: _deckId, ...rest } = input;
  const created = await prisma.quizSet.create({
    data: { ownerId: viewer.id, deckId: deck.id, ...settingsData(rest), title: input.title, shareToken: input.visibility === 'link' ? newShareToken() : null },
  });
  return view(prisma, created);
}

export async function listQuizSets(prisma: PrismaClient, viewer: Viewer): Promise<{ quizSets: TQuizSet[] }> {
  requireTeacher(viewer);
  const sets = await prisma.quizSet.findMany({ where: isAdmin(viewer) ? {} : { ownerId: viewer.id }, orderBy: { createdAt: 'asc' } });
  return { quizSets: await Promise.all(sets.map((s) => view(prisma, s))) };
}

export async function getQuizSet(prisma: PrismaClient, viewer: Viewer, quizSetId: string): Promise<TQuizSet> {
  return view(prisma, await quizSetToManage(prisma, viewer, quizSetId));
}

/** Changes settings. Sharing by link makes a token the first time; making the set private again forgets it. */
export async function updateQuizSet(prisma: PrismaClient, viewer: Viewer, quizSetId: string, input: TUpdateQuizSetRequest): Promise<TQuizSet> {
  const set = await quizSetToManage(prisma, viewer, quizSetId);
  const token = input.visibility === 'private' ? { shareToken: null } : input.visibility === 'link' && !set.shareToken ? { shareToken: newShareToken() } : {};
  return view(prisma, await prisma.quizSet.update({ where: { id: set.id }, data: { ...settingsData(input), ...token } }));
}

/** A new share link: the old one stops working. */
export async function rotateShareToken(prisma: PrismaClient, viewer: Viewer, quizSetId: string): Promise<TQuizSet> {
  const set = await quizSetToManage(prisma, viewer, quizSetId);
  return view(prisma, await prisma.quizSet.update({ where: { id: set.id }, data: { visibility: 'link', shareToken: newShareToken() } }));
}

/** Deletes the set with its assignments and every attempt of it. */
export async function deleteQuizSet(prisma: PrismaClient, viewer: Viewer, quizSetId: string): Promise<void> {
  const set = await quizSetToManage(prisma, viewer, quizSetId);
  await prisma.quizSet.delete({ where: { id: set.id } });
}

export type TakeAccess = { set: QuizSetRow; classId: string | null };

/**
 * Whether the viewer may take the set, and for which class: its instructor and admins always (a preview, no class);
 * a student through a class it is assigned to (`classId`, or the first such class they are in), or with its share
 * token while it is shared by link. Everyone else: 404.
 */
export async function takeAccess(prisma: PrismaClient, viewer: Viewer, quizSetId: string, via: { classId?: string | undefined; token?: string | undefined }): Promise<TakeAccess> {
  const set = await prisma.quizSet.findUnique({ where: { id: quizSetId } });
  const missing = () => notFound(`no quiz set ${quizSetId} for you`, 'params.quizSetId');
  if (!set) throw missing();
  const assigned = await prisma.quizAssignment.findMany({
    where: { quizSetId, ...(via.classId ? { classId: via.classId } : {}), class: { members: { some: { userId: viewer.id } } } },
    select: { classId: true },
    orderBy: { assignedAt: 'asc' },
  });
  if (assigned[0]) return { set, classId: assigned[0].classId };
  if (via.classId) {
    if (set.ownerId === viewer.id || isAdmin(viewer)) {
      // The instructor previews the set as a class would see it; it must be assigned there.
      if (await prisma.quizAssignment.findUnique({ where: { classId_quizSetId: { classId: via.classId, quizSetId } } })) return { set, classId: null };
    }
    throw notFound(`quiz set ${quizSetId} is not assigned to class ${via.classId} for you`, 'body.classId');
  }
  if (set.ownerId === viewer.id || isAdmin(viewer)) return { set, classId: null };
  if (via.token !== undefined && set.visibility === 'link' && set.shareToken === via.token) return { set, classId: null };
  throw missing();
}
