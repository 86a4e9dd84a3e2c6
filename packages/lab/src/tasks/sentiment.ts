import type { Rng } from '../random';

/**
 * Generated sentiment sentences: `length` tokens, all neutral words except one sentiment word at a random
 * position; the label is that word's polarity. A bag-of-words task on purpose — the only informative token
 * is the sentiment word, so a trained attention layer should put its weight there.
 */
export const NEUTRAL_WORDS = [
  'the', 'movie', 'was', 'a', 'plot', 'actor', 'film', 'story', 'it', 'this',
  'scene', 'ending', 'music', 'and', 'with', 'of', 'cast', 'script', 'we', 'saw',
] as const;
export const POSITIVE_WORDS = ['great', 'wonderful', 'excellent', 'loved', 'brilliant'] as const;
export const NEGATIVE_WORDS = ['awful', 'boring', 'terrible', 'hated', 'dull'] as const;

export const SENTIMENT_VOCAB: readonly string[] = [...NEUTRAL_WORDS, ...POSITIVE_WORDS, ...NEGATIVE_WORDS];
const FIRST_POSITIVE = NEUTRAL_WORDS.length;
const FIRST_NEGATIVE = FIRST_POSITIVE + POSITIVE_WORDS.length;

export interface SentimentBatch {
  T: number;
  B: number;
  /** tokens[b·T + t] (batch-major). */
  tokens: Int32Array;
  /** 1 = positive, 0 = negative. */
  labels: Int32Array;
  /** Position of the sentiment word in each sentence. */
  sentimentIndex: Int32Array;
}

export function sentimentBatch(rng: Rng, T: number, B: number): SentimentBatch {
  const tokens = new Int32Array(B * T);
  const labels = new Int32Array(B);
  const sentimentIndex = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) tokens[b * T + t] = rng.int(NEUTRAL_WORDS.length);
    const positive = rng.uniform() < 0.5;
    const at = rng.int(T);
    tokens[b * T + at] = positive ? FIRST_POSITIVE + rng.int(POSITIVE_WORDS.length) : FIRST_NEGATIVE + rng.int(NEGATIVE_WORDS.length);
    labels[b] = positive ? 1 : 0;
    sentimentIndex[b] = at;
  }
  return { T, B, tokens, labels, sentimentIndex };
}
