import { applyMigrations, openDatabase, type Database } from '@recurrence/db';
import { createScratchDatabase, testProviders, type ScratchDatabase } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseRateLimitStore } from './rate-limit-store';

describe.each(testProviders())('the rate-limit store on %s', (provider) => {
  let scratch: ScratchDatabase;
  // Two handles on one database, each with its own connections: two API processes as far as the store can tell.
  let one: Database;
  let two: Database;
  beforeAll(async () => {
    scratch = await createScratchDatabase(provider);
    await applyMigrations(scratch.config);
    one = await openDatabase(scratch.config);
    two = await openDatabase(scratch.config);
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await scratch.drop();
  });

  it('counts hits in a window and starts over when it has ended', async () => {
    const store = new (databaseRateLimitStore(one))();
    expect((await store.hit('window', 60_000, 3)).current).toBe(1);
    const second = await store.hit('window', 60_000, 3);
    expect(second.current).toBe(2);
    expect(second.ttl).toBeGreaterThan(0);
    expect(second.ttl).toBeLessThanOrEqual(60_000);
    expect(await store.peek('window')).toMatchObject({ current: 2 });
    // A window of 1 ms has ended by the next statement.
    await store.hit('short', 1, 3);
    await new Promise((r) => setTimeout(r, 5));
    expect(await store.peek('short')).toEqual({ current: 0, ttl: 0 });
    expect((await store.hit('short', 1, 3)).current).toBe(1);
    await store.clear('window');
    expect((await store.peek('window')).current).toBe(0);
  });

  it('gives concurrent hits from two processes one count each, in one sequence', async () => {
    const a = new (databaseRateLimitStore(one))();
    const b = new (databaseRateLimitStore(two))();
    const counts = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).hit('shared', 60_000, 100)));
    expect(counts.map((c) => c.current).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('renews the window on each hit over the limit with continueExceeding, and backs off exponentially', async () => {
    const Store = databaseRateLimitStore(one);
    const renewing = new Store().child({ continueExceeding: true });
    await renewing.hit('renew', 1000, 0);
    await new Promise((r) => setTimeout(r, 20));
    expect((await renewing.hit('renew', 1000, 0)).ttl).toBeGreaterThan(990);

    const backoff = new Store({ exponentialBackoff: true });
    const ttls = [];
    for (let i = 0; i < 5; i++) ttls.push((await backoff.hit('backoff', 60_000, 2)).ttl);
    // Two hits in the window, then each hit over the limit ends it 1, 2, 4 × the window from now.
    expect(ttls[2]).toBeGreaterThan(59_000);
    expect(ttls[3]).toBeGreaterThan(119_000);
    expect(ttls[4]).toBeGreaterThan(239_000);
    expect(ttls[4]).toBeLessThanOrEqual(240_000);
  });
});
