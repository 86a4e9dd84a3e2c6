import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, DatabaseConfigError, openDatabase, type Database } from '@recurrence/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { basicCard, seedDeck, sessionCookie, testDeck } from './testing';

/**
 * The embedded SQLite file's disk fills up under a running API: writes answer 503 with Retry-After and a message that
 * says so (never a generic 500), reads keep working, nothing acknowledged is lost or stored twice, and once space comes
 * back the API takes writes without a restart and the file passes SQLite's integrity check. On a read-only file system
 * the API does not start and says which folder and why (not SQLite's "unable to open database file"). The database lives on a small tmpfs this test mounts, so it
 * needs the right to mount (root in a container that allows it); where it has not, it says so and skips.
 */
const CARDS = 40;

function tryMount(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Writes zeros into `file` until the file system has no room left. */
function fillDisk(file: string) {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

describe('the SQLite file on a full disk or a read-only file system', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recurrence-storage-'));
  const mounted = process.platform === 'linux' && tryMount(dir);
  const file = join(dir, 'recurrence.db');
  let db: Database;
  let app: FastifyInstance;
  let cookie: string;
  let next = 0;
  const acknowledged: string[] = [];

  beforeAll(async () => {
    if (!mounted) return;
    const config = { provider: 'sqlite', file } as const;
    await applyMigrations(config);
    db = await openDatabase(config, { studyWorkingSet: true });
    app = await buildApp({ db, version: '0.0.0-test', cookieSecure: false, sessionTtlDays: 30 });
    await app.ready();
    await seedDeck(db, testDeck(Array.from({ length: CARDS }, (_, i) => basicCard(`disk-${String(i).padStart(2, '0')}`)), 'disk-deck'));
    cookie = sessionCookie(await app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: 'disk@example.com', password: 'correct horse battery staple' } }));
  });
  afterAll(async () => {
    if (mounted) {
      await app?.close();
      await db?.close();
      execFileSync('umount', ['-l', dir]);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const rate = (clientId: string, cardId: string) =>
    app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie }, payload: { clientId, cardId, rating: 3, durationMs: 900 } });
  /** Rates the next card of the deck; returns the answer's status and message. */
  const rateNext = async () => {
    const clientId = crypto.randomUUID();
    const cardId = await cardIdOf(`disk-${String(next++).padStart(2, '0')}`);
    const res = await rate(clientId, cardId);
    if (res.statusCode === 201) acknowledged.push(clientId);
    return { status: res.statusCode, message: (res.json() as { message?: string }).message ?? '', retryAfter: res.headers['retry-after'], clientId, cardId };
  };
  const cardIds = new Map<string, string>();
  const cardIdOf = async (noteId: string) => {
    if (cardIds.size === 0) {
      const deck = (await app.inject({ method: 'GET', url: '/api/v1/decks/disk-deck/cards', headers: { cookie } })).json() as { cards: { id: string; noteId?: string }[] };
      deck.cards.forEach((c, i) => cardIds.set(`disk-${String(i).padStart(2, '0')}`, c.id));
    }
    return cardIds.get(noteId)!;
  };

  const storedOnce = async () => {
    const rows = await db.prisma.reviewLog.findMany({ select: { clientId: true } });
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.clientId, (counts.get(r.clientId) ?? 0) + 1);
    for (const id of acknowledged) expect(counts.get(id), `acknowledged rating ${id}`).toBe(1);
    expect(Math.max(0, ...counts.values())).toBeLessThanOrEqual(1);
  };
  const integrity = async () => (await db.prisma.$queryRawUnsafe<{ integrity_check: string }[]>('PRAGMA integrity_check'))[0]!.integrity_check;

  it('a full disk: writes answer 503 saying so, reads work, and it recovers once space is freed', async (ctx) => {
    if (!mounted) ctx.skip();
    expect((await rateNext()).status).toBe(201);

    // Empty the write-ahead log first, so the next write has to grow a file (space SQLite already owns would take it).
    const [checkpoint] = await db.prisma.$queryRawUnsafe<{ busy: number }[]>('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(Number(checkpoint!.busy)).toBe(0);
    const filler = join(dir, 'filler');
    fillDisk(filler);
    const during: Awaited<ReturnType<typeof rateNext>>[] = [];
    try {
      for (let i = 0; i < 8; i++) during.push(await rateNext());
      for (const r of during) expect([201, 503], r.message).toContain(r.status);
      expect(during[0]!.status).toBe(503);
      for (const r of during.filter((r) => r.status === 503)) {
        expect(r.message).toMatch(/disk is full/);
        expect(r.retryAfter).toBeDefined();
      }
      expect((await app.inject({ method: 'GET', url: '/api/v1/study/next', headers: { cookie } })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/v1/decks', headers: { cookie } })).statusCode).toBe(200);
    } finally {
      rmSync(filler);
    }
    const refused = during.filter((r) => r.status === 503);
    expect((await rateNext()).status).toBe(201);
    // A card refused while the disk was full can be rated again now: it was not half-written.
    const retry = refused[0]!;
    const retried = await rate(retry.clientId, retry.cardId);
    expect(retried.statusCode).toBe(201);
    acknowledged.push(retry.clientId);
    await storedOnce();
    expect(await integrity()).toBe('ok');
  });

  it('a read-only file system: the API refuses to start, saying which folder and why, and the file is intact', async (ctx) => {
    if (!mounted) ctx.skip();
    await app.close();
    await db.close();
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    const config = { provider: 'sqlite', file } as const;
    try {
      for (const start of [() => applyMigrations(config), () => openDatabase(config)]) {
        const error = await start().then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(DatabaseConfigError);
        expect((error as Error).message).toContain(dir);
        expect((error as Error).message).toMatch(/read-only file system/);
      }
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', dir]);
    }
    db = await openDatabase(config, { studyWorkingSet: true });
    app = await buildApp({ db, version: '0.0.0-test', cookieSecure: false, sessionTtlDays: 30 });
    await app.ready();
    expect((await rateNext()).status).toBe(201);
    await storedOnce();
    expect(await integrity()).toBe('ok');
  });
});
