import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PASSWORD_WORKER_IDLE_MS } from './plugins/compute';
import { buildTestApp, type TestApp } from './testing';

describe.each(testProviders())('sign-up refuses passwords that are easy to guess, on %s', (provider) => {
  let t: TestApp;
  let address = 0;
  // Each sign-up from its own address, so the per-address account limit stays out of the way (but see the last test).
  const signUp = (email: string, password: string, displayName?: string, from = `10.1.0.${++address}`) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email, password, ...(displayName ? { displayName } : {}) }, remoteAddress: from });

  beforeAll(async () => {
    t = await buildTestApp(provider, { limits: { accountsPerAddressPerHour: 3 } });
  });
  afterAll(() => t.close());

  it.each([
    ['repeated characters', 'aaaaaaaaaa'],
    ['ten spaces', '          '],
    ['a common password with digits', 'password12'],
    ['a keyboard row', 'qwertyuiop'],
    ['a part of the email with a year', 'okonkwo2026!'],
    ['the display name twice', 'zanzibarzanzibar'],
  ])('refuses %s with 400 naming body.password, and creates no account', async (_, password) => {
    const email = `marguerite.okonkwo.${address}@example.com`;
    const res = await signUp(email, password, 'zanzibar');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'body.password', message: expect.stringMatching(/^body\.password: too easy to guess/) });
    expect(await t.db.prisma.user.count({ where: { email } })).toBe(0);
  });

  it('accepts a passphrase of unrelated words', async () => {
    expect((await signUp('strong@example.com', 'tessellate-quorum-7-lantern')).statusCode).toBe(201);
  });

  it('counts sign-ups for an email that exists against the address’s account limit, so probing which emails have accounts is slow', async () => {
    const from = '198.51.100.7';
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await signUp('strong@example.com', 'tessellate-quorum-7-lantern', undefined, from)).statusCode);
    statuses.push((await signUp('someone-new@example.com', 'tessellate-quorum-7-lantern', undefined, from)).statusCode);
    expect(statuses).toEqual([409, 409, 409, 429]);
  });

  it('lets the password worker (and its dictionaries) go when idle, and starts it again for the next sign-up', async () => {
    expect((await signUp('idle-1@example.com', 'tessellate-quorum-7-lantern')).statusCode).toBe(201);
    expect(t.app.passwords.running).toBe(true);
    await vi.waitFor(() => expect(t.app.passwords.running).toBe(false), { timeout: PASSWORD_WORKER_IDLE_MS + 5_000, interval: 100 });
    expect((await signUp('idle-2@example.com', 'password12')).statusCode).toBe(400);
    expect((await signUp('idle-3@example.com', 'tessellate-quorum-7-lantern')).statusCode).toBe(201);
  });
});
