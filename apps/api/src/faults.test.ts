import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@recurrence/db';
import { createScratchDatabase, testProviders, type ScratchDatabase } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * kill -9 of the API in the middle of a burst of ratings, at several points: every rating the API acknowledged is
 * stored, exactly once; after a restart, retrying every request that was sent (with its clientId) answers an
 * acknowledged one with the first result and stores an unacknowledged one at most once. The API runs as a real
 * process (`tsx src/server.ts`) so the kill hits it wherever it happens to be: mid-transaction, mid-response.
 */
const apiDir = join(dirname(fileURLToPath(import.meta.url)), '..');
/** How long after the burst's third acknowledged rating each kill comes (the process is warm by then). */
const CRASH_POINTS_MS = [0, 7, 30];
const ACKS_BEFORE_KILL = 3;
const IN_FLIGHT = 8;

type Api = { child: ChildProcess; port: number };

async function startApi(env: Record<string, string>): Promise<Api> {
  const port = 5200 + Math.floor(Math.random() * 700);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: apiDir,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'silent', LAB_WARM_ON_START: 'false', GUESTS_PER_HOUR: '10000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return { child, port };
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the API did not start');
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe.each(testProviders())('kill -9 of the API during a burst of ratings, on %s', (provider) => {
  let scratch: ScratchDatabase;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    scratch = await createScratchDatabase(provider);
    dataDir = mkdtempSync(join(tmpdir(), 'recurrence-faults-'));
    env = scratch.config.provider === 'sqlite' ? { DATABASE_URL: `file:${scratch.config.file}`, DATA_DIR: dataDir } : { DATABASE_URL: scratch.config.url, DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores every acknowledged rating exactly once, and a retry after restart answers with the first result', { timeout: 480_000 }, async () => {
    let api = await startApi(env);
    const url = (path: string) => `http://127.0.0.1:${api.port}${path}`;
    const guest = await fetch(url('/api/v1/auth/guest'), { method: 'POST' });
    const cookie = guest.headers.getSetCookie()[0]!.split(';')[0]!;
    const userId = ((await guest.json()) as { user: { id: string } }).user.id;
    const decks = (await (await fetch(url('/api/v1/decks'), { headers: { cookie } })).json()) as { decks: { id: string }[] };
    const cards = ((await (await fetch(url(`/api/v1/decks/${decks.decks[0]!.id}/cards`), { headers: { cookie } })).json()) as { cards: { id: string }[] }).cards.map((c) => c.id);

    type Sent = { clientId: string; cardId: string; rating: number; first?: unknown };
    const sent: Sent[] = [];
    let nextCard = 0;
    const rate = (s: Sent) =>
      fetch(url('/api/v1/study/reviews'), { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ clientId: s.clientId, cardId: s.cardId, rating: s.rating, durationMs: 800 }) });

    let crashes = 0;
    for (const afterMs of CRASH_POINTS_MS) {
      // A burst: IN_FLIGHT clients rating distinct cards back to back, until the process is killed under them.
      let killed = false;
      let acks = 0;
      const clients = Array.from({ length: IN_FLIGHT }, async () => {
        while (!killed && nextCard < cards.length) {
          const s: Sent = { clientId: crypto.randomUUID(), cardId: cards[nextCard++]!, rating: 1 + (nextCard % 4) };
          sent.push(s);
          try {
            const res = await rate(s);
            if (res.status === 201) {
              s.first = await res.json();
              acks++;
            }
            else throw new Error(`rating answered ${res.status}: ${await res.text()}`);
          } catch (error) {
            if (!killed) throw error;
          }
        }
      });
      const burst = Promise.all(clients);
      // Kill only once the burst is under way, so the kill lands among ratings in flight however slow the start was.
      for (let waited = 0; acks < ACKS_BEFORE_KILL; waited += 5) {
        if (waited > 120_000) throw new Error(`only ${acks} ratings acknowledged in 120 s`);
        await Promise.race([burst, new Promise((r) => setTimeout(r, 5))]);
      }
      await new Promise((r) => setTimeout(r, afterMs));
      killed = true;
      api.child.kill('SIGKILL');
      await burst;
      await exited(api.child);
      crashes++;
      api = await startApi(env);
    }

    try {
      const acknowledged = sent.filter((s) => s.first !== undefined);
      expect(crashes).toBe(CRASH_POINTS_MS.length);
      expect(acknowledged.length).toBeGreaterThan(0);
      expect(sent.length).toBeGreaterThan(acknowledged.length); // some were in flight at a kill

      // Acknowledged = stored, once: count the review log rows by the rating's clientId, straight from the database.
      const db = await openDatabase(scratch.config);
      const counts = async () => {
        const rows = await db.prisma.reviewLog.findMany({ where: { userId }, select: { clientId: true } });
        const byClient = new Map<string, number>();
        for (const r of rows) byClient.set(r.clientId, (byClient.get(r.clientId) ?? 0) + 1);
        return { rows: rows.length, byClient };
      };
      try {
        const before = await counts();
        for (const s of acknowledged) expect(before.byClient.get(s.clientId), `acknowledged rating ${s.clientId}`).toBe(1);
        expect(Math.max(...before.byClient.values())).toBe(1);

        // Retry everything that was sent: the acknowledged ones answer 200 with the first result, the rest are stored once.
        for (const s of sent) {
          const res = await rate(s);
          const body = (await res.json()) as Record<string, unknown>;
          if (s.first !== undefined) {
            expect(res.status).toBe(200);
            const { duplicate: _d, ...rest } = body;
            const { duplicate: _f, ...first } = s.first as Record<string, unknown>;
            expect(rest).toEqual(first);
          } else {
            expect([200, 201]).toContain(res.status);
          }
        }
        const after = await counts();
        expect(after.rows).toBe(sent.length);
        for (const s of sent) expect(after.byClient.get(s.clientId)).toBe(1);
      } finally {
        await db.close();
      }
    } finally {
      api.child.kill('SIGTERM');
      await exited(api.child);
    }
  });
});
