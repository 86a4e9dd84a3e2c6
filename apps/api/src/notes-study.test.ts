import type { TStudyCard } from '@recurrence/contracts';
import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, clozeNote, multipleChoiceNote, seedDeck, sessionCookie, testDeck, type TestApp } from './testing';

describe.each(testProviders())('studying notes card by card on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(provider);
    await seedDeck(t.db, testDeck([clozeNote('lstm-gates', 'The {{c1::forget}} gate, the {{c2::input::which gate?}} gate and the {{c3::output}} gate; the {{c1::forget}} gate again.')], 'cloze-deck'));
    const numeric = { id: 'tiny-product', type: 'numeric', section: 'test', tags: [], question: { en: '0.9^100?', zh: '0.9^100？' }, answer: 2.6561e-5, tolerance: { relative: 0.05 } };
    await seedDeck(t.db, testDeck([multipleChoiceNote('pick-one', ['a', 'b', 'c', 'd', 'e', 'f']), numeric as never], 'graded-deck'));
  });
  afterAll(() => t.close());

  async function guest(deckId: string) {
    const cookie = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
    const get = async (url: string) => (await t.app.inject({ method: 'GET', url, headers: { cookie } })).json();
    const post = (url: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
    const next = async (): Promise<{ next: TStudyCard | null; counts: { due: number; new: number } }> => get(`/api/v1/study/next?deckId=${deckId}`);
    const rate = (card: TStudyCard, rating: number, answer?: object) =>
      post('/api/v1/study/reviews', { clientId: crypto.randomUUID(), cardId: card.card.id, rating, durationMs: 500, expectedVersion: card.version, ...(answer ? { answer } : {}) });
    return { cookie, get, post, next, rate };
  }

  it('shows a cloze note with three deletion numbers as three cards, one deletion number hidden on each', async () => {
    const g = await guest('cloze-deck');
    expect((await g.next()).counts.new).toBe(3);
    const seen: TStudyCard[] = [];
    for (let i = 0; i < 3; i++) {
      const { next } = await g.next();
      seen.push(next!);
      expect((await g.rate(next!, 4)).statusCode).toBe(201);
    }
    expect(seen.map((s) => s.card.ordinal)).toEqual([1, 2, 3]);
    expect(new Set(seen.map((s) => s.card.id)).size).toBe(3);
    expect(new Set(seen.map((s) => s.card.noteId)).size).toBe(1);
    expect(seen.map((s) => s.card.front)).toEqual([1, 2, 3].map((ordinal) => expect.objectContaining({ type: 'cloze', ordinal })));
    // Each card has its own schedule: all three are now in review, none new.
    expect((await g.next()).counts).toEqual({ due: 0, new: 0 });

    // Statistics count cards, not notes.
    const stats = await g.get('/api/v1/stats?deckId=cloze-deck');
    expect(stats.counts).toMatchObject({ total: 3, new: 0 });
    const decks = await g.get('/api/v1/decks');
    expect(decks.decks.find((d: { id: string }) => d.id === 'cloze-deck')).toMatchObject({ cardCount: 3, noteCount: 1 });
  });

  it('checks a multiple-choice answer on the server, keeps the order across reload and undo, and logs what was chosen', async () => {
    const g = await guest('graded-deck');
    const first = (await g.next()).next!;
    expect(first.card.front.type).toBe('multiple-choice');
    expect(first.card.back).toBeNull();
    const raw = (await t.app.inject({ method: 'GET', url: '/api/v1/study/next?deckId=graded-deck', headers: { cookie: g.cookie } })).body;
    expect(raw).not.toMatch(/"correct"|"why"/);
    const order = first.card.front.type === 'multiple-choice' ? first.card.front.choices.map((c) => c.id) : [];
    expect([...order].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    // Reloading the same review shows the same order.
    expect((await g.next()).next!.card.front).toEqual(first.card.front);

    const wrong = await g.post('/api/v1/study/check', { cardId: first.card.id, answer: { kind: 'choices', ids: ['b'] } });
    expect(wrong.statusCode).toBe(200);
    expect(wrong.json()).toMatchObject({ answered: true, correct: false, suggested: 1, detail: { kind: 'choices', correctIds: ['a'], wrong: ['b'], missed: ['a'] } });
    expect(wrong.json().back.choices.find((c: { id: string }) => c.id === 'a')).toMatchObject({ correct: true, why: { en: 'Why a' } });
    // Checking saves nothing.
    expect((await g.next()).next!.version).toBe(first.version);

    expect((await g.rate(first, 1, { kind: 'choices', ids: ['b'] })).statusCode).toBe(201);
    const me = (await g.get('/api/v1/auth/me')).user;
    const log = await t.db.prisma.reviewLog.findFirstOrThrow({ where: { userId: me.id, cardId: first.card.id } });
    expect(log.answer).toEqual({ kind: 'choices', shown: order, chosen: ['b'], correct: false });

    // Undo brings back the same review, in the same order.
    expect((await g.post('/api/v1/study/undo')).json().undone.cardId).toBe(first.card.id);
    const again = (await g.next()).next!;
    expect(again.card.id).toBe(first.card.id);
    expect(again.card.front).toEqual(first.card.front);
  });

  it('grades a numeric answer written with a Unicode minus and ×10⁻ⁿ, and names the field of a bad answer', async () => {
    const g = await guest('graded-deck');
    const numericCard = (await t.db.prisma.card.findFirstOrThrow({ where: { note: { slug: 'tiny-product' } } })).id;
    const check = await g.post('/api/v1/study/check', { cardId: numericCard, answer: { kind: 'number', text: '2.7 × 10⁻⁵' } });
    expect(check.json()).toMatchObject({ correct: true, suggested: 3, back: { type: 'numeric', answer: 2.6561e-5 } });
    const back = check.json().back;
    expect(back.low).toBeCloseTo(2.6561e-5 * 0.95, 12);
    expect(back.high).toBeCloseTo(2.6561e-5 * 1.05, 12);
    expect((await g.post('/api/v1/study/check', { cardId: numericCard, answer: { kind: 'number', text: '−3' } })).json()).toMatchObject({ correct: false, detail: { value: -3 } });

    const wrongKind = await g.post('/api/v1/study/check', { cardId: numericCard, answer: { kind: 'choices', ids: [] } });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().field).toBe('body.answer');
    const badShape = await g.post('/api/v1/study/check', { cardId: numericCard, answer: { kind: 'number' } });
    expect(badShape.statusCode).toBe(400);
    expect(badShape.json().field).toMatch(/^body\.answer/);
    expect((await g.post('/api/v1/study/check', { cardId: 'no-such-card', answer: { kind: 'number', text: '1' } })).statusCode).toBe(404);
    const rateWrongKind = await g.post('/api/v1/study/reviews', { clientId: crypto.randomUUID(), cardId: numericCard, rating: 3, durationMs: 5, answer: { kind: 'choices', ids: ['a'] } });
    expect(rateWrongKind.statusCode).toBe(400);
    expect(rateWrongKind.json().field).toBe('body.answer');
    const me = (await g.get('/api/v1/auth/me')).user;
    expect(await t.db.prisma.reviewLog.count({ where: { userId: me.id } })).toBe(0);
  });
});
