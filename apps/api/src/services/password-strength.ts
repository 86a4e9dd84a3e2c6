import type { ComputePool } from '../compute/compute-pool';
import type { PasswordOps } from '../compute/messages';
import { badRequest } from '../errors';

/**
 * The least zxcvbn score a new password needs: 3 means about 10^8 guesses or more, "safely unguessable" against an
 * online attacker and costly offline against Argon2id. Length alone (`aaaaaaaaaa`, ten spaces) and passwords on the
 * common lists (`password12`, `qwertyuiop`) score 0–1.
 */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Refuses a password that is easy to guess (400 naming `body.password`), as NIST SP 800-63B asks: checked against
 * lists of common and breached passwords, keyboard patterns, repeats and dates, and against the user's own email and
 * name; no composition rules. The check (password-score.ts) runs in the password worker: it takes tens of milliseconds
 * of CPU (more for long passwords), which would stall every other request on the event loop, and its dictionaries
 * are returned when the worker retires (see the compute plugin).
 */
export async function assertStrongPassword(passwords: ComputePool<PasswordOps>, password: string, userInputs: readonly string[]): Promise<void> {
  const { score, feedback } = await passwords.run('password', { password, userInputs });
  if (score >= MIN_PASSWORD_SCORE) return;
  throw badRequest('body.password', `body.password: too easy to guess${feedback ? `: ${feedback}` : '.'} Use a longer phrase of unrelated words.`);
}
