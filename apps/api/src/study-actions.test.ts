import { applyMigrations, openDatabase } from '@recurrence/db';
import { createScratchDatabase, testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCard, buildTestApp, seedDeck, sessionCookie, testDeck, type TestApp } from './testing';

describe.each(testProviders())('undo, bury, suspend and the day in a time zone on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(provider);
    await seedDeck(t.db, testDeck(['a', 'b', 'c'].map((x) => basicCard(`action-${x}`)), 'action-deck'));
  });
  afterAll(() => t.close());

  async function guest() {
    const cookie = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
    const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    const next = async () => (await send('GET', '/api/v1/study/next?deckId=action-deck')).json();
    return { cookie, send, next };
  }

  it('undoes a bury or a suspension, latest first, then the rating before it', async () => {
    const g = await guest();
    const first = (await g.next()).next.card;
    expect((await g.send('POST', '/api/v1/study/reviews', { clientId: crypto.randomUUID(), cardId: first.id, rating: 4, durationMs: 5 })).statusCode).toBe(201);
    const second = (await g.next()).next.card;
    await g.send('POST', `/api/v1/study/cards/${second.id}/bury`);
    const third = (await g.next()).next.card;
    expect(third.id).not.toBe(second.id);
    await g.send('PUT', `/api/v1/study/cards/${third.id}/suspended`, { suspended: true });
    expect((await g.next()).next).toBeNull();

    // U after suspend: the suspended card is back (not the rating before it).
    expect((await g.send('POST', '/api/v1/study/undo')).json()).toEqual({ undone: { kind: 'suspend', reviewId: expect.any(String), cardId: third.id, rating: null } });
    expect((await g.next()).next.card.id).toBe(third.id);
    // U again: the bury is lifted; the buried card comes first again (deck order).
    expect((await g.send('POST', '/api/v1/study/undo')).json().undone).toMatchObject({ kind: 'bury', cardId: second.id });
    expect((await g.next()).next.card.id).toBe(second.id);
    // U again: now the rating.
    expect((await g.send('POST', '/api/v1/study/undo')).json().undone).toMatchObject({ kind: 'rating', cardId: first.id, rating: 4 });
    expect((await g.next()).counts.new).toBe(3);
    expect((await g.send('POST', '/api/v1/study/undo')).json()).toEqual({ undone: null });
  });

  it('shows a learning card due within 20 minutes when nothing else is left, and says when the next card is due', async () => {
    await seedDeck(t.db, testDeck([basicCard('learn-ahead')], 'learn-ahead-deck'));
    const g = await guest();
    const next = async () => (await g.send('GET', '/api/v1/study/next?deckId=learn-ahead-deck')).json();
    const rate = async (cardId: string, rating: number) => (await g.send('POST', '/api/v1/study/reviews', { clientId: crypto.randomUUID(), cardId, rating, durationMs: 5 })).json();
    const card = (await next()).next.card;
    // Good on a new card: the next learning step, 10 minutes away. Nothing else is left, so it is shown now.
    const first = await rate(card.id, 3);
    expect(first.state).toBe('learning');
    expect(new Date(first.due).getTime() - Date.now()).toBeGreaterThan(5 * 60_000);
    const early = await next();
    expect(early.next.card.id).toBe(card.id);
    // Good again: it graduates to review, days away: nothing to show, and the answer says when it is due.
    const second = await rate(card.id, 3);
    expect(second.state).toBe('review');
    const done = await next();
    expect(done.next).toBeNull();
    expect(done.nextDue).toBe(second.due);
  });

  it('says a new card held back by the daily limit is due at the start of tomorrow, before a review days away', async () => {
    await seedDeck(t.db, testDeck(['x', 'y'].map((x) => basicCard(`limit-${x}`)), 'limit-deck'));
    const g = await guest();
    const next = async () => (await g.send('GET', '/api/v1/study/next?deckId=limit-deck')).json();
    expect((await g.send('PATCH', '/api/v1/settings', { newCardsPerDay: 1 })).statusCode).toBe(200);
    const card = (await next()).next.card;
    const easy = (await g.send('POST', '/api/v1/study/reviews', { clientId: crypto.randomUUID(), cardId: card.id, rating: 4, durationMs: 5 })).json();
    const tomorrow = new Date();
    tomorrow.setUTCHours(24, 0, 0, 0);
    expect(new Date(easy.due).getTime()).toBeGreaterThan(tomorrow.getTime());
    const done = await next();
    expect(done).toMatchObject({ next: null, counts: { new: 0 }, nextDue: tomorrow.toISOString() });
    // With no new cards a day, none comes tomorrow: the next card is the review.
    expect((await g.send('PATCH', '/api/v1/settings', { newCardsPerDay: 0 })).statusCode).toBe(200);
    expect((await next()).nextDue).toBe(easy.due);
  });

    it('keeps what a guest studied when the guest signs in to an existing account', async () => {
    const email = `merge-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const password = 'correct horse battery staple';
    // The account studied card a earlier.
    const signUp = await (await guest()).send('POST', '/api/v1/auth/sign-up', { email, password });
    // Signing up starts a new session.
    const accountCookie = sessionCookie(signUp);
    const asAccount = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: { cookie: accountCookie }, ...(payload ? { payload } : {}) });
    const a = (await asAccount('GET', '/api/v1/study/next?deckId=action-deck')).json().next.card;
    expect((await asAccount('POST', '/api/v1/study/reviews', { clientId: crypto.randomUUID(), cardId: a.id, rating: 1, durationMs: 5 })).statusCode).toBe(201);
    await asAccount('POST', '/api/v1/auth/sign-out');

    // A guest on another device studies a (later) and b.
    const visitor = await guest();
    for (let i = 0; i < 2; i++) {
      const card = (await visitor.next()).next.card;
      expect((await visitor.send('POST', '/api/v1/study/reviews', { clientId: crypto.randomUUID(), cardId: card.id, rating: 4, durationMs: 5 })).statusCode).toBe(201);
    }
    // …and writes a deck of their own.
    const deck = (await visitor.send('POST', '/api/v1/decks', { title: { en: 'Written as a guest' } })).json();
    const signIn = await visitor.send('POST', '/api/v1/auth/sign-in', { email, password });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json()).toMatchObject({ user: { email }, merged: { cards: 2, reviews: 2 } });
    const cookie = sessionCookie(signIn);
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).json().user;
    expect(await t.db.prisma.reviewLog.count({ where: { userId: me.id } })).toBe(3);
    // The guest's deck is the account's now (a deck left without an owner would be nobody's to read).
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/decks/${deck.id}`, headers: { cookie } })).json()).toMatchObject({ mine: true, canEdit: true });
    // Card a: the guest's later Easy wins over the account's Again.
    expect((await t.db.prisma.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: me.id, cardId: a.id } } })).state).toBe('review');
    const next = (await t.app.inject({ method: 'GET', url: '/api/v1/study/next?deckId=action-deck', headers: { cookie } })).json();
    expect(next.counts.new).toBe(1);
  });

    it('counts new cards on the deck list as the statistics do: a suspended new card is suspended, not new', async () => {
    const g = await guest();
    const card = (await g.next()).next.card;
    await g.send('PUT', `/api/v1/study/cards/${card.id}/suspended`, { suspended: true });
    const deck = (await g.send('GET', '/api/v1/decks')).json().decks.find((d: { id: string }) => d.id === 'action-deck');
    const stats = (await g.send('GET', '/api/v1/stats?deckId=action-deck')).json();
    expect(stats.counts).toMatchObject({ new: 2, suspended: 1 });
    expect(deck.new).toBe(stats.counts.new);
  });

    it('buries until local midnight of the time zone set, summer time included, and names a bad zone', async () => {
    const g = await guest();
    const bad = await g.send('PATCH', '/api/v1/settings', { timeZone: 'Mars/Olympus_Mons' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('body.timeZone');
    const old = await g.send('PATCH', '/api/v1/settings', { utcOffsetMinutes: 120 });
    expect(old.statusCode).toBe(400);
    const ok = await g.send('PATCH', '/api/v1/settings', { timeZone: 'America/New_York' });
    expect(ok.json()).toMatchObject({ timeZone: 'America/New_York' });
    const card = (await g.next()).next.card;
    const bury = (await g.send('POST', `/api/v1/study/cards/${card.id}/bury`)).json();
    const until = new Date(bury.buriedUntil);
    // Midnight in New York: 04:00Z in summer (EDT), 05:00Z in winter (EST).
    const hour = until.getUTCHours();
    expect([4, 5]).toContain(hour);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(until);
    expect(local).toBe('00:00');
    expect(until.getTime()).toBeGreaterThan(Date.now());
    expect(until.getTime() - Date.now()).toBeLessThanOrEqual(25 * 3_600_000);
  });
});

describe.each(testProviders())('migrating UTC offsets to time zones on %s', (provider) => {
  it('gives each stored offset the zone that keeps it', async () => {
    const scratch = await createScratchDatabase(provider);
    try {
      await applyMigrations(scratch.config, { before: 'card_actions_and_time_zones' });
      const old = await openDatabase(scratch.config);
      const offsets = [0, 120, -300, 330, 345, -210, 840, -720, 17, -45];
      const now = provider === 'sqlite' ? String(Date.now()) : 'CURRENT_TIMESTAMP';
      for (const [i, offset] of offsets.entries()) {
        await old.prisma.$executeRawUnsafe(`INSERT INTO "User" ("id", "role", "isGuest", "createdAt", "updatedAt") VALUES ('u${i}', 'student', true, ${now}, ${now})`);
        await old.prisma.$executeRawUnsafe(`INSERT INTO "StudySettings" ("userId", "utcOffsetMinutes", "updatedAt") VALUES ('u${i}', ${offset}, ${now})`);
      }
      await old.close();
      await applyMigrations(scratch.config);
      const db = await openDatabase(scratch.config);
      try {
        const rows = await db.prisma.studySettings.findMany({ orderBy: { userId: 'asc' } });
        const zones = Object.fromEntries(rows.map((r) => [offsets[Number(r.userId.slice(1))], r.timeZone]));
        expect(zones).toEqual({
          0: 'UTC',
          120: 'Etc/GMT-2',
          [-300]: 'Etc/GMT+5',
          330: 'Asia/Kolkata',
          345: 'Asia/Kathmandu',
          [-210]: 'America/St_Johns',
          840: 'Etc/GMT-14',
          [-720]: 'Etc/GMT+12',
          17: 'UTC',
          [-45]: 'Etc/GMT+1',
        });
        // Every zone is one the runtime knows, with the offset it replaced (at a date without daylight saving).
        const january = new Date('2026-01-15T12:00:00Z');
        for (const [offset, zone] of Object.entries(zones)) {
          const shown = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' } as Intl.DateTimeFormatOptions).formatToParts(january).find((p) => p.type === 'timeZoneName')!.value;
          const minutes = shown === 'GMT' ? 0 : (shown[3] === '-' ? -1 : 1) * (Number(shown.slice(4, 6)) * 60 + Number(shown.slice(7, 9) || 0));
          expect(Math.abs(minutes - Number(offset)), `${offset} → ${zone} (${shown})`).toBeLessThanOrEqual(30);
        }
      } finally {
        await db.close();
      }
    } finally {
      await scratch.drop();
    }
  });
});
