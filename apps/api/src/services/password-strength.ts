import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import type { ComputePool } from '../compute/compute-pool';
import { badRequest } from '../errors';

/**
 * The least zxcvbn score a new password needs: 3 means about 10^8 guesses or more, "safely unguessable" against an
 * online attacker and costly offline against Argon2id. Length alone (`aaaaaaaaaa`, ten spaces) and passwords on the
 * common lists (`password12`, `qwertyuiop`) score 0–1.
 */
export const MIN_PASSWORD_SCORE = 3;

let checker: ZxcvbnFactory | undefined;

/** Built on first use: the dictionaries (common passwords, English words and names) take a few MB. */
function zxcvbn(): ZxcvbnFactory {
  checker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return checker;
}

export type TPasswordScore = { score: number; feedback: string };

/** zxcvbn's score (0–4) of a password and its advice, with the user's own words (email, name) as a dictionary. */
export function scorePassword(password: string, userInputs: readonly string[]): TPasswordScore {
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[@.\s_+-]+/)]).filter((s) => s.length >= 3);
  const result = zxcvbn().check(password, inputs);
  return { score: result.score, feedback: [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ') };
}

/**
 * Refuses a password that is easy to guess (400 naming `body.password`), as NIST SP 800-63B asks: checked against
 * lists of common and breached passwords, keyboard patterns, repeats and dates, and against the user's own email and
 * name; no composition rules. The check runs in the compute worker: it takes tens of milliseconds of CPU (more for
 * long passwords), which would stall every other request on the event loop.
 */
export async function assertStrongPassword(compute: ComputePool, password: string, userInputs: readonly string[]): Promise<void> {
  const { score, feedback } = await compute.run('password', { password, userInputs });
  if (score >= MIN_PASSWORD_SCORE) return;
  throw badRequest('body.password', `body.password: too easy to guess${feedback ? `: ${feedback}` : '.'} Use a longer phrase of unrelated words.`);
}
