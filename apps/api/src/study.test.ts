import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCard, buildTestApp, seedDeck, sessionCookie, testDeck, type TestApp } from './testing';

describe.each(testProviders())('study actions on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(provider);
    await seedDeck(t.db, testDeck(['a', 'b', 'c', 'd', 'e'].map((x) => basicCard(`card-${x}`)), 'study-deck'));
  });
  afterAll(() => t.close());

  async function guest() {
    const cookie = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
    const next = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/study/next?deckId=study-deck', headers: { cookie } })).json();
    const rate = async (cardId: string, rating: number) =>
      t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie }, payload: { clientId: crypto.randomUUID(), cardId, rating, durationMs: 500 } });
    return { cookie, next, rate };
  }

  it('undoes the latest rating, restoring the card to the state it had, and walks back on repeat', async () => {
    const g = await guest();
    const first = (await g.next()).next;
    await g.rate(first.card.id, 3);
    const second = (await g.next()).next;
    expect(second.card.id).not.toBe(first.card.id);
    await g.rate(second.card.id, 3);

    const undo1 = await t.app.inject({ method: 'POST', url: '/api/v1/study/undo', headers: { cookie: g.cookie } });
    expect(undo1.json().undone.cardId).toBe(second.card.id);
    // The undone card is new again and comes back first (deck order).
    const after1 = await g.next();
    expect(after1.next.card.id).toBe(second.card.id);
    expect(after1.next.state).toBe('new');

    const undo2 = await t.app.inject({ method: 'POST', url: '/api/v1/study/undo', headers: { cookie: g.cookie } });
    expect(undo2.json().undone.cardId).toBe(first.card.id);
    expect((await g.next()).next.card.id).toBe(first.card.id);
    expect((await g.next()).counts.new).toBe(5);
    const undo3 = await t.app.inject({ method: 'POST', url: '/api/v1/study/undo', headers: { cookie: g.cookie } });
    expect(undo3.json()).toEqual({ undone: null });
    // The log keeps both entries, marked undone.
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: g.cookie } })).json().user;
    expect(await t.db.prisma.reviewLog.count({ where: { userId: me.id, undoneAt: { not: null } } })).toBe(2);
  });

  it('lets only one of several simultaneous ratings of a card win; the others get 409 and change nothing', async () => {
    const g = await guest();
    const card = (await g.next()).next.card;
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => g.rate(card.id, (i % 4) + 1)));
    const won = results.filter((r) => r.statusCode === 201);
    expect(won.length).toBeGreaterThanOrEqual(1);
    for (const r of results) expect([201, 409]).toContain(r.statusCode);
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: g.cookie } })).json().user;
    expect(await t.db.prisma.reviewLog.count({ where: { userId: me.id } })).toBe(won.length);
    const state = await t.db.prisma.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: me.id, cardId: card.id } } });
    expect(state.version).toBe(won.length);
    // The stored state is the last winner's.
    const last = won.map((r) => r.json()).sort((a, b) => a.version - b.version).at(-1);
    expect(state.due.toISOString()).toBe(last.due);
  });

  it('logs a rating once when its retries arrive at the same time, and answers every retry with the same review', async () => {
    const g = await guest();
    const card = (await g.next()).next.card;
    const payload = { clientId: crypto.randomUUID(), cardId: card.id, rating: 3, durationMs: 700 };
    const results = await Promise.all(Array.from({ length: 6 }, () => t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie: g.cookie }, payload })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json().reviewId)).size).toBe(1);
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: g.cookie } })).json().user;
    expect(await t.db.prisma.reviewLog.count({ where: { userId: me.id } })).toBe(1);
  });

  it('answers a later retry of a rating with the first result, even after the card moved on, and changes nothing', async () => {
    const g = await guest();
    const card = (await g.next()).next.card;
    const payload = { clientId: crypto.randomUUID(), cardId: card.id, rating: 3, durationMs: 700 };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie: g.cookie }, payload });
    expect(first.statusCode).toBe(201);
    // The card is rated again (another clientId) before the retry of the first rating arrives.
    expect((await g.rate(card.id, 1)).statusCode).toBe(201);
    const state = (await g.next()).counts;
    const retry = await t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie: g.cookie }, payload });
    expect(retry.statusCode).toBe(200);
    // The first rating's review, with the card's version as it is now (what a next expectedVersion must be).
    expect(retry.json()).toMatchObject({ reviewId: first.json().reviewId, version: first.json().version + 1, duplicate: true });
    // A reused clientId with a different rating is refused, naming the field.
    const other = await t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie: g.cookie }, payload: { ...payload, rating: 4 } });
    expect(other.statusCode).toBe(409);
    expect(other.json().field).toBe('body.clientId');
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: g.cookie } })).json().user;
    expect(await t.db.prisma.reviewLog.count({ where: { userId: me.id } })).toBe(2);
    expect((await g.next()).counts).toEqual(state);
  });

  it('buries a card until tomorrow and suspends one until it is unsuspended', async () => {
    const g = await guest();
    const first = (await g.next()).next.card;
    const bury = await t.app.inject({ method: 'POST', url: `/api/v1/study/cards/${first.id}/bury`, headers: { cookie: g.cookie } });
    expect(bury.statusCode).toBe(200);
    expect(new Date(bury.json().buriedUntil).getTime()).toBeGreaterThan(Date.now());
    const afterBury = await g.next();
    expect(afterBury.next.card.id).not.toBe(first.id);
    expect(afterBury.counts.new).toBe(4);

    const second = afterBury.next.card;
    const suspend = await t.app.inject({ method: 'PUT', url: `/api/v1/study/cards/${second.id}/suspended`, headers: { cookie: g.cookie }, payload: { suspended: true } });
    expect(suspend.json().suspended).toBe(true);
    expect((await g.next()).counts.new).toBe(3);
    await t.app.inject({ method: 'PUT', url: `/api/v1/study/cards/${second.id}/suspended`, headers: { cookie: g.cookie }, payload: { suspended: false } });
    expect((await g.next()).counts.new).toBe(4);

    const bad = await t.app.inject({ method: 'PUT', url: `/api/v1/study/cards/${second.id}/suspended`, headers: { cookie: g.cookie }, payload: { suspended: 'yes' } });
    expect(bad.json().field).toBe('body.suspended');
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/study/cards/nope/bury', headers: { cookie: g.cookie } });
    expect(missing.statusCode).toBe(404);
  });

  it('stops serving new cards at the daily new-card limit', async () => {
    const g = await guest();
    const patch = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: { cookie: g.cookie }, payload: { newCardsPerDay: 2 } });
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toMatchObject({ newCardsPerDay: 2, desiredRetention: 0.9 });
    for (let i = 0; i < 2; i++) {
      const { next } = await g.next();
      await g.rate(next.card.id, 4);
    }
    const after = await g.next();
    expect(after.counts.new).toBe(0);
    expect(after.next).toBeNull();
  });

  it('validates settings and names the field', async () => {
    const g = await guest();
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: { cookie: g.cookie }, payload: { desiredRetention: 1.5 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('body.desiredRetention');
    const steps = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: { cookie: g.cookie }, payload: { learningSteps: '5 minutes' } });
    expect(steps.json().field).toBe('body.learningSteps');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/settings' })).statusCode).toBe(401);
  });
});
