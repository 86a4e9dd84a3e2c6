import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../errors';
import { databaseRateLimitStore, type RateLimitStore } from '../services/rate-limit-store';

/** Request limits (README's Limits table; set from ACCOUNTS_PER_ADDRESS_PER_HOUR and GUESTS_PER_HOUR). */
export type RequestLimits = {
  /** Accounts (sign-ups and guests, each counted) one client address may create per hour. */
  accountsPerAddressPerHour: number;
  /** Guests created per hour by everyone together. */
  guestsPerHour: number;
};
export const DEFAULT_REQUEST_LIMITS: RequestLimits = { accountsPerAddressPerHour: 30, guestsPerHour: 600 };
/** Sign-in requests (right or wrong) per client address per minute: a ceiling on password hashing work. */
export const SIGN_INS_PER_ADDRESS_PER_MINUTE = 30;

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared counters behind every limit (PostgreSQL or SQLite; the same for every API process). */
    limitStore: RateLimitStore;
    requestLimits: RequestLimits;
    /** Counts one hit of a limit shared by all clients (e.g. guests per hour); 429 with Retry-After above `max`. */
    limitTotal(key: string, max: number, windowMs: number, message: string): Promise<void>;
  }
}

/** The client address a per-address limit counts: IPv4 as it is, IPv6 by its /56 network. */
export const clientAddress = (request: FastifyRequest) => normalizeIP(request.ip);

const retryIn = (ms: number) => {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return { seconds, text: seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min` };
};

/**
 * @fastify/rate-limit with its counters in the database (services/rate-limit-store.ts). No global limit: routes
 * opt in with `config.rateLimit`, keyed by the client address the API sees (real since the API is the front door;
 * see TRUST_PROXY). An exceeded limit answers 429 with Retry-After in the API's error shape.
 */
export const rateLimitsPlugin = fp<{ limits?: Partial<RequestLimits> | undefined }>(
  async (app: FastifyInstance, options) => {
    const Store = databaseRateLimitStore(app.db);
    const store = new Store();
    app.decorate('limitStore', store);
    app.decorate('requestLimits', { ...DEFAULT_REQUEST_LIMITS, ...options.limits });
    await app.register(rateLimit, {
      global: false,
      store: Store,
      keyGenerator: clientAddress,
      errorResponseBuilder: (_request, context) => new HttpError(context.statusCode, `too many requests from your address; try again in ${retryIn(context.ttl).text}`),
    });
    app.decorate('limitTotal', async (key: string, max: number, windowMs: number, message: string) => {
      const { current, ttl } = await store.hit(`total:${key}`, windowMs, max);
      if (current > max) {
        const wait = retryIn(ttl);
        throw new HttpError(429, `${message}; try again in ${wait.text}`, undefined, { 'retry-after': String(wait.seconds) });
      }
    });
  },
  { name: 'rate-limits', dependencies: ['database'] },
);
