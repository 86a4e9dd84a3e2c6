import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, sessionCookie, type TestApp } from './testing';

/**
 * Cross-site request forgery. A page on another port of the same host is "same-site", so the SameSite=Lax session
 * cookie rides along with its form posts: before this, such a page undid a rating and signed the user out with a
 * text/plain POST. The database does not matter here (the check runs before any route), so SQLite only.
 */
describe('state-changing requests from another origin', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp('sqlite');
  });
  afterAll(() => t.close());

  async function signedIn(email: string) {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email, password: 'correct horse battery' } });
    return sessionCookie(r);
  }
  const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });

  it('a form on another port cannot sign the user out (403), and the session stays', async () => {
    const cookie = await signedIn('victim@example.com');
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie, origin: 'http://localhost:4000', 'sec-fetch-site': 'same-site', 'content-type': 'text/plain' },
      payload: '',
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().message).toContain('cross-origin');
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it('a page on another site cannot undo a rating, with or without a body type', async () => {
    const cookie = await signedIn('undo@example.com');
    for (const headers of [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }]) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/study/undo', headers: { cookie, ...headers } });
      expect([r.statusCode, headers]).toEqual([403, headers]);
    }
  });

  it('refuses non-JSON bodies (415 naming the header) even from this origin: text/plain, form-encoded, multipart', async () => {
    const cookie = await signedIn('types@example.com');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie, 'content-type': type }, payload: '' });
      expect([r.statusCode, r.json().field]).toEqual([415, 'headers.content-type']);
    }
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it('this origin (Origin = Host, default port left out as browsers do) and clients without Origin still work', async () => {
    const cookie = await signedIn('self@example.com');
    const same = await t.app.inject({ method: 'POST', url: '/api/v1/study/undo', headers: { cookie, host: 'localhost:80', origin: 'http://localhost', 'sec-fetch-site': 'same-origin' } });
    expect(same.statusCode).not.toBe(403);
    const json = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/users/me/account-type',
      headers: { cookie, host: '127.0.0.1:3110', origin: 'http://127.0.0.1:3110', 'content-type': 'application/json; charset=utf-8' },
      payload: JSON.stringify({ accountType: 'student' }),
    });
    expect(json.statusCode).toBe(200);
    const cli = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie } });
    expect(cli.statusCode).toBe(204);
  });

  it('reads are not checked (a link from another site still opens)', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' } });
    expect(r.statusCode).toBe(200);
  });

  it('PUBLIC_ORIGIN names the allowed origins; behind a trusted proxy the forwarded host and scheme count', async () => {
    const configured = await buildTestApp('sqlite', { publicOrigins: ['https://recurrence.example'] });
    const proxied = await buildTestApp('sqlite', { trustProxy: 1 });
    try {
      const post = (app: TestApp, headers: Record<string, string>) => app.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers });
      expect((await post(configured, { origin: 'https://recurrence.example' })).statusCode).toBe(204);
      // The Host matches, but the configured origin is the only one.
      expect((await post(configured, { host: 'localhost', origin: 'http://localhost' })).statusCode).toBe(403);
      const forwarded = { host: '127.0.0.1:3000', origin: 'https://recurrence.example', 'x-forwarded-host': 'recurrence.example', 'x-forwarded-proto': 'https' };
      expect((await post(proxied, forwarded)).statusCode).toBe(204);
      // The same headers from a hop nobody trusts: the forwarded host is not believed.
      expect((await post(t, forwarded)).statusCode).toBe(403);
    } finally {
      await configured.close();
      await proxied.close();
    }
  });
});
