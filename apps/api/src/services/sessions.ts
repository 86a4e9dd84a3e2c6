import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '@recurrence/db';

/** Sessions live in the database; the cookie holds a random token and the table only its SHA-256. */
export const SESSION_COOKIE = 'recurrence_session';
const TOKEN_BYTES = 32;
const DAY_MS = 24 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(prisma: PrismaClient, userId: string, ttlDays: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlDays * DAY_MS);
  await prisma.session.create({ data: { id: hashToken(token), userId, expiresAt } });
  return { token, expiresAt };
}

/**
 * The user behind a session token, or null when the token is unknown or expired. Sessions slide: one used more
 * than a day after its last extension is extended to the full lifetime again.
 */
export async function findSessionUser(prisma: PrismaClient, token: string, ttlDays: number) {
  if (token.length === 0 || token.length > 128) return null;
  const id = hashToken(token);
  const session = await prisma.session.findUnique({ where: { id }, include: { user: true } });
  if (!session) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now) {
    await prisma.session.deleteMany({ where: { id } });
    return null;
  }
  if (now - session.lastSeenAt.getTime() > DAY_MS) {
    await prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(now), expiresAt: new Date(now + ttlDays * DAY_MS) } });
  }
  return { sessionId: id, user: session.user };
}

export async function deleteSession(prisma: PrismaClient, token: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: hashToken(token) } });
}
