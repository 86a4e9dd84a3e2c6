import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { readApiEnv, readLabWorkerEnv } from './env';

describe('the API environment', () => {
  it('listens publicly on port 3000 and trusts no proxy by default', () => {
    const env = readApiEnv({});
    expect(env).toMatchObject({ HOST: '0.0.0.0', PORT: 3000, TRUST_PROXY: false });
    expect(env.WEB_UPSTREAM).toBeUndefined();
  });

  it('reads TRUST_PROXY as a hop count or a list of proxy addresses, and refuses "true"', () => {
    expect(readApiEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(readApiEnv({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => readApiEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => readApiEnv({ TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY/);
  });

  it('reads PUBLIC_ORIGIN as a list of origins and refuses paths and other schemes', () => {
    expect(readApiEnv({}).PUBLIC_ORIGIN).toEqual([]);
    expect(readApiEnv({ PUBLIC_ORIGIN: 'https://recurrence.example/, http://127.0.0.1:3000' }).PUBLIC_ORIGIN).toEqual(['https://recurrence.example', 'http://127.0.0.1:3000']);
    expect(() => readApiEnv({ PUBLIC_ORIGIN: 'https://recurrence.example/app' })).toThrow(/PUBLIC_ORIGIN/);
    expect(() => readApiEnv({ PUBLIC_ORIGIN: 'recurrence.example' })).toThrow(/PUBLIC_ORIGIN/);
    expect(() => readApiEnv({ PUBLIC_ORIGIN: 'ftp://recurrence.example' })).toThrow(/PUBLIC_ORIGIN/);
  });

  it('reads LAB_TRAINERS (default: the CPUs less one, at least 1) and refuses what is not 1 to 64, naming it', () => {
    expect(readApiEnv({}).LAB_TRAINERS).toBe(Math.max(1, availableParallelism() - 1));
    expect(readApiEnv({ LAB_TRAINERS: '' }).LAB_TRAINERS).toBe(Math.max(1, availableParallelism() - 1));
    expect(readApiEnv({ LAB_TRAINERS: '3' }).LAB_TRAINERS).toBe(3);
    expect(readLabWorkerEnv({ DATABASE_URL: 'postgresql://x/y', LAB_TRAINERS: '2' }).LAB_TRAINERS).toBe(2);
    for (const bad of ['0', '65', '1.5', 'auto', '-2']) {
      expect(() => readApiEnv({ LAB_TRAINERS: bad })).toThrow(new RegExp(`^invalid environment: LAB_TRAINERS: must be a whole number of worker threads from 1 to 64 .*got "${bad}"$`));
      expect(() => readLabWorkerEnv({ DATABASE_URL: 'postgresql://x/y', LAB_TRAINERS: bad })).toThrow(/LAB_TRAINERS: must be a whole number/);
    }
  });
});
