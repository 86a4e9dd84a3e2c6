import { HttpError } from '../errors';

/** Failed sign-ins allowed per email, and per client address, within the window (documented in the README). */
export const SIGN_IN_MAX_FAILURES = 10;
export const SIGN_IN_MAX_FAILURES_PER_ADDRESS = 50;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
const MAX_TRACKED = 100_000;

/**
 * Slows password guessing: after 10 failed attempts for one email, or 50 from one address, within
 * the window, further attempts answer 429 until the window has passed. Kept in memory (one API process).
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < SIGN_IN_WINDOW_MS);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  check(email: string, ip: string, now = Date.now()): void {
    for (const [key, limit] of [
      [`e:${email}`, SIGN_IN_MAX_FAILURES],
      [`i:${ip}`, SIGN_IN_MAX_FAILURES_PER_ADDRESS],
    ] as const) {
      const list = this.recent(key, now);
      if (list.length >= limit) {
        const retryAfter = Math.ceil((list[0]! + SIGN_IN_WINDOW_MS - now) / 1000);
        throw new HttpError(429, `too many failed sign-ins; try again in ${Math.ceil(retryAfter / 60)} min`);
      }
    }
  }

  fail(email: string, ip: string, now = Date.now()): void {
    if (this.failures.size > MAX_TRACKED) this.failures.clear();
    for (const key of [`e:${email}`, `i:${ip}`]) this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeed(email: string): void {
    this.failures.delete(`e:${email}`);
  }
}
