/**
 * A translation of an English message file: the same keys at every level, any text. `satisfies Translation<typeof en>`
 * on a Chinese file makes a missing or an extra key a type error; `messages.test.ts` checks the ICU arguments.
 */
export type Translation<T> = { readonly [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };
