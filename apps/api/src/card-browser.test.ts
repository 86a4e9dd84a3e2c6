import type { TCard } from '@recurrence/contracts';
import { createScheduler, newMemoryState, retrievability, MS_PER_DAY } from '@recurrence/srs';
import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCard, buildTestApp, seedDeck, sessionCookie, testDeck, type TestApp } from './testing';

const tagged = (id: string, tags: string[], section = 'test', front?: string): TCard => ({ ...basicCard(id, front), tags, section }) as TCard;

describe.each(testProviders())('the card browser on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(provider);
    const deck = testDeck(
      [tagged('browse-a', ['rnn'], 'test', 'Why do gradients vanish?'), tagged('browse-b', ['lstm', 'rnn'], 'gates'), tagged('browse-c', ['lstm'], 'gates'), tagged('browse-d', [])],
      'browse-deck',
    );
    deck.sections.push({ id: 'gates', title: { en: 'Gates', zh: '门' } });
    await seedDeck(t.db, deck);
  });
  afterAll(() => t.close());

  async function guest() {
    const cookie = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
    const send = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    const browse = async (query = '') => {
      const r = await send('GET', `/api/v1/decks/browse-deck/browse${query}`);
      expect(r.statusCode).toBe(200);
      return r.json();
    };
    const rate = async (cardId: string, rating: number) => {
      const r = await send('POST', '/api/v1/study/reviews', { clientId: crypto.randomUUID(), cardId, rating, durationMs: 1200 });
      expect(r.statusCode).toBe(201);
      return r.json();
    };
    return { send, browse, rate };
  }

  const slugs = (body: { cards: { card: { slug: string } }[] }) => body.cards.map((c) => c.card.slug);

  it('lists the cards in deck order with tags and sections, and finds them by text, tag and section', async () => {
    const g = await guest();
    const all = await g.browse();
    expect(slugs(all)).toEqual(['browse-a', 'browse-b', 'browse-c', 'browse-d']);
    expect(all.total).toBe(4);
    expect(all.tags).toEqual(['lstm', 'rnn']);
    expect(all.sections).toEqual(['gates', 'test']);
    expect(all.cards[0]).toMatchObject({ state: 'new', due: null, stability: null, difficulty: null, retrievability: null, suspended: false });
    expect(slugs(await g.browse('?q=VANISH'))).toEqual(['browse-a']);
    // Either language: the Chinese back of browse-c.
    expect(slugs(await g.browse(`?q=${encodeURIComponent('browse-c 的背面')}`))).toEqual(['browse-c']);
    expect(slugs(await g.browse('?tag=rnn'))).toEqual(['browse-a', 'browse-b']);
    expect(slugs(await g.browse('?tag=lstm&section=gates'))).toEqual(['browse-b', 'browse-c']);
    expect(slugs(await g.browse('?section=test&tag=lstm'))).toEqual([]);
    const page = await g.browse('?limit=2&offset=2');
    expect(slugs(page)).toEqual(['browse-c', 'browse-d']);
    expect(page.total).toBe(4);
  });

  it("shows a studied card's state, due date, stability, difficulty and retrievability from the FSRS state, and its review log", async () => {
    const g = await guest();
    const [a] = (await g.browse()).cards;
    const rated = await g.rate(a.card.id, 4); // Easy on a new card: straight to review.
    const row = (await g.browse('?state=review')).cards;
    expect(row).toHaveLength(1);
    const card = row[0];
    expect(card).toMatchObject({ state: 'review', due: rated.due, reps: 1, lapses: 0 });
    // The same numbers ts-fsrs gives for Easy on a new card with the default parameters.
    const expected = createScheduler({ desiredRetention: 0.9, maximumIntervalDays: 36500, enableFuzz: false }).scheduleNext(newMemoryState(new Date()), 4, new Date());
    expect(card.stability).toBeCloseTo(expected.stability, 6);
    expect(card.difficulty).toBeCloseTo(expected.difficulty, 6);
    const elapsed = (Date.now() - Date.parse(card.lastReview)) / MS_PER_DAY;
    expect(card.retrievability).toBeCloseTo(retrievability(elapsed, card.stability), 4);
    expect(card.retrievability).toBeGreaterThan(0.99);
    expect(card.retrievability).toBeLessThanOrEqual(1);

    const history = (await g.send('GET', `/api/v1/cards/${a.card.id}/history`)).json();
    expect(history.reviews).toEqual([
      expect.objectContaining({ rating: 4, stateBefore: 'new', state: 'review', due: rated.due, durationMs: 1200, undone: false, stability: card.stability }),
    ]);
    // Undone ratings stay in the log, marked.
    await g.send('POST', '/api/v1/study/undo');
    expect((await g.send('GET', `/api/v1/cards/${a.card.id}/history`)).json().reviews[0].undone).toBe(true);
    expect((await g.browse('?state=review')).cards).toEqual([]);
  });

  it('suspends, unsuspends, resets and reschedules a card; each can be undone', async () => {
    const g = await guest();
    const [a, b] = (await g.browse()).cards;
    await g.rate(a.card.id, 4);

    const suspended = await g.send('POST', `/api/v1/cards/${b.card.id}/suspend`);
    expect(suspended.statusCode).toBe(200);
    expect(suspended.json()).toMatchObject({ suspended: true, state: 'new' });
    expect(slugs(await g.browse('?state=suspended'))).toEqual(['browse-b']);
    expect((await g.send('POST', `/api/v1/cards/${b.card.id}/unsuspend`)).json()).toMatchObject({ suspended: false });
    // Undo takes back the unsuspension: suspended again.
    expect((await g.send('POST', '/api/v1/study/undo')).json().undone).toMatchObject({ kind: 'unsuspend', cardId: b.card.id });
    expect(slugs(await g.browse('?state=suspended'))).toEqual(['browse-b']);

    // Reschedule card a (studied) to a day ten days from now: due at the start of that day (UTC for a new guest).
    const day = new Date(Date.now() + 10 * MS_PER_DAY).toISOString().slice(0, 10);
    const moved = await g.send('POST', `/api/v1/cards/${a.card.id}/reschedule`, { date: day });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ state: 'review', due: `${day}T00:00:00.000Z` });
    expect((await g.browse('?state=due')).cards).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    const dueToday = await g.send('POST', `/api/v1/cards/${a.card.id}/reschedule`, { date: today });
    expect(dueToday.json().due).toBe(`${today}T00:00:00.000Z`);
    expect(slugs(await g.browse('?state=due'))).toEqual(['browse-a']);
    // Reset: new again, no memory state; Undo brings the schedule back.
    const reset = await g.send('POST', `/api/v1/cards/${a.card.id}/reset`);
    expect(reset.json()).toMatchObject({ state: 'new', due: null, stability: null, retrievability: null, reps: 1 });
    expect((await g.send('POST', '/api/v1/study/undo')).json().undone).toMatchObject({ kind: 'reset', cardId: a.card.id });
    expect((await g.browse('?state=due')).cards[0]).toMatchObject({ state: 'review', due: `${today}T00:00:00.000Z` });
    expect((await g.send('POST', '/api/v1/study/undo')).json().undone).toMatchObject({ kind: 'reschedule' });
    expect((await g.browse('?state=review')).cards[0].due).toBe(`${day}T00:00:00.000Z`);

    const history = (await g.send('GET', `/api/v1/cards/${a.card.id}/history`)).json();
    expect(history.actions.map((x: { kind: string; undone: boolean }) => [x.kind, x.undone])).toEqual([
      ['reset', true],
      ['reschedule', true],
      ['reschedule', false],
    ]);
  });

  it('refuses bad input with a 4xx naming the field, and nothing changes', async () => {
    const g = await guest();
    const [a, b] = (await g.browse()).cards;
    await g.rate(a.card.id, 4);
    const expectError = async (response: Awaited<ReturnType<typeof g.send>>, status: number, field: string) => {
      expect(response.statusCode).toBe(status);
      expect(response.json().field ?? response.json().message).toContain(field);
    };
    await expectError(await g.send('GET', '/api/v1/decks/browse-deck/browse?state=asleep'), 400, 'state');
    await expectError(await g.send('GET', '/api/v1/decks/browse-deck/browse?limit=100000'), 400, 'limit');
    await expectError(await g.send('GET', '/api/v1/decks/no-such-deck/browse'), 404, 'params.deckId');
    await expectError(await g.send('POST', '/api/v1/cards/no-such-card/reset'), 404, 'params.cardId');
    await expectError(await g.send('GET', '/api/v1/cards/no-such-card/history'), 404, 'params.cardId');
    await expectError(await g.send('POST', `/api/v1/cards/${a.card.id}/reschedule`, { date: '2001-01-01' }), 400, 'body.date');
    await expectError(await g.send('POST', `/api/v1/cards/${a.card.id}/reschedule`, { date: 'soon' }), 400, 'date');
    await expectError(await g.send('POST', `/api/v1/cards/${a.card.id}/reschedule`, { date: '2999-01-01' }), 400, 'body.date');
    await expectError(await g.send('POST', `/api/v1/cards/${b.card.id}/reschedule`, { date: new Date().toISOString().slice(0, 10) }), 409, 'params.cardId');
    expect((await g.browse()).cards.map((c: { state: string; due: string | null }) => c.state)).toEqual(['review', 'new', 'new', 'new']);
    expect((await g.send('GET', `/api/v1/cards/${a.card.id}/history`)).json().actions).toEqual([]);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/cards/${a.card.id}/suspend` })).statusCode).toBe(401);
  });

  it("shows nobody else's deck: another user's private deck and its cards answer 404", async () => {
    const owner = await guest();
    const deck = (await owner.send('POST', '/api/v1/decks', { title: { en: 'Private' } })).json();
    const added = (await owner.send('POST', `/api/v1/decks/${deck.id}/notes`, { notes: [{ type: 'basic', front: { en: 'Secret front' }, back: { en: 'Secret back' } }] })).json();
    const cardId = added.notes[0].cards[0].id;
    expect((await owner.send('GET', `/api/v1/decks/${deck.id}/browse`)).json().cards[0].card.id).toBe(cardId);
    const other = await guest();
    const browse = await other.send('GET', `/api/v1/decks/${deck.id}/browse`);
    expect(browse.statusCode).toBe(404);
    expect(browse.body).not.toContain('Secret');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/decks/${deck.id}/browse` })).statusCode).toBe(404);
    for (const action of ['suspend', 'reset']) expect((await other.send('POST', `/api/v1/cards/${cardId}/${action}`)).statusCode).toBe(404);
    const history = await other.send('GET', `/api/v1/cards/${cardId}/history`);
    expect(history.statusCode).toBe(404);
    expect(history.json().field).toBe('params.cardId');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const path of ['/api/v1/decks/{deckId}/browse', '/api/v1/cards/{cardId}/history', '/api/v1/cards/{cardId}/reschedule', '/api/v1/cards/{cardId}/reset']) {
      expect(doc.paths[path]).toBeDefined();
    }
  });
});
