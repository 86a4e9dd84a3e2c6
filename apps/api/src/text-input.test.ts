import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnstorableText } from './plugins/text-input';
import { buildTestApp, seedDeck, sessionCookie, basicCard, testDeck, type TestApp } from './testing';

/**
 * Text PostgreSQL cannot store (NUL) or that is not Unicode text at all (a lone UTF-16 surrogate) is refused where
 * it enters, with a 400 naming the field, on both databases (PostgreSQL answered 500 for NUL before; SQLite stored it).
 */
describe.each(testProviders())('NUL and lone surrogates in any string input, on %s', (provider) => {
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    t = await buildTestApp(provider);
    await seedDeck(t.db, testDeck([basicCard('nul-a')], 'nul-deck'));
    const signUp = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: 'nul@example.com', password: 'correct horse battery' } });
    cookie = sessionCookie(signUp);
  });
  afterAll(() => t.close());

  const bad = { nul: 'a\u0000b', 'lone high surrogate': 'a\ud800b', 'lone low surrogate': '\udc00' };

  it.each(Object.entries(bad))('a display name with a %s: 400 naming body.displayName, no account made', async (name, value) => {
    const email = `name-${name.replace(/ /g, '-')}@example.com`;
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email, password: 'correct horse battery', displayName: value } });
    expect(r.statusCode).toBe(400);
    expect(r.json().field).toBe('body.displayName');
    expect(await t.db.prisma.user.count({ where: { email } })).toBe(0);
  });

  it.each(Object.entries(bad))('a sign-up email with a %s: 400 naming body.email', async (_, value) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: `x${value}@example.com`, password: 'correct horse battery' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().field).toBe('body.email');
  });

  it('a NUL in a path parameter (card id, run id, deck id): 400 naming the parameter', async () => {
    const card = await t.app.inject({ method: 'POST', url: '/api/v1/study/cards/a%00b/bury', headers: { cookie } });
    expect([card.statusCode, card.json().field]).toEqual([400, 'params.cardId']);
    const run = await t.app.inject({ method: 'GET', url: '/api/v1/lab/runs/a%00b', headers: { cookie } });
    expect([run.statusCode, run.json().field]).toEqual([400, 'params.runId']);
    const deck = await t.app.inject({ method: 'GET', url: '/api/v1/decks/nul-deck%00/cards', headers: { cookie } });
    expect([deck.statusCode, deck.json().field]).toEqual([400, 'params.deckId']);
  });

  // A URL cannot carry a lone surrogate (UTF-8 has no bytes for one: %ED%A0%80 decodes to U+FFFD), so only NUL here.
  it('a NUL in a query: 400 naming the query parameter', async () => {
    const next = await t.app.inject({ method: 'GET', url: '/api/v1/study/next?deckId=nul%00deck', headers: { cookie } });
    expect([next.statusCode, next.json().field]).toEqual([400, 'query.deckId']);
    const stats = await t.app.inject({ method: 'GET', url: '/api/v1/stats?deckId=%00', headers: { cookie } });
    expect([stats.statusCode, stats.json().field]).toEqual([400, 'query.deckId']);
  });

  it('a NUL in an answer and in a nested id of a rating: 400 naming the field', async () => {
    const check = await t.app.inject({ method: 'POST', url: '/api/v1/study/check', headers: { cookie }, payload: { cardId: 'nul-a', answer: { kind: 'type-in', text: 'x\u0000' } } });
    expect(check.statusCode).toBe(400);
    expect(check.json().field).toMatch(/^body\.(cardId|answer)/);
    const review = await t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie }, payload: { cardId: 'nul-a\u0000', rating: 3, clientId: 'c1' } });
    expect(review.statusCode).toBe(400);
  });

  it('a NUL in an object key is refused too (the key is named with the bad character shown as U+FFFD)', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: 'key@example.com', password: 'correct horse battery', 'display\u0000Name': 'x' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().field).toBe('body.display\ufffdName');
  });

  it('a NUL in the session or device cookie: treated as no session, not a 500', async () => {
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: 'recurrence_session=a%00b' } });
    expect(me.statusCode).toBe(401);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { cookie: 'recurrence_device=a%00b' },
      payload: { email: 'nul@example.com', password: 'correct horse battery' },
    });
    expect(signIn.statusCode).toBe(200);
  });

  it('ordinary text, emoji (surrogate pairs) and Chinese pass', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: 'ada@example.com', password: 'correct horse battery', displayName: 'Ada 😀 李' } });
    expect(r.statusCode).toBe(201);
    expect(r.json().user.displayName).toBe('Ada 😀 李');
  });
});

describe('findUnstorableText', () => {
  it('does not walk an uploaded file\'s bytes (a multipart body holds a Buffer), but checks its name', () => {
    const data = Buffer.from('a\u0000b');
    // A property on the Buffer shows whether the walk went into it (its bytes are numbers and would not).
    Object.defineProperty(data, 'walked', { value: 'x\u0000', enumerable: true });
    expect(findUnstorableText({ file: { data, filename: 'deck.apkg' } }, 'body')).toBeNull();
    expect(findUnstorableText({ file: { data, filename: 'deck\u0000.apkg' } }, 'body')).toEqual({ field: 'body.file.filename', reason: expect.stringContaining('NUL') });
  });
});
