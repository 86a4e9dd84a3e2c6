import { testProviders } from '@recurrence/db/testing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SIGN_IN_MAX_DELAY_MS } from './services/sign-in-throttle';
import { buildTestApps, sessionCookie } from './testing';

/** Failed sign-ins, guests and sign-ups counted across two API processes on one database. */
describe.each(testProviders())('sign-in and account limits on %s (two API processes)', (provider) => {
  let apps: FastifyInstance[];
  let close: () => Promise<void>;
  let turn = 0;
  /** Each request goes to the next process in turn, as a load balancer would send it. */
  const inject = (options: InjectOptions) => apps[turn++ % apps.length]!.inject(options);
  const signIn = (email: string, password: string, from: string, cookie?: string) =>
    inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password }, remoteAddress: from, headers: cookie ? { cookie } : {} });
  const deviceCookie = (res: LightMyRequestResponse) => {
    const device = res.cookies.find((c) => c.name === 'recurrence_device');
    if (!device) throw new Error('no device cookie');
    return `${device.name}=${device.value}`;
  };
  const password = 'marmalade-orbit-19-quiver';

  beforeAll(async () => {
    ({ apps, close } = await buildTestApps(provider, 2, { limits: { accountsPerAddressPerHour: 4, guestsPerHour: 6 } }));
  });
  afterAll(() => close());
  afterEach(() => vi.useRealTimers());

  it('slows down one address guessing at many accounts, and only that address', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T08:00:00Z') });
    expect((await inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: 'owner.a@example.com', password }, remoteAddress: '10.0.0.1' })).statusCode).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 23; i++) statuses.push((await signIn(`someone${i}@example.com`, 'not the password', '203.0.113.66')).statusCode);
    // 20 free failures, the 21st makes the address wait 2 s: the 22nd attempt is refused, whichever process gets it.
    expect(statuses.slice(0, 21)).toEqual(Array(21).fill(401));
    expect(statuses.slice(21)).toEqual([429, 429]);
    expect((await signIn('owner.a@example.com', password, '10.0.0.1')).statusCode).toBe(200);
  });

  it("lets the owner in from a known device while an attacker's failures slow the account down", async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-02T08:00:00Z') });
    expect((await inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: 'owner.b@example.com', password }, remoteAddress: '10.0.0.2' })).statusCode).toBe(201);
    const first = await signIn('owner.b@example.com', password, '10.0.0.2');
    const device = deviceCookie(first);
    // Wrong passwords from 12 addresses, each attempt made as soon as it is allowed.
    let waited = 0;
    for (let i = 0; i < 12; i++) {
      const res = await signIn('owner.b@example.com', `guess number ${i}`, `198.51.100.${i + 1}`);
      if (res.statusCode === 429) {
        waited += Number(res.headers['retry-after']);
        vi.setSystemTime(Date.now() + Number(res.headers['retry-after']) * 1000);
        i--;
      } else expect(res.statusCode).toBe(401);
    }
    expect(waited).toBeGreaterThan(0);
    // The owner on a new device waits like anyone else …
    const stranger = await signIn('owner.b@example.com', password, '10.0.0.9');
    expect(stranger.statusCode).toBe(429);
    // … but not on the device that signed in before, nor with a session of the account.
    expect((await signIn('owner.b@example.com', password, '10.0.0.3', sessionCookie(first))).statusCode).toBe(200);
    expect((await signIn('owner.b@example.com', password, '10.0.0.2', device)).statusCode).toBe(200);
    // The right password ended the account's count: a new device gets in too.
    expect((await signIn('owner.b@example.com', password, '10.0.0.9')).statusCode).toBe(200);
  });

  it('doubles the wait after each further failure up to 15 minutes, and forgets a day later', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-03T08:00:00Z') });
    const waits: number[] = [];
    for (let attempt = 0; waits.length < 12; attempt++) {
      const res = await signIn('nobody.c@example.com', 'wrong password', `192.0.2.${attempt % 200}`);
      if (res.statusCode === 429) {
        waits.push(Number(res.headers['retry-after']));
        vi.setSystemTime(Date.now() + Number(res.headers['retry-after']) * 1000);
      } else expect(res.statusCode).toBe(401);
    }
    expect(waits).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
    expect(SIGN_IN_MAX_DELAY_MS).toBe(900_000);
    vi.setSystemTime(Date.now() + 24 * 60 * 60 * 1000 + 1000);
    expect((await signIn('nobody.c@example.com', 'wrong password', '192.0.2.250')).statusCode).toBe(401);
    expect((await signIn('nobody.c@example.com', 'wrong password', '192.0.2.251')).statusCode).toBe(401);
  });

  it('limits the guests and accounts one address creates, and guests in total', async () => {
    const guest = (from: string) => inject({ method: 'POST', url: '/api/v1/auth/guest', remoteAddress: from });
    const fromOne = [];
    for (let i = 0; i < 5; i++) fromOne.push((await guest('172.16.0.1')).statusCode);
    expect(fromOne).toEqual([201, 201, 201, 201, 429]);
    const refused = await guest('172.16.0.1');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
    expect(refused.json().message).toContain('too many requests from your address');
    // Sign-ups count with guests: this address has used its four.
    const signUp = await inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: 'late@example.com', password }, remoteAddress: '172.16.0.1' });
    expect(signUp.statusCode).toBe(429);
    // Six guests an hour in total: two more from elsewhere, then nobody.
    expect((await guest('172.16.0.2')).statusCode).toBe(201);
    expect((await guest('172.16.0.3')).statusCode).toBe(201);
    const full = await guest('172.16.0.4');
    expect(full.statusCode).toBe(429);
    expect(full.json().message).toContain('guests');
  });
});
