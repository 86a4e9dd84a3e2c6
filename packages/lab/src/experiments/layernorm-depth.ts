import * as tf from '@tensorflow/tfjs-core';
import type { TLayerNormDepthParams, TLayerNormDepthResult, TNormPlacement } from '@recurrence/contracts';
import '../gradients';
import { disposeParams, frobeniusNorm, type ParamMap } from '../models/params';
import { initTransformer, sinusoidalTable, transformerEncode, type TransformerConfig } from '../models/transformer';
import { Rng } from '../random';
import { Adam } from '../training/adam';
import type { TrainingPlan } from '../parallel/trainings';
import { finiteOrNull, formatExp, sig, type RunContext } from './context';

/**
 * layernorm-depth (Xiong et al. 2020, "On Layer Normalization in the Transformer Architecture"): Pre-LN and
 * Post-LN encoders of the same depth and the same initial weights; the gradient norm of every layer's
 * feed-forward weights W1, W2 on a fixed batch at initialisation, and again after a few Adam steps
 * (constant learning rate, no warm-up). Xiong et al. show that at initialisation the Post-LN gradient of the
 * last layers is large (it grows toward the output), while Pre-LN keeps it roughly flat across layers.
 * Task: token-level previous-token prediction over 16 random tokens (loss on every position, like the
 * paper's sequence models), sinusoidal positions.
 */

/** Vocabulary of the token-level task. */
const VOCAB = 16;

interface TokenTask {
  T: number;
  B: number;
  /** tokens[b·T + t] (batch-major) */
  tokens: Int32Array;
}

function tokenBatch(rng: Rng, T: number, B: number): TokenTask {
  const tokens = new Int32Array(T * B);
  for (let i = 0; i < tokens.length; i++) tokens[i] = rng.int(VOCAB);
  return { T, B, tokens };
}

/**
 * Token-level loss (as in the paper's sequence models, the loss sits on every position, not on a pooled
 * vector): at each position t predict the previous token x_{t-1} (x_0 at t = 0) from the encoder output,
 * logits_t = h_t·W_r + b_r; L = mean over positions and sequences of the cross-entropy.
 */
function lossAndGrads(cfg: TransformerConfig, params: ParamMap, batch: TokenTask, sinusoidal: tf.Tensor2D) {
  const { T, B } = batch;
  const onehot = new Float32Array(B * T * VOCAB);
  const target = new Float32Array(B * T * VOCAB);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      onehot[(b * T + t) * VOCAB + batch.tokens[b * T + t]!] = 1;
      target[(b * T + t) * VOCAB + batch.tokens[b * T + Math.max(0, t - 1)]!] = 1;
    }
  }
  const names = Object.keys(params);
  const x1 = tf.tensor2d(onehot, [B * T, VOCAB]);
  const y = tf.tensor2d(target, [B * T, VOCAB]);
  const { value, grads } = tf.valueAndGrads((...values: tf.Tensor[]) => {
    const p: ParamMap = {};
    names.forEach((n, i) => (p[n] = values[i]!));
    const x = tf.reshape(tf.matMul(x1, p.embedding as tf.Tensor2D), [B, T, cfg.dModel]) as tf.Tensor3D;
    const { hidden } = transformerEncode(p, cfg, x, { sinusoidal });
    const logits = tf.add(tf.matMul(hidden, p['readout.w'] as tf.Tensor2D), p['readout.b']!);
    return tf.div(tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)))), B * T) as tf.Scalar;
  })(names.map((n) => params[n]!));
  x1.dispose();
  y.dispose();
  const loss = value.dataSync()[0]!;
  value.dispose();
  const out: ParamMap = {};
  names.forEach((n, i) => (out[n] = grads[i]!));
  return { loss, grads: out };
}

function layerGradients(cfg: TransformerConfig, params: ParamMap, batch: TokenTask, sinusoidal: tf.Tensor2D) {
  const r = lossAndGrads(cfg, params, batch, sinusoidal);
  const norm = (name: string) => finiteOrNull(sig(frobeniusNorm(r.grads[name]!.dataSync())));
  const out = {
    ffnW1: Array.from({ length: cfg.layers }, (_, l) => norm(`l${l}.w1`)),
    ffnW2: Array.from({ length: cfg.layers }, (_, l) => norm(`l${l}.w2`)),
    loss: finiteOrNull(sig(r.loss)),
  };
  disposeParams(r.grads);
  return out;
}

type LayerNormDepthBody = Omit<TLayerNormDepthResult, 'experiment' | 'params' | 'seed' | 'backend' | 'codeVersion' | 'timings'>;
type Placement = TLayerNormDepthResult['placements'][number];

/** One placement's training (Pre-LN or Post-LN); both draw the same probe, weights and batches from the seed. */
async function trainPlacement(p: TLayerNormDepthParams, norm: TNormPlacement, ctx: RunContext): Promise<Placement> {
  const rng = new Rng(ctx.seed);
  const T = p.seqLen;
  const probe = tokenBatch(rng.fork('probe'), T, p.batchSize);
  const sinusoidal = tf.tensor2d(sinusoidalTable(T, p.dModel), [T, p.dModel]);
  const cfg: TransformerConfig = {
    dModel: p.dModel,
    heads: p.heads,
    layers: p.depth,
    ffn: 4 * p.dModel,
    positions: 'sinusoidal',
    norm,
    maxLen: T,
  };
  // Same seed for both placements: identical embeddings and layer weights (Pre-LN adds a final LN).
  const init = rng.fork('init');
  const params: ParamMap = {
    ...initTransformer(cfg, init.fork('body')),
    embedding: tf.tensor2d(init.fork('embedding').normalArray(VOCAB * p.dModel), [VOCAB, p.dModel]),
    'readout.w': tf.tensor2d(init.fork('readout').glorotUniform(p.dModel, VOCAB), [p.dModel, VOCAB]),
    'readout.b': tf.zeros([VOCAB]),
  };
  const adam = new Adam({ learningRate: p.learningRate });
  try {
    await ctx.tick(0, `${norm}-LN: gradients at initialisation`);
    const atInit = ctx.time('measureMs', () => layerGradients(cfg, params, probe, sinusoidal));
    const data = rng.fork('train');
    const lossCurve: (number | null)[] = [];
    for (let s = 1; s <= p.steps; s++) {
      const batch = tokenBatch(data, T, p.batchSize);
      const r = ctx.time('trainMs', () => lossAndGrads(cfg, params, batch, sinusoidal));
      ctx.time('trainMs', () => adam.step(params, r.grads));
      disposeParams(r.grads);
      lossCurve.push(finiteOrNull(sig(r.loss)));
      await ctx.tick(s / (p.steps + 1), `${norm}-LN: step ${s}/${p.steps}`);
    }
    const afterSteps = ctx.time('measureMs', () => layerGradients(cfg, params, probe, sinusoidal));
    const ratio = (g: (number | null)[]) => {
      const first = g[0];
      const last = g[g.length - 1];
      return first && last !== null && last !== undefined ? finiteOrNull(sig(last / first)) : null;
    };
    return {
      norm,
      atInit,
      afterSteps,
      lossCurve,
      lastToFirstRatio: { atInit: ratio(atInit.ffnW2), afterSteps: ratio(afterSteps.ffnW2) },
    };
  } finally {
    adam.dispose();
    disposeParams(params);
    sinusoidal.dispose();
  }
}

function combineLayerNormDepth(p: TLayerNormDepthParams, placements: Placement[]): LayerNormDepthBody {
  const lines = placements.map(
    (pl) =>
      `${pl.norm === 'pre' ? 'Pre' : 'Post'}-LN, ${p.depth} layers: ‖∂L/∂W2‖ of the last layer / the first = ${formatExp(pl.lastToFirstRatio.atInit)} at initialisation, ` +
      `${formatExp(pl.lastToFirstRatio.afterSteps)} after ${p.steps} Adam steps without warm-up (loss ${formatExp(pl.atInit.loss)} → ${formatExp(pl.afterSteps.loss)}).`,
  );
  return { placements, summary: { lines } };
}

/** layernorm-depth's independent trainings: Pre-LN, then Post-LN. */
export const layerNormDepthPlan: TrainingPlan<TLayerNormDepthParams, TNormPlacement, Placement, LayerNormDepthBody, never> = {
  parts: () => ['pre', 'post'],
  maxParts: 2,
  train: (p, norm, ctx) => trainPlacement(p, norm, ctx),
  combine: (p, placements) => combineLayerNormDepth(p, placements),
};
