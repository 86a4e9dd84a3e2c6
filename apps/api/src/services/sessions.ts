import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '@recurrence/db';
import { ReadCache } from './read-cache';

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

type UserRow = Awaited<ReturnType<PrismaClient['user']['findUniqueOrThrow']>>;
type CachedSession = { sessionId: string; user: UserRow; expiresAt: number } | null;

/**
 * Every request resolves its cookie, so on the embedded database sessions are cached for up to a minute (see
 * ReadCache; on PostgreSQL, where several API processes share the database, they are not cached). Sign-out and
 * every change to a user (sign-up of a guest, a role change) forget the cached entries at once; the minute bounds
 * how long a change made outside this process (a script) can go unseen.
 */
const SESSION_CACHE_MS = 60_000;
const cache = new ReadCache<string, CachedSession>({ limit: 10_000, maxAgeMs: SESSION_CACHE_MS });

/** Drops cached sessions of a user whose row changed. */
export function forgetUserSessions(prisma: PrismaClient, userId: string): void {
  cache.forgetWhere(prisma, (entry) => entry?.user.id === userId);
}

/**
 * The user behind a session token, or null when the token is unknown or expired. Sessions slide: one used more
 * than a day after its last extension is extended to the full lifetime again.
 */
export async function findSessionUser(prisma: PrismaClient, token: string, ttlDays: number): Promise<{ sessionId: string; user: UserRow } | null> {
  if (token.length === 0 || token.length > 128) return null;
  const id = hashToken(token);
  const found = await cache.get(prisma, id, () => loadSession(prisma, id, ttlDays));
  if (found && found.expiresAt <= Date.now()) {
    cache.forget(prisma, id);
    return null;
  }
  return found && { sessionId: found.sessionId, user: found.user };
}

async function loadSession(prisma: PrismaClient, id: string, ttlDays: number): Promise<CachedSession> {
  const session = await prisma.session.findUnique({ where: { id }, include: { user: true } });
  if (!session) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now) {
    await prisma.session.deleteMany({ where: { id } });
    return null;
  }
  let expiresAt = session.expiresAt.getTime();
  if (now - session.lastSeenAt.getTime() > DAY_MS) {
    expiresAt = now + ttlDays * DAY_MS;
    await prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(now), expiresAt: new Date(expiresAt) } });
  }
  return { sessionId: id, user: session.user, expiresAt };
}

export async function deleteSession(prisma: PrismaClient, token: string): Promise<void> {
  const id = hashToken(token);
  await prisma.session.deleteMany({ where: { id } });
  cache.forget(prisma, id);
}
