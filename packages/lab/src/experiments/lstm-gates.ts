import * as tf from '@tensorflow/tfjs-core';
import type { TLstmGatesParams, TLstmGatesResult } from '@recurrence/contracts';
import { classifierStep, initClassifier, type ClassifierConfig, type TokenBatch } from '../models/classifier';
import { lstmTrace, type LstmTrace } from '../models/lstm';
import { disposeParams, type ParamMap } from '../models/params';
import { Rng } from '../random';
import { longRangeBatch, longRangeTokenName, longRangeVocab, type LongRangeTask } from '../tasks/long-range';
import { Adam } from '../training/adam';
import { finiteOrNull, sig, type RunContext } from './context';

/**
 * lstm-gates: train an LSTM classifier on the long-range task (remember the first token across noise),
 * then trace its forget, input and output gates and the cell state along example sequences.
 * The "memory unit" is the cell unit whose final value differs most between the classes on an evaluation
 * batch: in a model that solved the task, its forget gate stays near 1 and its input gate near 0 after the
 * first token.
 */

const EVAL_SIZE = 128;

function embed(params: ParamMap, batch: TokenBatch, vocab: number): tf.Tensor2D {
  const onehot = new Float32Array(batch.T * batch.B * vocab);
  batch.tokens.forEach((tok, i) => (onehot[i * vocab + tok] = 1));
  return tf.tidy(() => tf.matMul(tf.tensor2d(onehot, [batch.T * batch.B, vocab]), params.embedding as tf.Tensor2D));
}

function trace(params: ParamMap, batch: TokenBatch, vocab: number): LstmTrace {
  const x = embed(params, batch, vocab);
  try {
    return lstmTrace(x, { wx: params.wx as tf.Tensor2D, wh: params.wh as tf.Tensor2D, b: params.b as tf.Tensor1D }, batch.T);
  } finally {
    x.dispose();
  }
}

/** Unit j of sequence b at step t: index (t·B + b)·H + j. */
function series(values: Float32Array, tr: LstmTrace, b: number, j: number, f = (v: number) => v): number[] {
  return Array.from({ length: tr.T }, (_, t) => sig(f(values[(t * tr.batch + b) * tr.hidden + j]!), 4));
}

function meanOverUnits(values: Float32Array, tr: LstmTrace, b: number, f = (v: number) => v): number[] {
  return Array.from({ length: tr.T }, (_, t) => {
    let s = 0;
    for (let j = 0; j < tr.hidden; j++) s += f(values[(t * tr.batch + b) * tr.hidden + j]!);
    return sig(s / tr.hidden, 4);
  });
}

export async function runLstmGates(
  p: TLstmGatesParams,
  ctx: RunContext,
): Promise<Omit<TLstmGatesResult, 'experiment' | 'params' | 'seed' | 'backend' | 'codeVersion' | 'timings'>> {
  const task: LongRangeTask = { classes: p.classes, noiseTokens: p.noiseTokens };
  const vocab = longRangeVocab(task);
  const cfg: ClassifierConfig = { architecture: 'lstm', vocab, hidden: p.hidden, classes: p.classes, forgetBias: p.forgetBias };
  const rng = new Rng(ctx.seed);
  const params = initClassifier(cfg, rng.fork('init'));
  const adam = new Adam({ learningRate: p.learningRate });
  try {
    const data = rng.fork('train');
    const lossCurve: (number | null)[] = [];
    const accuracyCurve: number[] = [];
    for (let s = 1; s <= p.steps; s++) {
      const batch = longRangeBatch(task, data, p.seqLen, p.batchSize);
      const r = ctx.time('trainMs', () => classifierStep(cfg, params, batch, { withGrads: true }));
      ctx.time('trainMs', () => adam.step(params, r.grads!));
      disposeParams(r.grads!);
      lossCurve.push(finiteOrNull(sig(r.loss)));
      accuracyCurve.push(r.accuracy);
      await ctx.tick(s / (p.steps + 1), `step ${s}/${p.steps}, loss ${r.loss.toFixed(3)}`);
    }

    const evalBatch = longRangeBatch(task, rng.fork('eval'), p.seqLen, EVAL_SIZE);
    const evalStep = classifierStep(cfg, params, evalBatch);
    const evalTrace = trace(params, evalBatch, vocab);
    // Memory unit: largest spread of the class-mean final cell values.
    let best = { index: 0, separation: -1 };
    for (let j = 0; j < p.hidden; j++) {
      const sums = new Float64Array(p.classes);
      const counts = new Float64Array(p.classes);
      for (let b = 0; b < EVAL_SIZE; b++) {
        const c = evalTrace.cell[((p.seqLen - 1) * EVAL_SIZE + b) * p.hidden + j]!;
        sums[evalBatch.targets[b]!]! += c;
        counts[evalBatch.targets[b]!]! += 1;
      }
      const means = Array.from(sums, (s, k) => (counts[k]! > 0 ? s / counts[k]! : 0));
      const separation = Math.max(...means) - Math.min(...means);
      if (separation > best.separation) best = { index: j, separation };
    }

    // One example per class (the first sequences of a fresh batch that carry each label).
    const pool = longRangeBatch(task, rng.fork('examples'), p.seqLen, 16 * p.classes);
    const chosen: number[] = [];
    for (let k = 0; k < p.classes && chosen.length < 2; k++) {
      const b = Array.from(pool.targets).indexOf(k);
      if (b >= 0) chosen.push(b);
    }
    const tokens = new Int32Array(p.seqLen * chosen.length);
    for (let t = 0; t < p.seqLen; t++) chosen.forEach((b, i) => (tokens[t * chosen.length + i] = pool.tokens[t * pool.B + b]!));
    const examples: TokenBatch = {
      T: p.seqLen,
      B: chosen.length,
      tokens,
      targets: Int32Array.from(chosen, (b) => pool.targets[b]!),
    };
    const exStep = classifierStep(cfg, params, examples);
    const tr = trace(params, examples, vocab);
    const j = best.index;
    const traces: TLstmGatesResult['traces'] = chosen.map((_, b) => {
      const heat = (values: Float32Array) =>
        Array.from({ length: p.hidden }, (_, unit) => series(values, tr, b, unit));
      return {
        tokens: Array.from({ length: p.seqLen }, (_, t) => longRangeTokenName(task, examples.tokens[t * examples.B + b]!)),
        label: examples.targets[b]!,
        predicted: exStep.predictions[b]!,
        forget: meanOverUnits(tr.forget, tr, b),
        input: meanOverUnits(tr.input, tr, b),
        output: meanOverUnits(tr.output, tr, b),
        cellAbs: meanOverUnits(tr.cell, tr, b, Math.abs),
        memoryUnit: {
          forget: series(tr.forget, tr, b, j),
          input: series(tr.input, tr, b, j),
          output: series(tr.output, tr, b, j),
          cell: series(tr.cell, tr, b, j),
        },
        heatmaps: { forget: heat(tr.forget), input: heat(tr.input), output: heat(tr.output), cell: heat(tr.cell) },
      };
    });

    const meanAfterFirst = (values: number[]) => values.slice(1).reduce((a, v) => a + v, 0) / Math.max(1, values.length - 1);
    const first = traces[0];
    const lines = [
      `Accuracy ${(100 * evalStep.accuracy).toFixed(1)}% on ${EVAL_SIZE} fresh sequences of length ${p.seqLen} (chance ${(100 / p.classes).toFixed(0)}%).`,
      `Memory unit ${j}: final cell values of the classes differ by ${best.separation.toFixed(2)}.`,
      ...(first
        ? [
            `In example 1, unit ${j}'s forget gate averages ${meanAfterFirst(first.memoryUnit.forget).toFixed(2)} and its input gate ${meanAfterFirst(first.memoryUnit.input).toFixed(2)} after the first token (all units: forget ${meanAfterFirst(first.forget).toFixed(2)}, input ${meanAfterFirst(first.input).toFixed(2)}).`,
          ]
        : []),
    ];
    return {
      lossCurve,
      accuracyCurve,
      finalAccuracy: evalStep.accuracy,
      memoryUnit: { index: j, separation: sig(best.separation, 4) },
      traces,
      summary: { lines },
    };
  } finally {
    adam.dispose();
    disposeParams(params);
  }
}
