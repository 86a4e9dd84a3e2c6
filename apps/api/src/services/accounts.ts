import { hash, verify } from '@node-rs/argon2';
import type { TAccountType, TRole, TUser } from '@recurrence/contracts';
import { transaction, type PrismaClient } from '@recurrence/db';
import { conflict, forbidden, HttpError, isUniqueViolation, notFound, unauthorized } from '../errors';
import { forgetUserSessions } from './sessions';

type UserRow = Awaited<ReturnType<PrismaClient['user']['findUniqueOrThrow']>>;

/** argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum. */
const ARGON2ID = 2;
export const hashPassword = (password: string) => hash(password, { algorithm: ARGON2ID });

// A hash to verify against when the email is unknown, so a wrong email costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;

export function toUserView(user: UserRow): TUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role as TRole,
    isGuest: user.isGuest,
    createdAt: user.createdAt.toISOString(),
  };
}

export async function createGuest(prisma: PrismaClient): Promise<UserRow> {
  return prisma.user.create({ data: { isGuest: true, role: 'student' } });
}

/**
 * Creates an account. A guest who signs up keeps their user id, and with it every review they made.
 * The first account of a fresh install (no admin yet) becomes the admin.
 */
export async function signUp(
  prisma: PrismaClient,
  input: { email: string; password: string; displayName?: string | undefined; accountType?: TAccountType | undefined },
  currentUser: UserRow | null,
  selfServeInstructors = true,
): Promise<UserRow> {
  if (input.accountType === 'instructor' && !selfServeInstructors) throw instructorsByAdmin();
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await transaction(prisma, async (tx) => {
      const hasAdmin = (await tx.user.count({ where: { role: 'admin' } })) > 0;
      const data = {
        email: input.email,
        passwordHash,
        displayName: input.displayName ?? null,
        isGuest: false,
        role: hasAdmin ? (input.accountType ?? 'student') : 'admin',
      };
      if (currentUser?.isGuest) return tx.user.update({ where: { id: currentUser.id }, data });
      return tx.user.create({ data });
    });
    forgetUserSessions(prisma, user.id);
    return user;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('an account with this email already exists', 'body.email');
    throw error;
  }
}

/** Wrong email and wrong password give the same answer. */
export async function signIn(prisma: PrismaClient, input: { email: string; password: string }): Promise<UserRow> {
  const user = await prisma.user.findUnique({ where: { email: input.email } });
  if (!user?.passwordHash) {
    dummyHash ??= hashPassword('not-a-real-password-just-timing');
    await verify(await dummyHash, input.password);
    throw unauthorized('email or password is wrong');
  }
  if (!(await verify(user.passwordHash, input.password))) throw unauthorized('email or password is wrong');
  return user;
}

export async function listUsers(prisma: PrismaClient): Promise<UserRow[]> {
  return prisma.user.findMany({ where: { isGuest: false }, orderBy: { createdAt: 'asc' }, take: 1000 });
}

export async function setRole(prisma: PrismaClient, actor: UserRow, userId: string, role: TRole): Promise<UserRow> {
  const target = await prisma.user.findUnique({ where: { id: userId } });
  if (!target || target.isGuest) throw notFound('no such account', 'params.userId');
  if (target.id === actor.id && role !== 'admin') {
    throw new HttpError(409, 'an admin cannot demote themselves; promote another admin first', 'body.role');
  }
  const updated = await prisma.user.update({ where: { id: userId }, data: { role } });
  forgetUserSessions(prisma, userId);
  return updated;
}

const instructorsByAdmin = () => forbidden('on this server an admin makes accounts instructors (INSTRUCTOR_SELF_SERVE=false)');

/**
 * A user switches between a student and an instructor account themselves (as Quizlet's teacher accounts), when the
 * server allows it. Guests sign up first; admins keep their role; an instructor who still runs classes stays one.
 */
export async function setAccountType(prisma: PrismaClient, user: UserRow, accountType: TAccountType, selfServeInstructors: boolean): Promise<UserRow> {
  if (user.isGuest) throw forbidden('sign up first: a guest account cannot become an instructor');
  if (user.role === 'admin') throw conflict('an admin keeps their role (an admin can do everything an instructor can)', 'body.accountType');
  if (user.role === accountType) return user;
  if (accountType === 'instructor' && !selfServeInstructors) throw instructorsByAdmin();
  if (accountType === 'student' && (await prisma.classroom.count({ where: { ownerId: user.id } })) > 0) {
    throw conflict('you still teach classes: delete them first, or ask an admin', 'body.accountType');
  }
  const updated = await prisma.user.update({ where: { id: user.id }, data: { role: accountType } });
  forgetUserSessions(prisma, user.id);
  return updated;
}
