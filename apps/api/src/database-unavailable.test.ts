import { runOnMaintenanceDb } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, seedDeck, sessionCookie, basicCard, testDeck, type TestApp } from './testing';

/**
 * PostgreSQL stops answering (every connection of the database terminated, new ones refused): liveness stays 200,
 * readiness and every route that needs the database answer 503 with Retry-After (not a generic 500), and the app
 * recovers without a restart once the database accepts connections again. PostgreSQL only: it is the database that
 * lives in another process.
 */
const server = process.env.TEST_POSTGRES_URL;

describe.skipIf(!server)('the database unreachable, on postgresql', () => {
  let t: TestApp;
  let cookie: string;
  let name: string;
  const accepting = (allow: boolean) => runOnMaintenanceDb(server!, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS ${allow}`);

  beforeAll(async () => {
    t = await buildTestApp('postgresql');
    name = (await t.db.prisma.$queryRawUnsafe<{ name: string }[]>('SELECT current_database() AS name'))[0]!.name;
    await seedDeck(t.db, testDeck([basicCard('down-a')], 'down-deck'));
    cookie = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: 'down@example.com', password: 'correct horse battery' } }));
  });
  afterAll(async () => {
    await accepting(true);
    await t.close();
  });

  it('answers 503 + Retry-After while it is down, and recovers without a restart', async () => {
    await accepting(false);
    await runOnMaintenanceDb(server!, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);

    const live = await t.app.inject({ method: 'GET', url: '/api/health', headers: { cookie } });
    expect([live.statusCode, live.json().status]).toEqual([200, 'degraded']);
    const calls = [
      { method: 'GET', url: '/api/health/ready' },
      { method: 'GET', url: '/api/v1/decks' },
      { method: 'GET', url: '/api/v1/study/next', headers: { cookie } },
      { method: 'GET', url: '/api/v1/settings', headers: { cookie } },
      { method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'down@example.com', password: 'correct horse battery' } },
    ] as const;
    for (const call of calls) {
      const r = await t.app.inject(call);
      expect({ url: call.url, status: r.statusCode, retryAfter: r.headers['retry-after'] }).toEqual({ url: call.url, status: 503, retryAfter: '5' });
      expect(r.json().message).not.toMatch(/prisma|postgres|invocation|\.ts:/i);
    }

    await accepting(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/health/ready' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/study/next', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).json().status).toBe('ok');
  });
});
