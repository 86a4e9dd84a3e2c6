import type { TokenBatch } from '../models/classifier';
import type { Rng } from '../random';

/**
 * The long-range memory task: token 0 is one of `classes` class tokens (ids 0 … classes-1) and is the
 * target; tokens 1 … T-1 are uniform noise from `noiseTokens` other ids (classes … classes+noise-1).
 * A model must carry the first token across T-1 distracting steps; chance accuracy is 1/classes.
 */
export interface LongRangeTask {
  classes: number;
  noiseTokens: number;
}

export function longRangeVocab(task: LongRangeTask): number {
  return task.classes + task.noiseTokens;
}

export function longRangeBatch(task: LongRangeTask, rng: Rng, T: number, B: number): TokenBatch {
  const tokens = new Int32Array(T * B);
  const targets = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const label = rng.int(task.classes);
    targets[b] = label;
    tokens[b] = label;
    for (let t = 1; t < T; t++) tokens[t * B + b] = task.classes + rng.int(task.noiseTokens);
  }
  return { T, B, tokens, targets };
}

/** Human-readable token names: class tokens A, B, C…; noise tokens ·0, ·1, … */
export function longRangeTokenName(task: LongRangeTask, id: number): string {
  return id < task.classes ? String.fromCharCode(65 + id) : `·${id - task.classes}`;
}
