import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './testing';

/** Directive name → its sources, from a Content-Security-Policy header. */
function directives(csp: string | undefined): Record<string, string[]> {
  return Object.fromEntries(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/**
 * Every answer of the front door carries security headers: pages (handed to Next.js), /api, /api/docs and error
 * answers. Before this there were none: no CSP, nosniff, frame-ancestors or Referrer-Policy, and /study could be framed.
 */
describe('security headers on every page and API answer', () => {
  const seen: http.IncomingHttpHeaders[] = [];
  let upstream: http.Server;
  let t: TestApp;

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html></html>');
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    t = await buildTestApp('sqlite', { webUpstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
  });
  afterAll(async () => {
    await t.close();
    upstream.close();
  });

  function expectCommonHeaders(headers: Record<string, unknown>, what: string) {
    expect({ what, nosniff: headers['x-content-type-options'], frame: headers['x-frame-options'], referrer: headers['referrer-policy'] }).toEqual({
      what,
      nosniff: 'nosniff',
      frame: 'DENY',
      referrer: 'no-referrer',
    });
    const csp = directives(headers['content-security-policy'] as string | undefined);
    expect({ what, ancestors: csp['frame-ancestors'], object: csp['object-src'] }).toEqual({ what, ancestors: ["'none'"], object: ["'none'"] });
    return csp;
  }

  it('a page: scripts only with this response’s nonce, and Next.js is handed the same nonce to put on its scripts', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/study' });
    const second = await t.app.inject({ method: 'GET', url: '/study' });
    const csp = expectCommonHeaders(first.headers, 'page');
    const nonce = csp['script-src']!.find((s) => s.startsWith("'nonce-"));
    expect(nonce).toMatch(/^'nonce-[A-Za-z0-9+/]{22}=='$/);
    expect(csp['script-src']).toContain("'strict-dynamic'");
    expect(csp['script-src']).not.toContain("'unsafe-inline'");
    // What Next.js received for the first request (it reads the nonce from this request header).
    expect(seen.at(-2)!['content-security-policy']).toBe(`script-src ${nonce}`);
    // A fresh nonce per response.
    expect(directives(second.headers['content-security-policy'] as string)['script-src']).not.toContain(nonce);
  });

  it('/api answers, the API docs and error answers', async () => {
    for (const url of ['/api/health', '/api/docs', '/api/docs/json', '/api/v1/nope', '/api/v1/auth/me']) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode).toBeLessThan(500);
      const csp = expectCommonHeaders(r.headers, url);
      expect(csp['script-src']).toEqual(["'self'"]);
    }
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'no' } });
    expect(bad.statusCode).toBe(400);
    expectCommonHeaders(bad.headers, 'a 400');
  });

  it('HSTS only when served over HTTPS (COOKIE_SECURE)', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).headers['strict-transport-security']).toBeUndefined();
  });
});
