import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './testing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Every answer names its request (x-request-id), the same id is on every log line of that request, and an id given by
 * a proxy in front (nginx's $request_id) is kept when it is well-formed — so one id follows a request through nginx and
 * any of several API processes. Fastify's default ids (req-1, req-2, …) repeat in every process.
 */
describe('request ids', () => {
  const lines: Record<string, unknown>[] = [];
  let t: TestApp;

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    t = await buildTestApp('sqlite', { logger: { level: 'info', stream } });
  });
  afterAll(async () => t.close());

  it('gives each answer a new UUID, and logs the request and its answer under it', async () => {
    const [a, b] = [await t.app.inject({ method: 'GET', url: '/api/health' }), await t.app.inject({ method: 'GET', url: '/api/health' })];
    const id = a.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    expect(b.headers['x-request-id']).toMatch(UUID);
    expect(b.headers['x-request-id']).not.toBe(id);
    const mine = lines.filter((l) => l.requestId === id);
    expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
  });

  it('keeps a well-formed id from a proxy in front, and replaces one that is not', async () => {
    const given = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    expect((await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': given } })).headers['x-request-id']).toBe(given);
    for (const bad of ['short', 'has spaces in it', 'x'.repeat(129), 'new\nline-injected']) {
      const answer = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': bad } });
      expect(answer.headers['x-request-id'], JSON.stringify(bad)).toMatch(UUID);
    }
  });

  it('names error answers too', async () => {
    const answer = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(answer.statusCode).toBe(404);
    expect(answer.headers['x-request-id']).toMatch(UUID);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: '{not json' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['x-request-id']).toMatch(UUID);
  });
});
