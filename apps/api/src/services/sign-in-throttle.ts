import { HttpError } from '../errors';
import type { RateLimitStore } from './rate-limit-store';

const SECOND = 1000;
const DAY = 24 * 60 * 60 * SECOND;

/**
 * Failed sign-ins slow the next attempt down instead of locking anyone out (documented in the README): each
 * subject — the account (email), the client address, and a known device — allows `free` failures, then each
 * further failure makes the next attempt wait twice as long as the one before (2 s, 4 s, 8 s … at most 15 min).
 * The count is forgotten a day after the last failure, and an account's and a device's count when the right
 * password is given. A correct password from a device that has signed in to that account before, or from a
 * session of that account, skips the account's and the address's counts: an attacker cannot lock the owner out.
 */
export const SIGN_IN_FREE_FAILURES = { account: 5, address: 20, device: 5 } as const;
export const SIGN_IN_MAX_DELAY_MS = 15 * 60 * SECOND;
const MEMORY_MS = DAY;

export type ThrottleSubject = { kind: keyof typeof SIGN_IN_FREE_FAILURES; id: string };

/** How long to wait after the `failures`-th failure of a subject allowed `free` ones. */
export function delayAfterFailures(failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(SECOND * 2 ** (failures - free), SIGN_IN_MAX_DELAY_MS);
}

const keyOf = (subject: ThrottleSubject) => `sign-in:${subject.kind}:${subject.id}`;

/**
 * The sign-in failure counts, kept in the rate-limit store (so they hold across API processes). Every failure
 * renews its counter's window (continueExceeding with max 0), so the window's end tells when the last failure was.
 */
export class SignInThrottle {
  private readonly failures: RateLimitStore;

  constructor(store: RateLimitStore) {
    this.failures = store.child({ continueExceeding: true });
  }

  /** Throws 429 (with the seconds to wait) when any subject must still wait after its last failure. */
  async check(subjects: ThrottleSubject[], now = Date.now()): Promise<void> {
    let waitMs = 0;
    for (const subject of subjects) {
      const { current, ttl } = await this.failures.peek(keyOf(subject));
      if (current === 0) continue;
      const lastFailureAt = now + ttl - MEMORY_MS;
      waitMs = Math.max(waitMs, lastFailureAt + delayAfterFailures(current, SIGN_IN_FREE_FAILURES[subject.kind]) - now);
    }
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / SECOND);
      throw new HttpError(429, `too many failed sign-ins; try again in ${seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`}`, undefined, { 'retry-after': String(seconds) });
    }
  }

  async fail(subjects: ThrottleSubject[]): Promise<void> {
    for (const subject of subjects) await this.failures.hit(keyOf(subject), MEMORY_MS, 0);
  }

  async succeed(subjects: ThrottleSubject[]): Promise<void> {
    for (const subject of subjects) await this.failures.clear(keyOf(subject));
  }
}
