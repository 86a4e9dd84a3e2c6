import { randomBytes, randomInt } from 'node:crypto';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, type TPersonRef } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { forbidden, notFound } from '../errors';

/** Who is asking: the signed-in user (or guest). */
export type Viewer = { id: string; role: string; isGuest: boolean };

export const isAdmin = (viewer: Viewer) => viewer.role === 'admin';

/** Instructors and admins run classes and publish quiz sets. */
export function requireTeacher(viewer: Viewer): void {
  if (viewer.role !== 'instructor' && viewer.role !== 'admin') {
    throw forbidden('only instructors run classes and publish quiz sets: choose an instructor account in Settings, or ask an admin');
  }
}

type ClassRow = NonNullable<Awaited<ReturnType<PrismaClient['classroom']['findUnique']>>>;
type QuizSetRow = NonNullable<Awaited<ReturnType<PrismaClient['quizSet']['findUnique']>>>;

/**
 * A class the viewer teaches (its instructor, or an admin). Anyone else gets 404 — whether the class exists is not
 * theirs to know — except its students, who get 403 for the instructor's pages.
 */
export async function classToTeach(prisma: PrismaClient, viewer: Viewer, classId: string): Promise<ClassRow> {
  const found = await prisma.classroom.findUnique({ where: { id: classId } });
  if (found && (found.ownerId === viewer.id || isAdmin(viewer))) return found;
  if (found && (await isMember(prisma, classId, viewer.id))) throw forbidden("only the class's instructor sees this");
  throw notFound(`no class ${classId}`, 'params.classId');
}

export async function isMember(prisma: PrismaClient, classId: string, userId: string): Promise<boolean> {
  return (await prisma.classMember.findUnique({ where: { classId_userId: { classId, userId } }, select: { userId: true } })) !== null;
}

/** A quiz set the viewer manages (its instructor, or an admin); 404 for everyone else. */
export async function quizSetToManage(prisma: PrismaClient, viewer: Viewer, quizSetId: string, field = 'params.quizSetId'): Promise<QuizSetRow> {
  const found = await prisma.quizSet.findUnique({ where: { id: quizSetId } });
  if (found && (found.ownerId === viewer.id || isAdmin(viewer))) return found;
  throw notFound(`no quiz set ${quizSetId}`, field);
}

/** A short join code from an alphabet without look-alike characters. */
export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/** 128 random bits, URL-safe: the secret part of a quiz set's share link. */
export const newShareToken = () => randomBytes(16).toString('base64url');

/** A person as the viewer may see them: the email only where `showEmail` (an instructor looking at their students, an admin). */
export const personRef = (user: { id: string; displayName: string | null; email: string | null }, showEmail = true): TPersonRef => ({
  id: user.id,
  displayName: user.displayName,
  email: showEmail ? user.email : null,
});
