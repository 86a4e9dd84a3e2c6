import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCard, buildTestApp, seedDeck, sessionCookie, testDeck, type TestApp } from './testing';

describe.each(testProviders())('API on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(provider);
    await seedDeck(t.db, testDeck([basicCard('card-one'), basicCard('card-two'), basicCard('card-three')]));
  });
  afterAll(() => t.close());

  const signUp = (email: string, password = 'correct horse battery', cookie?: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email, password }, headers: cookie ? { cookie } : {} });

  it('answers health with the database in use', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: provider, version: '0.0.0-test', labBackend: null });
  });

  it('serves the OpenAPI document generated from the zod schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.paths['/api/v1/study/reviews'].post.requestBody.content['application/json'].schema.properties.rating).toBeDefined();
    expect((await t.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toContain('/api/v1/nope');
  });

  it('answers malformed JSON with 400 naming the body', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: '{"email": ', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'body', message: 'body: malformed JSON' });
  });

  it('answers a path that is not valid UTF-8, or a path parameter too long, in the one error shape naming the parameters', async () => {
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/decks/x%ED%A0%80y' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: 'params: the path is not valid percent-encoded UTF-8', field: 'params' });
    const long = await t.app.inject({ method: 'GET', url: `/api/v1/decks/${'x'.repeat(101)}` });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({ field: 'params' });
  });

  it('names the field at fault when sign-up input is invalid', async () => {
    const badEmail = await signUp('not-an-email');
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().field).toBe('body.email');
    const shortPassword = await signUp('short@example.com', 'short');
    expect(shortPassword.statusCode).toBe(400);
    expect(shortPassword.json().field).toBe('body.password');
    const extra = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: 'x@example.com', password: 'long enough pw', role: 'admin' } });
    expect(extra.statusCode).toBe(400);
  });

  it('makes the first account admin, later ones students, and refuses a duplicate email with 409', async () => {
    const first = await signUp('Admin@Example.com');
    expect(first.statusCode).toBe(201);
    expect(first.json().user).toMatchObject({ email: 'admin@example.com', role: 'admin', isGuest: false });
    const cookie = first.cookies.find((c) => c.name === 'recurrence_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    const second = await signUp('student@example.com');
    expect(second.json().user.role).toBe('student');
    const dup = await signUp('ADMIN@example.com');
    expect(dup.statusCode).toBe(409);
    expect(dup.json().field).toBe('body.email');
  });

  it('signs in, and answers a wrong email and a wrong password alike with 401', async () => {
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'student@example.com', password: 'correct horse battery' } });
    expect(ok.statusCode).toBe(200);
    const wrongPassword = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'student@example.com', password: 'wrong password!' } });
    const wrongEmail = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'nobody@example.com', password: 'correct horse battery' } });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongEmail.statusCode).toBe(401);
    expect(wrongPassword.json().message).toBe(wrongEmail.json().message);
  });

  it('slows repeated failed sign-ins for one email down with 429 and Retry-After', async () => {
    const attempt = () => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'guessed@example.com', password: 'wrong password!' } });
    for (let i = 0; i < 6; i++) expect((await attempt()).statusCode).toBe(401);
    const blocked = await attempt();
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1); // 2 s after the sixth failure
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(2);
    expect(blocked.json().message).toContain('too many failed sign-ins');
  });

  it('ends sessions on sign-out and rejects missing and expired sessions with 401', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'student@example.com', password: 'correct horse battery' } });
    const cookie = sessionCookie(signIn);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).json().user.email).toBe('student@example.com');
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie } });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);

    const again = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'student@example.com', password: 'correct horse battery' } }));
    await t.db.prisma.session.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: again } })).statusCode).toBe(401);
  });

  it('lets the admin promote an instructor and nobody else list accounts', async () => {
    const admin = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'admin@example.com', password: 'correct horse battery' } }));
    const student = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'student@example.com', password: 'correct horse battery' } }));
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: student } })).statusCode).toBe(403);
    const users = (await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: admin } })).json().users;
    const target = users.find((u: { email: string }) => u.email === 'student@example.com');
    const promoted = await t.app.inject({ method: 'PUT', url: `/api/v1/users/${target.id}/role`, payload: { role: 'instructor' }, headers: { cookie: admin } });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json().role).toBe('instructor');
    // The promoted user's existing session sees the new role at once.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: student } })).json().user.role).toBe('instructor');
    const badRole = await t.app.inject({ method: 'PUT', url: `/api/v1/users/${target.id}/role`, payload: { role: 'root' }, headers: { cookie: admin } });
    expect(badRole.json().field).toBe('body.role');
    const missing = await t.app.inject({ method: 'PUT', url: '/api/v1/users/nobody/role', payload: { role: 'instructor' }, headers: { cookie: admin } });
    expect(missing.statusCode).toBe(404);
  });

  it('lets a guest study, and keeps their reviews when they sign up', async () => {
    const guest = await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' });
    expect(guest.statusCode).toBe(201);
    const cookie = sessionCookie(guest);
    const next = (await t.app.inject({ method: 'GET', url: '/api/v1/study/next?deckId=test-deck', headers: { cookie } })).json();
    expect(next.counts).toEqual({ due: 0, new: 3 });
    expect(next.next.card.slug).toBe('card-one');
    expect(next.next.previews.map((p: { rating: number }) => p.rating)).toEqual([1, 2, 3, 4]);

    const rate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/study/reviews',
      headers: { cookie },
      payload: { clientId: crypto.randomUUID(), cardId: next.next.card.id, rating: 3, durationMs: 4200, expectedVersion: 0 },
    });
    expect(rate.statusCode).toBe(201);
    expect(rate.json()).toMatchObject({ state: 'learning', version: 1, duplicate: false });

    const upgraded = await signUp('guest-turned-user@example.com', 'correct horse battery', cookie);
    expect(upgraded.statusCode).toBe(201);
    expect(upgraded.json().user).toMatchObject({ id: guest.json().user.id, isGuest: false });
    // The session is rotated: the guest's token (which someone may have planted) no longer signs anyone in.
    const account = sessionCookie(upgraded);
    expect(account).not.toBe(cookie);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: account } })).json().user).toMatchObject({ isGuest: false, email: 'guest-turned-user@example.com' });
    expect(await t.db.prisma.reviewLog.count({ where: { userId: guest.json().user.id } })).toBe(1);
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/study/next?deckId=test-deck', headers: { cookie: account } })).json();
    expect(after.next.card.slug).toBe('card-two');
  });

  it('applies a retried rating once, and refuses a stale version with 409', async () => {
    const cookie = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
    const next = (await t.app.inject({ method: 'GET', url: '/api/v1/study/next', headers: { cookie } })).json().next;
    const payload = { clientId: crypto.randomUUID(), cardId: next.card.id, rating: 1, durationMs: 1000, expectedVersion: next.version };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie }, payload });
    const retry = await t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie }, payload });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ reviewId: first.json().reviewId, duplicate: true });
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).json().user;
    expect(await t.db.prisma.reviewLog.count({ where: { userId: me.id } })).toBe(1);

    const stale = await t.app.inject({
      method: 'POST',
      url: '/api/v1/study/reviews',
      headers: { cookie },
      payload: { ...payload, clientId: crypto.randomUUID(), expectedVersion: 0 },
    });
    expect(stale.statusCode).toBe(409);
    expect(await t.db.prisma.reviewLog.count({ where: { userId: me.id } })).toBe(1);
  });

  it('validates ratings and answers 401 to study without a session', async () => {
    const cookie = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie }, payload: { clientId: crypto.randomUUID(), cardId: 'x', rating: 5, durationMs: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('body.rating');
    const badId = await t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie }, payload: { clientId: 'not-a-uuid', cardId: 'x', rating: 3, durationMs: 1 } });
    expect(badId.json().field).toBe('body.clientId');
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie }, payload: { clientId: crypto.randomUUID(), cardId: 'x', rating: 3, durationMs: 1 } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().field).toBe('body.cardId');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/study/next' })).statusCode).toBe(401);
    const badQuery = await t.app.inject({ method: 'GET', url: '/api/v1/study/next?deckId=', headers: { cookie } });
    expect(badQuery.json().field).toBe('querystring.deckId');
  });

  it("lists decks with the signed-in user's counts", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/decks' });
    expect(res.json().decks).toEqual([expect.objectContaining({ id: 'test-deck', cardCount: 3, due: null, new: null })]);
    const cards = await t.app.inject({ method: 'GET', url: '/api/v1/decks/test-deck/cards' });
    expect(cards.json().cards.map((c: { slug: string }) => c.slug)).toEqual(['card-one', 'card-two', 'card-three']);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/decks/nope/cards' })).statusCode).toBe(404);
  });
});
