import { describe, expect, it } from 'vitest';
import { readApiEnv } from './env';

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
});
