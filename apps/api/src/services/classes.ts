import { CLASS_LIMITS, type TClassAssignment, type TClassDetail, type TClassList, type TClassSummary, type TCreateClassRequest, type TUpdateClassRequest } from '@recurrence/contracts';
import { transaction, type PrismaClient } from '@recurrence/db';
import { conflict, forbidden, isUniqueViolation, notFound } from '../errors';
import { attemptSummary, closeExpiredAttempts } from './attempts';
import { classToTeach, isAdmin, isMember, newJoinCode, personRef, quizSetToManage, requireTeacher, type Viewer } from './class-access';
import { questionsPerAttempt } from './quiz-sets';

const OWNER = { select: { id: true, displayName: true, email: true } } as const;
type ClassWithOwner = Awaited<ReturnType<typeof findClassWithOwner>>;

const findClassWithOwner = (prisma: PrismaClient, classId: string) =>
  prisma.classroom.findUnique({ where: { id: classId }, include: { owner: OWNER, _count: { select: { members: true } } } });

function summary(row: NonNullable<ClassWithOwner>, viewer: Viewer, relation: TClassSummary['relation']): TClassSummary {
  const teaches = relation !== 'student';
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    instructor: personRef(row.owner, teaches),
    relation,
    joinCode: teaches ? row.joinCode : null,
    joinOpen: row.joinOpen,
    memberCount: row._count.members,
    createdAt: row.createdAt.toISOString(),
  };
}

const relationOf = (row: { ownerId: string }, viewer: Viewer): TClassSummary['relation'] => (row.ownerId === viewer.id ? 'instructor' : isAdmin(viewer) ? 'admin' : 'student');

/** A new join code, tried again on the rare collision with an existing one. */
async function withFreshJoinCode<T>(write: (code: string) => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await write(newJoinCode());
    } catch (error) {
      if (!isUniqueViolation(error) || tries >= 4) throw error;
    }
  }
}

export async function createClass(prisma: PrismaClient, viewer: Viewer, input: Required<TCreateClassRequest>): Promise<TClassSummary> {
  requireTeacher(viewer);
  if ((await prisma.classroom.count({ where: { ownerId: viewer.id } })) >= CLASS_LIMITS.classesPerInstructor) {
    throw conflict(`an instructor can run at most ${CLASS_LIMITS.classesPerInstructor} classes; delete one first`);
  }
  const created = await withFreshJoinCode((joinCode) => prisma.classroom.create({ data: { ownerId: viewer.id, name: input.name, description: input.description, joinCode } }));
  return summary((await findClassWithOwner(prisma, created.id))!, viewer, 'instructor');
}

/** The classes the viewer teaches (an admin: all of them) and the ones they joined. */
export async function listClasses(prisma: PrismaClient, viewer: Viewer): Promise<TClassList> {
  const include = { owner: OWNER, _count: { select: { members: true } } } as const;
  const teaching = viewer.role === 'instructor' || isAdmin(viewer) ? await prisma.classroom.findMany({ where: isAdmin(viewer) ? {} : { ownerId: viewer.id }, include, orderBy: { createdAt: 'asc' } }) : [];
  const memberships = await prisma.classMember.findMany({ where: { userId: viewer.id }, include: { class: { include } }, orderBy: { joinedAt: 'asc' } });
  return {
    teaching: teaching.map((row) => summary(row, viewer, relationOf(row, viewer))),
    enrolled: memberships.map((m) => summary(m.class, viewer, 'student')),
  };
}

/** A class as the viewer may see it: its instructor and admins see the join code; its students their own attempts. */
export async function getClass(prisma: PrismaClient, viewer: Viewer, classId: string, now: Date): Promise<TClassDetail> {
  const row = await findClassWithOwner(prisma, classId);
  const teaches = row !== null && (row.ownerId === viewer.id || isAdmin(viewer));
  if (!row || (!teaches && !(await isMember(prisma, classId, viewer.id)))) throw notFound(`no class ${classId}`, 'params.classId');
  const relation = teaches ? relationOf(row, viewer) : 'student';
  const assignments = await prisma.quizAssignment.findMany({
    where: { classId },
    include: { quizSet: { include: { deck: { select: { _count: { select: { cards: { where: { retiredAt: null } } } } } } } } },
    orderBy: { assignedAt: 'asc' },
  });
  await closeExpiredAttempts(prisma, { userId: viewer.id, classId }, now);
  const mine = await prisma.quizAttempt.findMany({
    where: { userId: viewer.id, classId },
    include: { user: OWNER },
    orderBy: { number: 'asc' },
  });
  const views: TClassAssignment[] = assignments.map((a) => ({
    quizSetId: a.quizSetId,
    title: a.quizSet.title,
    deckId: a.quizSet.deckId,
    questionsPerAttempt: questionsPerAttempt(a.quizSet, a.quizSet.deck._count.cards),
    timeLimitMinutes: a.quizSet.timeLimitSeconds === null ? null : a.quizSet.timeLimitSeconds / 60,
    maxAttempts: a.quizSet.maxAttempts,
    study: a.study,
    assignedAt: a.assignedAt.toISOString(),
    myAttempts: mine.filter((m) => m.quizSetId === a.quizSetId).map(attemptSummary),
  }));
  return { ...summary(row, viewer, relation), assignments: views };
}

export async function updateClass(prisma: PrismaClient, viewer: Viewer, classId: string, input: TUpdateClassRequest, now: Date): Promise<TClassDetail> {
  await classToTeach(prisma, viewer, classId);
  await prisma.classroom.update({ where: { id: classId }, data: input });
  return getClass(prisma, viewer, classId, now);
}

/** Deletes a class with its memberships and assignments; attempts taken for it stay with their quiz set. */
export async function deleteClass(prisma: PrismaClient, viewer: Viewer, classId: string): Promise<void> {
  await classToTeach(prisma, viewer, classId);
  await prisma.classroom.delete({ where: { id: classId } });
}

/** A new join code: the old one stops working (students already in the class stay). */
export async function rotateJoinCode(prisma: PrismaClient, viewer: Viewer, classId: string, now: Date): Promise<TClassDetail> {
  await classToTeach(prisma, viewer, classId);
  await withFreshJoinCode((joinCode) => prisma.classroom.update({ where: { id: classId }, data: { joinCode } }));
  return getClass(prisma, viewer, classId, now);
}

/**
 * Joins the class with this code. Guests sign up first (a class's instructor sees who their students are). Joining a
 * class one is already in changes nothing.
 */
export async function joinClass(prisma: PrismaClient, viewer: Viewer, code: string, now: Date): Promise<TClassDetail> {
  if (viewer.isGuest) throw forbidden('sign up to join a class: your instructor sees your name and results');
  const row = await prisma.classroom.findUnique({ where: { joinCode: code } });
  if (!row) throw notFound('no class has this join code; check it with your instructor', 'body.code');
  if (row.ownerId === viewer.id) throw conflict('you teach this class', 'body.code');
  if (!(await isMember(prisma, row.id, viewer.id))) {
    if (!row.joinOpen) throw forbidden('this class is not taking new students; ask your instructor to open it');
    await transaction(prisma, async (tx) => {
      if ((await tx.classMember.count({ where: { classId: row.id } })) >= CLASS_LIMITS.membersPerClass) {
        throw conflict(`this class is full (${CLASS_LIMITS.membersPerClass} students)`, 'body.code');
      }
      try {
        await tx.classMember.create({ data: { classId: row.id, userId: viewer.id } });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    });
  }
  return getClass(prisma, viewer, row.id, now);
}

export async function listMembers(prisma: PrismaClient, viewer: Viewer, classId: string) {
  await classToTeach(prisma, viewer, classId);
  const members = await prisma.classMember.findMany({ where: { classId }, include: { user: OWNER }, orderBy: { joinedAt: 'asc' } });
  return { members: members.map((m) => ({ user: personRef(m.user), joinedAt: m.joinedAt.toISOString() })) };
}

/** The instructor removes a student, or a student leaves. Their attempts stay (and show on the set's statistics). */
export async function removeMember(prisma: PrismaClient, viewer: Viewer, classId: string, userId: string): Promise<void> {
  if (userId !== viewer.id) await classToTeach(prisma, viewer, classId);
  const { count } = await prisma.classMember.deleteMany({ where: { classId, userId } });
  if (count === 0) throw notFound(userId === viewer.id ? `you are not in class ${classId}` : `no student ${userId} in this class`, userId === viewer.id ? 'params.classId' : 'params.userId');
}

/** Assigns one of the instructor's quiz sets to their class (again: updates `study`). */
export async function assignQuizSet(prisma: PrismaClient, viewer: Viewer, classId: string, input: { quizSetId: string; study: boolean }, now: Date): Promise<TClassDetail> {
  const row = await classToTeach(prisma, viewer, classId);
  const set = await quizSetToManage(prisma, viewer, input.quizSetId, 'body.quizSetId');
  if (set.ownerId !== row.ownerId) throw conflict("a class gets its own instructor's quiz sets only", 'body.quizSetId');
  await prisma.quizAssignment.upsert({
    where: { classId_quizSetId: { classId, quizSetId: set.id } },
    create: { classId, quizSetId: set.id, study: input.study },
    update: { study: input.study },
  });
  return getClass(prisma, viewer, classId, now);
}

export async function unassignQuizSet(prisma: PrismaClient, viewer: Viewer, classId: string, quizSetId: string): Promise<void> {
  await classToTeach(prisma, viewer, classId);
  const { count } = await prisma.quizAssignment.deleteMany({ where: { classId, quizSetId } });
  if (count === 0) throw notFound(`quiz set ${quizSetId} is not assigned to this class`, 'params.quizSetId');
}
