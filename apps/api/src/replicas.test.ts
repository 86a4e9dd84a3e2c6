import { testProviders } from '@recurrence/db/testing';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCard, buildTestApps, seedDeck, sessionCookie, testDeck } from './testing';

/**
 * Self-hosters run several API processes on one PostgreSQL database behind a load balancer. Each app here has its
 * own connections, working set and read caches, as a process would; one user's requests alternate between them.
 */
const postgres = testProviders().filter((p) => p === 'postgresql');

describe.skipIf(postgres.length === 0)('two API processes on one PostgreSQL database', () => {
  let apps: FastifyInstance[];
  let close: () => Promise<void>;
  const deckId = 'replica-deck';

  beforeAll(async () => {
    const built = await buildTestApps('postgresql', 2);
    ({ apps, close } = built);
    await seedDeck(built.dbs[0]!, testDeck(['a', 'b', 'c', 'd', 'e', 'f'].map((x) => basicCard(`replica-${x}`)), deckId));
  });
  afterAll(() => close());

  /** A guest whose requests go to process A, B, A, B, … as a round-robin balancer sends them. */
  async function guest() {
    const cookie = sessionCookie(await apps[0]!.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
    let turn = 0;
    const send = (method: InjectOptions['method'], url: string, payload?: object, to = turn++ % 2) =>
      apps[to]!.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    const next = async () => (await send('GET', `/api/v1/study/next?deckId=${deckId}`)).json();
    const rate = (cardId: string, rating: number) => send('POST', '/api/v1/study/reviews', { clientId: crypto.randomUUID(), cardId, rating, durationMs: 5 });
    return { cookie, send, next, rate };
  }

  it('never serves a card that the other process saw rated, and counts each rating once against the daily limit', async () => {
    const g = await guest();
    // Read on both processes first, so each has loaded whatever it keeps about this user.
    expect((await g.next()).counts.new).toBe(6);
    expect((await g.next()).counts.new).toBe(6);
    expect((await g.send('PATCH', '/api/v1/settings', { newCardsPerDay: 3 })).statusCode).toBe(200);
    const served: string[] = [];
    for (;;) {
      const { next } = await g.next();
      if (next === null || next.state !== 'new') break;
      expect(served).not.toContain(next.card.id);
      served.push(next.card.id);
      expect((await g.rate(next.card.id, 4)).statusCode).toBe(201);
      expect(served.length).toBeLessThanOrEqual(3);
    }
    // Three new cards a day, whichever process answered: no more, no fewer.
    expect(served).toHaveLength(3);
    for (const to of [0, 1]) expect((await g.send('GET', `/api/v1/study/next?deckId=${deckId}`, undefined, to)).json().counts.new).toBe(0);
  });

  it('undoes on one process a rating made on the other', async () => {
    const g = await guest();
    const first = (await g.next()).next.card.id as string;
    expect((await g.rate(first, 3)).statusCode).toBe(201);
    const undo = await g.send('POST', '/api/v1/study/undo');
    expect(undo.json().undone).toMatchObject({ kind: 'rating', cardId: first });
    for (const to of [0, 1]) expect((await g.send('GET', `/api/v1/study/next?deckId=${deckId}`, undefined, to)).json().next.card.id).toBe(first);
  });

  it('applies a settings change made on one process to scheduling on the other', async () => {
    const g = await guest();
    for (const to of [0, 1]) await g.send('GET', '/api/v1/settings', undefined, to);
    expect((await g.send('PATCH', '/api/v1/settings', { newCardsPerDay: 0 }, 0)).statusCode).toBe(200);
    expect((await g.send('GET', '/api/v1/settings', undefined, 1)).json().newCardsPerDay).toBe(0);
    expect((await g.send('GET', `/api/v1/study/next?deckId=${deckId}`, undefined, 1)).json().next).toBeNull();
  });

  it('ends a session on both processes when the user signs out on one', async () => {
    const g = await guest();
    for (const to of [0, 1]) expect((await g.send('GET', '/api/v1/auth/me', undefined, to)).statusCode).toBe(200);
    expect((await g.send('POST', '/api/v1/auth/sign-out', undefined, 0)).statusCode).toBeLessThan(300);
    expect((await g.send('GET', '/api/v1/auth/me', undefined, 1)).statusCode).toBe(401);
  });
});
