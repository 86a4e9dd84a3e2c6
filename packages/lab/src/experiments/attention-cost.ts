import * as tf from '@tensorflow/tfjs-core';
import type { TAttentionCostParams, TAttentionCostResult } from '@recurrence/contracts';
import { lstmLayerPlain } from '../models/lstm';
import { initRecurrent } from '../models/recurrent';
import { multiHeadAttention, type AttentionWeights } from '../models/transformer';
import { Rng } from '../random';
import { logLogSlope, sig, type RunContext } from './context';

/**
 * attention-cost: forward time and memory of one self-attention layer and one LSTM layer as the sequence
 * length n doubles.
 *
 * Memory is measured, not computed: tf.profile records the bytes held by live tensors after every kernel;
 * peakBytes is the high-water mark during the forward minus the bytes alive before it (inputs, weights).
 * Both layers are written so that everything they hold is a tensor: attention keeps Q, K, V, the n×n scores
 * and probabilities alive until the end of the forward (as autodiff would), the LSTM keeps its input
 * projections and its n outputs. Time is the best of `repeats` forward passes (wall clock, synchronised by
 * reading the output) and is noisier than memory.
 */

function attentionWeights(rng: Rng, d: number): AttentionWeights {
  const m = () => tf.tensor2d(rng.glorotUniform(d, d), [d, d]);
  const z = () => tf.zeros([d]);
  return { wq: m(), bq: z(), wk: m(), bk: z(), wv: m(), bv: z(), wo: m(), bo: z() };
}

interface Measured {
  forwardMs: number;
  peakBytes: number;
}

async function measureLayer(forward: () => tf.Tensor, repeats: number): Promise<Measured> {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const out = tf.tidy(forward);
    out.dataSync();
    best = Math.min(best, performance.now() - t0);
    out.dispose();
  }
  const before = tf.memory().numBytes;
  const info = await tf.profile(() => {
    const out = tf.tidy(forward);
    out.dispose();
  });
  return { forwardMs: sig(best, 4), peakBytes: Math.max(0, info.peakBytes - before) };
}

export async function runAttentionCost(
  p: TAttentionCostParams,
  ctx: RunContext,
): Promise<Omit<TAttentionCostResult, 'experiment' | 'params' | 'seed' | 'backend' | 'codeVersion' | 'timings'>> {
  const lengths: number[] = [];
  for (let n = p.minSeqLen; n <= p.maxSeqLen; n *= 2) lengths.push(n);
  const rng = new Rng(ctx.seed);
  const d = p.dModel;
  const attn = attentionWeights(rng.fork('attention'), d);
  const lstm = initRecurrent('lstm', rng.fork('lstm'), d, d);
  const rows: TAttentionCostResult['rows'] = [];
  try {
    // Warm-up (first calls pay for kernel setup).
    const warm = Math.min(lengths[0]!, 32);
    const xw = tf.tensor2d(rng.fork('warmup').normalArray(warm * p.batchSize * d), [warm * p.batchSize, d]);
    tf.tidy(() => multiHeadAttention(xw, attn, p.batchSize, warm, p.heads, { core: 'batched' }).out.dataSync());
    tf.tidy(() => lstmLayerPlain(xw, lstm, warm).dataSync());
    xw.dispose();

    for (const [i, n] of lengths.entries()) {
      await ctx.tick(i / lengths.length, `n = ${n}: self-attention`);
      // Attention rows are batch-major, LSTM rows time-major; the values are random either way.
      const x = tf.tensor2d(rng.fork(`x${n}`).normalArray(n * p.batchSize * d), [n * p.batchSize, d]);
      try {
        const attention = await measureLayer(
          () => multiHeadAttention(x, attn, p.batchSize, n, p.heads, { core: 'batched' }).out,
          p.repeats,
        );
        ctx.addTiming('attentionMs', attention.forwardMs);
        await ctx.tick((i + 0.5) / lengths.length, `n = ${n}: LSTM`);
        const recurrent = await measureLayer(() => lstmLayerPlain(x, lstm, n), p.repeats);
        ctx.addTiming('lstmMs', recurrent.forwardMs);
        rows.push({
          seqLen: n,
          attention: { ...attention, sequentialSteps: 1 },
          lstm: { ...recurrent, sequentialSteps: n },
        });
      } finally {
        x.dispose();
      }
    }
  } finally {
    for (const t of Object.values(attn)) t.dispose();
    lstm.wx.dispose();
    lstm.wh.dispose();
    lstm.b.dispose();
  }

  const ns = rows.map((r) => r.seqLen);
  const tail = rows.slice(Math.floor(rows.length / 2));
  const slopes = (pick: (r: (typeof rows)[number]) => { forwardMs: number; peakBytes: number }) => ({
    time: sig(logLogSlope(ns, rows.map((r) => Math.max(pick(r).forwardMs, 1e-3))), 4),
    memory: sig(logLogSlope(ns, rows.map((r) => Math.max(pick(r).peakBytes, 1))), 4),
    memoryTail: sig(
      logLogSlope(
        tail.map((r) => r.seqLen),
        tail.map((r) => Math.max(pick(r).peakBytes, 1)),
      ),
      4,
    ),
  });
  const result = { attention: slopes((r) => r.attention), lstm: slopes((r) => r.lstm) };
  const last = rows[rows.length - 1]!;
  const mb = (b: number) => (b / 2 ** 20).toFixed(1);
  return {
    rows,
    slopes: result,
    reference: [
      { layer: 'Self-Attention', complexityPerLayer: 'O(n²·d)', sequentialOperations: 'O(1)', maxPathLength: 'O(1)' },
      { layer: 'Recurrent', complexityPerLayer: 'O(n·d²)', sequentialOperations: 'O(n)', maxPathLength: 'O(n)' },
    ],
    summary: {
      lines: [
        `Memory grows as n^${result.attention.memoryTail.toFixed(2)} for self-attention and n^${result.lstm.memoryTail.toFixed(2)} for the LSTM (fitted on the longer half of the lengths; Vaswani et al.: n² vs n).`,
        `At n = ${last.seqLen}: attention ${last.attention.forwardMs.toFixed(1)} ms and ${mb(last.attention.peakBytes)} MB in 1 parallel step; LSTM ${last.lstm.forwardMs.toFixed(1)} ms and ${mb(last.lstm.peakBytes)} MB in ${last.seqLen} sequential steps.`,
        `Time slopes (noisier): attention n^${result.attention.time.toFixed(2)}, LSTM n^${result.lstm.time.toFixed(2)}.`,
      ],
    },
  };
}
