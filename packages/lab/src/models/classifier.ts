import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import type { Rng } from '../random';
import { reshapeView } from './fused';
import { frobeniusNorm, type ParamMap } from './params';
import { initRecurrent, recurrentLastHidden, type RecurrentKind, type RecurrentWeights } from './recurrent';
import { initTransformer, meanPool, sinusoidalTable, transformerEncode, type TransformerConfig } from './transformer';

/**
 * Sequence classifier used by the experiments: token → embedding (one-hot · E, because wasm has no gradient
 * for gather) → body → readout → softmax cross-entropy.
 *   recurrent body (rnn | lstm | gru): logits = h_{T-1}·W_r + b_r   (the state after the last token)
 *   transformer body:                  logits = mean_t(encoder(x)_t)·W_r + b_r
 * Parameter names: `embedding` [V, d], `readout.w` [d, C], `readout.b` [C]; recurrent `wx`, `wh`, `b`
 * (+ `bh` for the GRU); transformer names as in initTransformer.
 */

export type Architecture = RecurrentKind | 'transformer';

export interface ClassifierConfig {
  architecture: Architecture;
  vocab: number;
  /** Embedding width = recurrent state width = transformer d_model. */
  hidden: number;
  classes: number;
  /** LSTM forget-gate bias at initialisation. */
  forgetBias?: number;
  /** Transformer settings (ignored by recurrent bodies). */
  transformer?: Omit<TransformerConfig, 'dModel'>;
}

/** A batch of token sequences: tokens[t·B + b] is token t of sequence b (time-major). */
export interface TokenBatch {
  T: number;
  B: number;
  tokens: Int32Array;
  targets: Int32Array;
}

export function isRecurrent(a: Architecture): a is RecurrentKind {
  return a !== 'transformer';
}

function transformerConfig(cfg: ClassifierConfig): TransformerConfig {
  if (!cfg.transformer) throw new Error('transformer settings missing');
  return { ...cfg.transformer, dModel: cfg.hidden };
}

export function initClassifier(cfg: ClassifierConfig, rng: Rng): ParamMap {
  const d = cfg.hidden;
  const params: ParamMap = {
    // N(0, 1) embeddings: the same scale as the sinusoidal position codes.
    embedding: tf.tensor2d(rng.fork("embedding").normalArray(cfg.vocab * d), [cfg.vocab, d]),
  };
  const body = rng.fork('body');
  if (isRecurrent(cfg.architecture)) {
    const w = initRecurrent(cfg.architecture, body, d, d, { forgetBias: cfg.forgetBias ?? 1 });
    params.wx = w.wx;
    params.wh = w.wh;
    params.b = w.b;
    if (w.bh) params.bh = w.bh;
  } else {
    Object.assign(params, initTransformer(transformerConfig(cfg), body));
  }
  const readout = rng.fork('readout');
  params['readout.w'] = tf.tensor2d(readout.glorotUniform(d, cfg.classes), [d, cfg.classes]);
  params['readout.b'] = tf.zeros([cfg.classes]);
  return params;
}

function recurrentWeights(params: ParamMap): RecurrentWeights {
  return {
    wx: params.wx as tf.Tensor2D,
    wh: params.wh as tf.Tensor2D,
    b: params.b as tf.Tensor1D,
    ...(params.bh ? { bh: params.bh as tf.Tensor1D } : {}),
  };
}

/** One-hot rows in the order the body wants: time-major for recurrent bodies, batch-major for the transformer. */
function oneHotRows(batch: TokenBatch, vocab: number, batchMajor: boolean): Float32Array {
  const { T, B, tokens } = batch;
  const out = new Float32Array(T * B * vocab);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const row = batchMajor ? b * T + t : t * B + b;
      out[row * vocab + tokens[t * B + b]!] = 1;
    }
  }
  return out;
}

export interface StepOptions {
  /** Compute gradients for every parameter. */
  withGrads?: boolean;
  /** Also return ‖∂L/∂x_t‖ per position (implies gradients). */
  inputGradNorms?: boolean;
  /** Also return ‖∂L/∂h_t‖ per position for recurrent bodies (implies gradients). */
  hiddenGradNorms?: boolean;
  /** Keep raw ∂L/∂x ([T·B, d] in the body's row order) and ∂L/∂h for the export. */
  keepRawGrads?: boolean;
  /** Sinusoidal table [T, d] to reuse across steps. */
  sinusoidal?: tf.Tensor2D;
}

export interface StepResult {
  loss: number;
  accuracy: number;
  /** Predicted class per sequence. */
  predictions: Int32Array;
  /** Softmax probabilities [B·C]. */
  probabilities: Float32Array;
  grads?: ParamMap;
  inputGradNorms?: number[];
  hiddenGradNorms?: number[];
  rawInputGrad?: tf.Tensor2D;
  rawHiddenGrad?: tf.Tensor2D;
}

/** Norm over the batch and feature axes of each position t, for rows laid out time- or batch-major. */
export function positionNorms(values: ArrayLike<number>, T: number, B: number, width: number, batchMajor: boolean): number[] {
  const sums = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const row = batchMajor ? b * T + t : t * B + b;
      for (let j = 0; j < width; j++) {
        const v = values[row * width + j]!;
        sums[t]! += v * v;
      }
    }
  }
  return Array.from(sums, Math.sqrt);
}

/**
 * Forward (and optionally backward) pass on one batch. Returned gradient tensors belong to the caller.
 * The loss is the mean cross-entropy over the batch.
 */
export function classifierStep(
  cfg: ClassifierConfig,
  params: ParamMap,
  batch: TokenBatch,
  options: StepOptions = {},
): StepResult {
  const { T, B } = batch;
  const d = cfg.hidden;
  const recurrent = isRecurrent(cfg.architecture);
  const wantGrads = !!(options.withGrads || options.inputGradNorms || options.hiddenGradNorms || options.keepRawGrads);
  const wantHidden = recurrent && !!(options.hiddenGradNorms || options.keepRawGrads);

  const targetsOneHot = new Float32Array(B * cfg.classes);
  for (let b = 0; b < B; b++) targetsOneHot[b * cfg.classes + batch.targets[b]!] = 1;

  const names = Object.keys(params).filter((n) => n !== 'embedding');
  const owned: tf.Tensor[] = [];
  const track = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  const onehot = track(tf.tensor2d(oneHotRows(batch, cfg.vocab, !recurrent), [T * B, cfg.vocab]));
  const x = track(tf.matMul(onehot, params.embedding as tf.Tensor2D));
  const yOneHot = track(tf.tensor2d(targetsOneHot, [B, cfg.classes]));
  const sinusoidal =
    cfg.architecture === 'transformer' && cfg.transformer?.positions === 'sinusoidal'
      ? (options.sinusoidal ?? track(tf.tensor2d(sinusoidalTable(T, d), [T, d])))
      : undefined;
  const probe = wantHidden ? track(tf.zeros([T * B, d]) as tf.Tensor2D) : undefined;

  let probabilities: Float32Array | null = null;
  const lossFn = (xIn: tf.Tensor, probeIn: tf.Tensor | undefined, values: tf.Tensor[]): tf.Scalar => {
    const p: ParamMap = { ...params };
    names.forEach((n, i) => (p[n] = values[i]!));
    let features: tf.Tensor2D;
    if (recurrent) {
      features = recurrentLastHidden(
        cfg.architecture as RecurrentKind,
        xIn as tf.Tensor2D,
        recurrentWeights(p),
        T,
        probeIn as tf.Tensor2D | undefined,
      );
    } else {
      const { hidden } = transformerEncode(p, transformerConfig(cfg), reshapeView<tf.Rank.R3>(xIn, [B, T, d]), {
        ...(sinusoidal ? { sinusoidal } : {}),
      });
      features = meanPool(hidden, B, T);
    }
    const logits = tf.add(tf.matMul(features, p['readout.w'] as tf.Tensor2D), p['readout.b']!);
    const logp = tf.logSoftmax(logits);
    probabilities = tf.exp(logp).dataSync() as Float32Array;
    return tf.div(tf.neg(tf.sum(tf.mul(yOneHot, logp))), B) as tf.Scalar;
  };

  const result: Partial<StepResult> = {};
  let lossValue: number;
  if (!wantGrads) {
    lossValue = tf.tidy(() => lossFn(x, undefined, names.map((n) => params[n]!)).dataSync()[0]!);
  } else {
    const inputs = [x, ...(probe ? [probe] : []), ...names.map((n) => params[n]!)];
    const { value, grads } = tf.valueAndGrads((...args: tf.Tensor[]) =>
      lossFn(args[0]!, probe ? args[1] : undefined, args.slice(probe ? 2 : 1)),
    )(inputs);
    lossValue = value.dataSync()[0]!;
    value.dispose();
    const dX = grads[0]! as tf.Tensor2D;
    const dProbe = probe ? (grads[1]! as tf.Tensor2D) : undefined;
    const paramGrads = grads.slice(probe ? 2 : 1);
    const out: ParamMap = {};
    names.forEach((n, i) => (out[n] = paramGrads[i]!));
    out.embedding = tf.tidy(() => tf.matMul(tf.transpose(onehot), dX));
    if (options.inputGradNorms) result.inputGradNorms = positionNorms(dX.dataSync(), T, B, d, !recurrent);
    if (dProbe && options.hiddenGradNorms) result.hiddenGradNorms = positionNorms(dProbe.dataSync(), T, B, d, false);
    if (options.keepRawGrads) {
      result.rawInputGrad = dX;
      if (dProbe) result.rawHiddenGrad = dProbe;
    } else {
      dX.dispose();
      dProbe?.dispose();
    }
    if (options.withGrads || options.keepRawGrads) result.grads = out;
    else Object.values(out).forEach((t) => t.dispose());
  }
  owned.forEach((t) => t.dispose());

  const probs = probabilities as unknown as Float32Array;
  const predictions = new Int32Array(B);
  let correct = 0;
  for (let b = 0; b < B; b++) {
    let best = 0;
    for (let c = 1; c < cfg.classes; c++) if (probs[b * cfg.classes + c]! > probs[b * cfg.classes + best]!) best = c;
    predictions[b] = best;
    if (best === batch.targets[b]) correct++;
  }
  return { ...result, loss: lossValue, accuracy: correct / B, predictions, probabilities: probs };
}

export { frobeniusNorm };
