import * as tf from '@tensorflow/tfjs-core';
import type { TPositionalEncodingParams, TPositionalEncodingResult, TPositionEncoding } from '@recurrence/contracts';
import { disposeParams } from '../models/params';
import { initTransformer, meanPool, sinusoidalTable, transformerEncode, type TransformerConfig } from '../models/transformer';
import { Rng } from '../random';
import { sig, type RunContext } from './context';

/**
 * positional-encoding: the same encoder (same weights, same token embeddings) reads 我 喜欢 你 and
 * 你 喜欢 我. Without positions self-attention is permutation-equivariant, so the mean-pooled outputs are
 * identical (up to float32 rounding of a different summation order); with sinusoidal or learned positions
 * they differ. Also returns the sinusoidal table and the similarity of two positions' codes vs distance.
 */

export const PE_VOCAB = ['我', '喜欢', '你'] as const;
const SENTENCES: [number[], number[]] = [
  [0, 1, 2],
  [2, 1, 0],
];
const IDENTICAL_TOLERANCE = 1e-6;

function cosine(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, d: number): { cos: number; dot: number } {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < d; j++) {
    dot += a[aOff + j]! * b[bOff + j]!;
    na += a[aOff + j]! ** 2;
    nb += b[bOff + j]! ** 2;
  }
  return { cos: dot / Math.sqrt(na * nb), dot };
}

export function pooledOutputs(
  p: TPositionalEncodingParams,
  positions: TPositionEncoding,
  seed: number,
): { pooled: [number[], number[]]; cfg: TransformerConfig } {
  const rng = new Rng(seed);
  const cfg: TransformerConfig = {
    dModel: p.dModel,
    heads: p.heads,
    layers: p.layers,
    ffn: 4 * p.dModel,
    positions,
    norm: 'pre',
    maxLen: p.heatmapPositions,
  };
  const params = initTransformer(cfg, rng.fork('encoder'));
  const embedding = rng.fork('embedding').normalArray(PE_VOCAB.length * p.dModel);
  const T = SENTENCES[0].length;
  const x = new Float32Array(2 * T * p.dModel);
  SENTENCES.forEach((sentence, b) =>
    sentence.forEach((tok, t) => x.set(embedding.subarray(tok * p.dModel, (tok + 1) * p.dModel), (b * T + t) * p.dModel)),
  );
  const pooled = tf.tidy(() => {
    const { hidden } = transformerEncode(params, cfg, tf.tensor3d(x, [2, T, p.dModel]));
    return meanPool(hidden, 2, T).arraySync() as number[][];
  });
  disposeParams(params);
  return { pooled: [pooled[0]!, pooled[1]!], cfg };
}

export async function runPositionalEncoding(
  p: TPositionalEncodingParams,
  ctx: RunContext,
): Promise<Omit<TPositionalEncodingResult, 'experiment' | 'params' | 'seed' | 'backend' | 'codeVersion' | 'timings'>> {
  const modes: TPositionalEncodingResult['modes'] = [];
  const all: TPositionEncoding[] = ['none', 'sinusoidal', 'learned'];
  for (const [i, positions] of all.entries()) {
    await ctx.tick(i / 4, `encoding both orders with positions = ${positions}`);
    const { pooled } = ctx.time('encodeMs', () => pooledOutputs(p, positions, ctx.seed));
    let maxAbsDiff = 0;
    for (let j = 0; j < p.dModel; j++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(pooled[0][j]! - pooled[1][j]!));
    modes.push({
      positions,
      pooled: [pooled[0].map((v) => sig(v)), pooled[1].map((v) => sig(v))],
      maxAbsDiff,
      identical: maxAbsDiff <= IDENTICAL_TOLERANCE,
    });
  }

  await ctx.tick(0.8, 'sinusoidal table');
  const P = p.heatmapPositions;
  const d = p.dModel;
  const table = sinusoidalTable(P, d);
  const matrix: number[][] = [];
  for (let pos = 0; pos < P; pos++) matrix.push(Array.from(table.subarray(pos * d, (pos + 1) * d), (v) => sig(v, 5)));
  const distance: number[] = [];
  const cos: number[] = [];
  const dot: number[] = [];
  for (let k = 0; k < P; k++) {
    const c = cosine(table, 0, table, k * d, d);
    distance.push(k);
    cos.push(sig(c.cos));
    dot.push(sig(c.dot));
  }
  const learned = new Rng(ctx.seed).fork('encoder').fork('positions').normalArray(P * d);
  const learnedCosine = Array.from({ length: P }, (_, k) => sig(cosine(learned, 0, learned, k * d, d).cos));

  const none = modes.find((m) => m.positions === 'none')!;
  const lines = [
    `No positions: pooled outputs of “我 喜欢 你” and “你 喜欢 我” differ by at most ${none.maxAbsDiff.toExponential(1)} — ${none.identical ? 'identical' : 'NOT identical'} (attention without positions cannot see word order).`,
    ...modes
      .filter((m) => m.positions !== 'none')
      .map((m) => `${m.positions} positions: max difference ${m.maxAbsDiff.toExponential(2)} — the encoder tells the two orders apart.`),
    `Sinusoidal codes: cos(PE(0), PE(k)) = ${cos[1]!.toFixed(3)} at k=1, ${cos[Math.min(8, P - 1)]!.toFixed(3)} at k=${Math.min(8, P - 1)}, ${cos[P - 1]!.toFixed(3)} at k=${P - 1}; it depends only on the distance k.`,
  ];
  return {
    sentences: [SENTENCES[0].map((t) => PE_VOCAB[t]!), SENTENCES[1].map((t) => PE_VOCAB[t]!)],
    modes,
    sinusoidal: { matrix, distance, cosine: cos, dot },
    learnedCosine,
    summary: { lines },
  };
}
