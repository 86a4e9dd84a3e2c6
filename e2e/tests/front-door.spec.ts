import http from 'node:http';
import { expect, test } from '@playwright/test';

/**
 * The app as `npm start` serves it: the API is the one listener, pages are streamed to Next.js. These tests talk
 * HTTP from chosen loopback addresses (Linux routes all of 127.0.0.0/8 to lo), standing in for different clients.
 */
type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * One request. A streamed body stops as soon as the answer arrives (a server refusing a body may close the
 * connection while it is still being sent); `holdBody` sends the headers and nothing else until then.
 */
function send(
  baseURL: string,
  options: { method?: string; path: string; from?: string; json?: unknown; headers?: http.OutgoingHttpHeaders; stream?: () => AsyncIterable<Buffer>; holdBody?: boolean },
): Promise<Answer> {
  const url = new URL(options.path, baseURL);
  const payload = options.json === undefined ? undefined : JSON.stringify(options.json);
  return new Promise((resolve, reject) => {
    let answered = false;
    let failure: Error | undefined;
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? 'GET',
        localAddress: options.from,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        answered = true;
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      },
    );
    req.on('error', (error) => (failure = error));
    req.on('close', () => {
      if (!answered) reject(failure ?? new Error('connection closed without an answer'));
    });
    if (options.holdBody) {
      req.flushHeaders();
    } else if (options.stream) {
      const body = options.stream;
      void (async () => {
        for await (const chunk of body()) {
          if (answered || failure) return;
          if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        }
        req.end();
      })();
    } else req.end(payload);
  });
}

test('failed sign-ins from one address do not lock out a user signing in from another', async ({ baseURL }) => {
  const owner = { email: 'front-door.owner@example.com', password: 'tessellate-quorum-7-lantern' };
  expect((await send(baseURL!, { method: 'POST', path: '/api/v1/auth/sign-up', from: '127.0.0.3', json: owner })).status).toBe(201);

  // An attacker at 127.0.0.2 tries random accounts until the API slows them down.
  let attackerLimited = false;
  for (let i = 0; i < 60 && !attackerLimited; i++) {
    const res = await send(baseURL!, { method: 'POST', path: '/api/v1/auth/sign-in', from: '127.0.0.2', json: { email: `victim${i}-${Date.now()}@example.com`, password: 'wrong password 123' } });
    expect([401, 429]).toContain(res.status);
    attackerLimited = res.status === 429;
  }
  expect(attackerLimited).toBe(true);

  // The owner, at another address, is not affected.
  const signIn = await send(baseURL!, { method: 'POST', path: '/api/v1/auth/sign-in', from: '127.0.0.3', json: owner });
  expect(signIn.status).toBe(200);
});

test('an oversized body is refused with 413 where it enters, declared or streamed', async ({ baseURL }) => {
  const headers = { 'content-type': 'application/json', 'content-length': 16 * 1024 * 1024 };
  const declared = await send(baseURL!, { method: 'POST', path: '/api/v1/auth/sign-in', headers, holdBody: true });
  expect(declared.status).toBe(413);

  let offered = 0;
  const streamed = await send(baseURL!, {
    method: 'POST',
    path: '/api/v1/auth/sign-in',
    headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    stream: async function* () {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      while (offered < 400 * 1024 * 1024) {
        offered += chunk.length;
        yield chunk;
      }
    },
  });
  expect(streamed.status).toBe(413);
  // The server stopped reading long before the 400 MB were sent.
  expect(offered).toBeLessThan(100 * 1024 * 1024);
});

test('pages come through the front door; writes to a page path never reach the web app', async ({ baseURL }) => {
  const page = await send(baseURL!, { path: '/study' });
  expect(page.status).toBe(200);
  expect(page.headers['content-type']).toContain('text/html');
  const post = await send(baseURL!, { method: 'POST', path: '/study', headers: { 'content-type': 'text/plain' } });
  expect(post.status).toBe(404);
  expect(JSON.parse(post.body).message).toContain('POST /study');
});
