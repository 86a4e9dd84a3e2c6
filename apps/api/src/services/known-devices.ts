import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '@recurrence/db';

/**
 * Known devices: a browser that signed in to an account gets a long-lived random token (cookie sent to the auth
 * routes only); the table keeps its SHA-256 and the account. Its owner's correct password is then accepted even
 * while failed sign-ins from elsewhere slow the account down (sign-in-throttle.ts).
 */
export const DEVICE_COOKIE = 'recurrence_device';
export const DEVICE_COOKIE_PATH = '/api/v1/auth';
export const DEVICE_TTL_MS = 365 * 24 * 60 * 60 * 1000;
/** Devices remembered per account; the least recently used beyond this are forgotten. */
const DEVICES_PER_USER = 20;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type KnownDevice = { id: string; userId: string };

/** The device behind a cookie, if it is one we issued and it has not expired. */
export async function findDevice(prisma: PrismaClient, token: string | undefined): Promise<KnownDevice | null> {
  if (!token || token.length > 128) return null;
  const device = await prisma.knownDevice.findUnique({ where: { id: hashToken(token) }, select: { id: true, userId: true, lastUsedAt: true } });
  if (!device || device.lastUsedAt.getTime() + DEVICE_TTL_MS < Date.now()) return null;
  return { id: device.id, userId: device.userId };
}

/**
 * After a successful sign-in or sign-up: keeps the device's token when it already belongs to this account, else
 * issues a new one. Returns the token to set in the cookie.
 */
export async function rememberDevice(prisma: PrismaClient, userId: string, token: string | undefined): Promise<string> {
  const known = await findDevice(prisma, token);
  if (known && known.userId === userId && token) {
    await prisma.knownDevice.update({ where: { id: known.id }, data: { lastUsedAt: new Date() } });
    return token;
  }
  const fresh = randomBytes(32).toString('base64url');
  await prisma.knownDevice.create({ data: { id: hashToken(fresh), userId } });
  const stale = await prisma.knownDevice.findMany({ where: { userId }, orderBy: { lastUsedAt: 'desc' }, skip: DEVICES_PER_USER, select: { id: true } });
  if (stale.length > 0) await prisma.knownDevice.deleteMany({ where: { id: { in: stale.map((d) => d.id) } } });
  return fresh;
}
