import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/**
 * zxcvbn with its dictionaries (common passwords, English words and names): ~10 MB of modules and ~25 MB more once
 * ranked. Only the password worker (compute/password-worker.ts) imports this, so the API's own thread never holds it.
 */
let checker: ZxcvbnFactory | undefined;

/** Built on first use. */
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
