import { Prisma, type Database } from '@recurrence/db';

/** What a counter says: hits in the current window, and milliseconds until the window ends. */
export type CounterState = { current: number; ttl: number };
type Callback = (error: Error | null, result?: CounterState) => void;

/** The options of @fastify/rate-limit that change how a store counts (the plugin passes them to the store). */
export type CountingOptions = { continueExceeding?: boolean; exponentialBackoff?: boolean };

/** No window outlives a month, however far exponential backoff would push it. */
const MAX_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
/** About one hit in this many also deletes counters whose window ended (any process may do it). */
const SWEEP_ONE_IN = 500;

export type RateLimitStore = {
  incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  read(key: string, callback: Callback): void;
  /** The plugin passes a route's merged options (an object with many more fields than these). */
  child(options: object): RateLimitStore;
  /** The same as incr/read, as promises, for limits applied outside a route hook (sign-in failures). */
  hit(key: string, timeWindow: number, max: number): Promise<CounterState>;
  peek(key: string): Promise<CounterState>;
  clear(key: string): Promise<void>;
};

export type RateLimitStoreClass = new (options?: CountingOptions) => RateLimitStore;

/**
 * A store for @fastify/rate-limit kept in the application's database (SQLite or PostgreSQL), so every API
 * process on one database counts together: a limit holds with N processes as with one. It counts like the
 * plugin's Redis store: a window starts at the first hit; `continueExceeding` restarts it on each hit over the
 * limit; `exponentialBackoff` makes each hit over the limit end the window `timeWindow × 2^(over − 1)` from now.
 *
 * One hit is one upsert statement (atomic on both databases: concurrent hits each get their own count), plus,
 * under exponential backoff, one update that only ever moves the window's end later. Counters live in
 * `RateLimitCounter`; ended ones are swept now and then by whichever process happens to hit.
 */
export function databaseRateLimitStore(db: Database): RateLimitStoreClass {
  const prisma = db.prisma;
  const greatest = Prisma.raw(db.provider === 'postgresql' ? 'GREATEST' : 'MAX');

  return class DatabaseRateLimitStore implements RateLimitStore {
    private readonly continueExceeding: boolean;
    private readonly exponentialBackoff: boolean;

    constructor(options: CountingOptions = {}) {
      this.continueExceeding = options.continueExceeding === true;
      this.exponentialBackoff = options.exponentialBackoff === true;
    }

    child(options: object): RateLimitStore {
      return new DatabaseRateLimitStore(options as CountingOptions);
    }

    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      this.hit(key, timeWindow, max).then((state) => callback(null, state), (error: Error) => callback(error));
    }

    read(key: string, callback: Callback): void {
      this.peek(key).then((state) => callback(null, state), (error: Error) => callback(error));
    }

    async hit(key: string, timeWindow: number, max: number): Promise<CounterState> {
      const now = Date.now();
      const windowEnd = now + Math.min(timeWindow, MAX_WINDOW_MS);
      const renew = this.continueExceeding ? 1 : 0;
      const rows = await prisma.$queryRaw<{ count: number | bigint; resetAt: number | bigint }[]>`
        INSERT INTO "RateLimitCounter" ("key", "count", "resetAt") VALUES (${key}, 1, ${windowEnd})
        ON CONFLICT ("key") DO UPDATE SET
          "count" = CASE WHEN "RateLimitCounter"."resetAt" <= ${now} THEN 1 ELSE "RateLimitCounter"."count" + 1 END,
          "resetAt" = CASE
            WHEN "RateLimitCounter"."resetAt" <= ${now} THEN ${windowEnd}
            WHEN ${renew} = 1 AND "RateLimitCounter"."count" + 1 > ${max} THEN ${windowEnd}
            ELSE "RateLimitCounter"."resetAt" END
        RETURNING "count", "resetAt"`;
      const row = rows[0]!;
      const current = Number(row.count);
      let resetAt = Number(row.resetAt);
      if (this.exponentialBackoff && !this.continueExceeding && current > max) {
        const backoffEnd = now + Math.min(timeWindow * 2 ** (current - max - 1), MAX_WINDOW_MS);
        await prisma.$executeRaw`UPDATE "RateLimitCounter" SET "resetAt" = ${greatest}("resetAt", ${backoffEnd}) WHERE "key" = ${key}`;
        resetAt = Math.max(resetAt, backoffEnd);
      }
      if (Math.random() < 1 / SWEEP_ONE_IN) {
        await prisma.$executeRaw`DELETE FROM "RateLimitCounter" WHERE "resetAt" <= ${now}`;
      }
      return { current, ttl: Math.max(0, resetAt - now) };
    }

    async peek(key: string): Promise<CounterState> {
      const now = Date.now();
      const rows = await prisma.$queryRaw<{ count: number | bigint; resetAt: number | bigint }[]>`
        SELECT "count", "resetAt" FROM "RateLimitCounter" WHERE "key" = ${key} AND "resetAt" > ${now}`;
      const row = rows[0];
      return row ? { current: Number(row.count), ttl: Number(row.resetAt) - now } : { current: 0, ttl: 0 };
    }

    async clear(key: string): Promise<void> {
      await prisma.$executeRaw`DELETE FROM "RateLimitCounter" WHERE "key" = ${key}`;
    }
  };
}
