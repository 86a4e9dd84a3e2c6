import * as tf from '@tensorflow/tfjs-core';
import type { TAttentionWeightsParams, TAttentionWeightsResult } from '@recurrence/contracts';
import '../gradients';
import { disposeParams, type ParamMap } from '../models/params';
import { meanPool, multiHeadAttention, type AttentionWeights } from '../models/transformer';
import { Rng } from '../random';
import { SENTIMENT_VOCAB, sentimentBatch, type SentimentBatch } from '../tasks/sentiment';
import { Adam } from '../training/adam';
import { finiteOrNull, sig, type RunContext } from './context';

/**
 * attention-weights: a tiny attention classifier on generated sentiment sentences.
 *   x = one-hot(tokens)·E,  a = MHA(x) (one self-attention layer, no positions, no residual),
 *   logits = mean_t(a_t)·W_r + b_r,  loss = softmax cross-entropy (2 classes).
 * After ~100 Adam steps the attention maps of example sentences show where the model looks; the summary
 * compares the mean weight on the sentiment word with the uniform 1/length. With `mask: causal` each word sees only
 * itself and earlier words, and the run measures the largest weight any query still puts on a later word.
 */

const TEST_SIZE = 256;

function init(p: TAttentionWeightsParams, rng: Rng): ParamMap {
  const d = p.dModel;
  const V = SENTIMENT_VOCAB.length;
  const matrix = (r: Rng, rows: number, cols: number) => tf.tensor2d(r.glorotUniform(rows, cols), [rows, cols]);
  const layer = rng.fork('attention');
  const params: ParamMap = { embedding: tf.tensor2d(rng.fork('embedding').normalArray(V * d), [V, d]) };
  for (const name of ['q', 'k', 'v', 'o']) {
    params[`w${name}`] = matrix(layer, d, d);
    params[`b${name}`] = tf.zeros([d]);
  }
  params['readout.w'] = matrix(rng.fork('readout'), d, 2);
  params['readout.b'] = tf.zeros([2]);
  return params;
}

function oneHot(batch: SentimentBatch): tf.Tensor2D {
  const V = SENTIMENT_VOCAB.length;
  const data = new Float32Array(batch.B * batch.T * V);
  batch.tokens.forEach((tok, i) => (data[i * V + tok] = 1));
  return tf.tensor2d(data, [batch.B * batch.T, V]);
}

function forward(params: ParamMap, p: TAttentionWeightsParams, batch: SentimentBatch, keepAttention: boolean) {
  const x = tf.matMul(oneHot(batch), params.embedding as tf.Tensor2D);
  const w = params as unknown as AttentionWeights;
  const { out, attention } = multiHeadAttention(x as tf.Tensor2D, w, batch.B, batch.T, p.heads, { keepAttention, causal: p.mask === 'causal' });
  const logits = tf.add(tf.matMul(meanPool(out, batch.B, batch.T), params['readout.w'] as tf.Tensor2D), params['readout.b']!);
  return { logits: logits as tf.Tensor2D, attention };
}

function lossOf(logits: tf.Tensor2D, labels: Int32Array): tf.Scalar {
  const y = new Float32Array(labels.length * 2);
  labels.forEach((l, b) => (y[b * 2 + l] = 1));
  return tf.div(tf.neg(tf.sum(tf.mul(tf.tensor2d(y, [labels.length, 2]), tf.logSoftmax(logits)))), labels.length) as tf.Scalar;
}

interface Evaluation {
  probabilityPositive: Float32Array;
  attention: Float32Array;
}

function evaluate(params: ParamMap, p: TAttentionWeightsParams, batch: SentimentBatch): Evaluation {
  return tf.tidy(() => {
    const { logits, attention } = forward(params, p, batch, true);
    const probs = tf.softmax(logits).dataSync();
    const pos = new Float32Array(batch.B);
    for (let b = 0; b < batch.B; b++) pos[b] = probs[b * 2 + 1]!;
    return { probabilityPositive: pos, attention: attention! };
  });
}

/** Mean over heads and query rows of the weight on the sentiment word, for sequence b. */
function weightOnSentiment(ev: Evaluation, batch: SentimentBatch, heads: number, b: number): number {
  const T = batch.T;
  const s = batch.sentimentIndex[b]!;
  let total = 0;
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < T; i++) total += ev.attention[(((b * heads + h) * T + i) * T) + s]!;
  }
  return total / (heads * T);
}

/** The largest weight any query puts on a key after it (what a causal mask must make exactly 0). */
function maxWeightOnLaterKeys(ev: Evaluation, batch: SentimentBatch, heads: number): number {
  const T = batch.T;
  let max = 0;
  for (let n = 0; n < batch.B * heads; n++) {
    for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) max = Math.max(max, ev.attention[(n * T + i) * T + j]!);
  }
  return max;
}

function meanWeightOnSentiment(ev: Evaluation, batch: SentimentBatch, heads: number): number {
  let total = 0;
  for (let b = 0; b < batch.B; b++) total += weightOnSentiment(ev, batch, heads, b);
  return total / batch.B;
}

export async function runAttentionWeights(
  p: TAttentionWeightsParams,
  ctx: RunContext,
): Promise<Omit<TAttentionWeightsResult, 'experiment' | 'params' | 'seed' | 'backend' | 'codeVersion' | 'timings'>> {
  const rng = new Rng(ctx.seed);
  const T = p.sentenceLength;
  const params = init(p, rng.fork('init'));
  const test = sentimentBatch(rng.fork('test'), T, TEST_SIZE);
  const examples = sentimentBatch(rng.fork('examples'), T, p.examples);
  const adam = new Adam({ learningRate: p.learningRate });
  const names = Object.keys(params);
  try {
    const before = meanWeightOnSentiment(evaluate(params, p, test), test, p.heads);
    const data = rng.fork('train');
    const lossCurve: (number | null)[] = [];
    const accuracyCurve: number[] = [];
    for (let s = 1; s <= p.steps; s++) {
      const batch = sentimentBatch(data, T, p.batchSize);
      const t0 = performance.now();
      let predictions: Float32Array | null = null;
      const { value, grads } = tf.valueAndGrads((...values: tf.Tensor[]) => {
        const current: ParamMap = {};
        names.forEach((n, i) => (current[n] = values[i]!));
        const { logits } = forward(current, p, batch, false);
        predictions = tf.softmax(logits).dataSync() as Float32Array;
        return lossOf(logits, batch.labels);
      })(names.map((n) => params[n]!));
      const g: ParamMap = {};
      names.forEach((n, i) => (g[n] = grads[i]!));
      adam.step(params, g);
      disposeParams(g);
      ctx.addTiming('trainMs', performance.now() - t0);
      const loss = value.dataSync()[0]!;
      value.dispose();
      let correct = 0;
      for (let b = 0; b < batch.B; b++) if ((predictions![b * 2 + 1]! > 0.5 ? 1 : 0) === batch.labels[b]) correct++;
      lossCurve.push(finiteOrNull(sig(loss)));
      accuracyCurve.push(correct / batch.B);
      await ctx.tick(s / (p.steps + 1), `step ${s}/${p.steps}, loss ${loss.toFixed(3)}`);
    }

    const testEval = ctx.time('evalMs', () => evaluate(params, p, test));
    let correct = 0;
    for (let b = 0; b < test.B; b++) if ((testEval.probabilityPositive[b]! > 0.5 ? 1 : 0) === test.labels[b]) correct++;
    const after = meanWeightOnSentiment(testEval, test, p.heads);
    const exEval = evaluate(params, p, examples);
    const exampleResults: TAttentionWeightsResult['examples'] = [];
    for (let b = 0; b < examples.B; b++) {
      const attention: number[][][] = [];
      for (let h = 0; h < p.heads; h++) {
        const rows: number[][] = [];
        for (let i = 0; i < T; i++) {
          const off = ((b * p.heads + h) * T + i) * T;
          rows.push(Array.from(exEval.attention.subarray(off, off + T), (v) => sig(v, 4)));
        }
        attention.push(rows);
      }
      const prob = exEval.probabilityPositive[b]!;
      exampleResults.push({
        tokens: Array.from(examples.tokens.subarray(b * T, (b + 1) * T), (t) => SENTIMENT_VOCAB[t]!),
        label: examples.labels[b] === 1 ? 'positive' : 'negative',
        predicted: prob > 0.5 ? 'positive' : 'negative',
        probabilityPositive: sig(prob, 4),
        sentimentIndex: examples.sentimentIndex[b]!,
        attention,
        weightOnSentiment: sig(weightOnSentiment(exEval, examples, p.heads, b), 4),
      });
    }
    const testAccuracy = correct / test.B;
    const uniform = 1 / T;
    const maxWeightOnMaskedKeys = p.mask === 'causal' ? maxWeightOnLaterKeys(testEval, test, p.heads) : null;
    return {
      lossCurve,
      accuracyCurve,
      testAccuracy,
      examples: exampleResults,
      meanWeightOnSentiment: { before: sig(before, 4), after: sig(after, 4), uniform: sig(uniform, 4) },
      maxWeightOnMaskedKeys,
      summary: {
        lines: [
          `Test accuracy ${(100 * testAccuracy).toFixed(1)}% on ${TEST_SIZE} generated sentences after ${p.steps} steps.`,
          `Mean attention on the sentiment word: ${(100 * before).toFixed(1)}% before training → ${(100 * after).toFixed(1)}% after (uniform would be ${(100 * uniform).toFixed(1)}%).`,
          ...(maxWeightOnMaskedKeys === null
            ? []
            : [`Causal mask: the largest weight any of the ${TEST_SIZE * T} test queries puts on a later word is ${maxWeightOnMaskedKeys}.`]),
        ],
      },
    };
  } finally {
    adam.dispose();
    disposeParams(params);
  }
}
