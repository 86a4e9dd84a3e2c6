import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import type { Rng } from '../random';
import { attentionCore, batchedAttentionCore } from './attention';
import { columnSums, rowMeans } from './constants';
import { dense, reshapeView, residualAdd } from './fused';
import type { ParamMap } from './params';

/**
 * A small Transformer encoder (Vaswani et al. 2017) in tfjs-core ops, differentiated by tfjs autodiff and tf.customGrad.
 *
 *   h⁰ = x + P                       x: token embeddings [B, T, d]; P: none | sinusoidal | learned [T, d]
 *   Pre-LN  (Xiong et al. 2020):  a = h + MHA(LN₁(h));      h' = a + FFN(LN₂(a));   output LN_f(h^L)
 *   Post-LN (Vaswani et al.):     a = LN₁(h + MHA(h));      h' = LN₂(a + FFN(a));   output h^L
 *   MHA(u) = concat_h(softmax(Q_h K_hᵀ / √d_h) V_h)·Wo + bo,  Q = u·Wq + bq, K = u·Wk + bk, V = u·Wv + bv
 *   FFN(u) = relu(u·W1 + b1)·W2 + b2
 *   LN(u) = (u − mean) / sqrt(var + 1e-5) ⊙ γ + β   (over the last axis, biased variance)
 *
 * Layout choices for wasm: projections are 2-D matMuls over [B·T, d]; the attention core runs per
 * (sequence, head) pair with a hand-written backward pass (attention.ts); dense layers, residual adds and
 * reshapes have hand-written backward passes that keep their inputs by closure rather than letting autodiff clone
 * them (fused.ts), with the arithmetic of autodiff unchanged.
 */

export type PositionEncoding = 'none' | 'sinusoidal' | 'learned';
export type NormPlacement = 'pre' | 'post';

export interface TransformerConfig {
  dModel: number;
  heads: number;
  layers: number;
  /** Inner width of the feed-forward block. */
  ffn: number;
  positions: PositionEncoding;
  norm: NormPlacement;
  /** Rows of the learned position table (longest sequence). */
  maxLen: number;
}

export const LN_EPSILON = 1e-5;

/** PE[p][2i] = sin(p / 10000^(2i/d)), PE[p][2i+1] = cos(p / 10000^(2i/d)). */
export function sinusoidalTable(positions: number, dModel: number): Float32Array {
  const out = new Float32Array(positions * dModel);
  for (let p = 0; p < positions; p++) {
    for (let i = 0; i < dModel; i += 2) {
      const angle = p / Math.pow(10000, i / dModel);
      out[p * dModel + i] = Math.sin(angle);
      if (i + 1 < dModel) out[p * dModel + i + 1] = Math.cos(angle);
    }
  }
  return out;
}

/**
 * Parameter names: `positions` (learned only); per layer l: `l{l}.wq|bq|wk|bk|wv|bv|wo|bo` (attention),
 * `l{l}.ln1.g|b`, `l{l}.ln2.g|b`, `l{l}.w1|b1|w2|b2` (feed-forward); `lnf.g|b` (Pre-LN only).
 * Weights are stored [in, out]; Glorot-uniform matrices, zero biases, LN γ = 1, β = 0, learned positions N(0, 1).
 */
export function initTransformer(cfg: TransformerConfig, rng: Rng): ParamMap {
  const d = cfg.dModel;
  const p: ParamMap = {};
  // Independent streams per part, so e.g. switching positions none → learned leaves the layers unchanged.
  if (cfg.positions === 'learned') {
    p.positions = tf.tensor2d(rng.fork('positions').normalArray(cfg.maxLen * d), [cfg.maxLen, d]);
  }
  for (let l = 0; l < cfg.layers; l++) {
    const layer = rng.fork(`layer${l}`);
    const matrix = (rows: number, cols: number) => tf.tensor2d(layer.glorotUniform(rows, cols), [rows, cols]);
    for (const name of ['wq', 'wk', 'wv', 'wo']) {
      p[`l${l}.${name}`] = matrix(d, d);
      p[`l${l}.b${name.slice(1)}`] = tf.zeros([d]);
    }
    p[`l${l}.ln1.g`] = tf.ones([d]);
    p[`l${l}.ln1.b`] = tf.zeros([d]);
    p[`l${l}.w1`] = matrix(d, cfg.ffn);
    p[`l${l}.b1`] = tf.zeros([cfg.ffn]);
    p[`l${l}.w2`] = matrix(cfg.ffn, d);
    p[`l${l}.b2`] = tf.zeros([d]);
    p[`l${l}.ln2.g`] = tf.ones([d]);
    p[`l${l}.ln2.b`] = tf.zeros([d]);
  }
  if (cfg.norm === 'pre') {
    p['lnf.g'] = tf.ones([d]);
    p['lnf.b'] = tf.zeros([d]);
  }
  return p;
}

function param(p: ParamMap, name: string): tf.Tensor {
  const t = p[name];
  if (!t) throw new Error(`missing transformer parameter ${name}`);
  return t;
}

/**
 * Layer norm over the last axis of a [N, d] tensor, with a hand-written backward pass:
 *   x̂ = (u − μ)·r, r = 1/sqrt(σ² + ε);  y = x̂ ⊙ γ + β
 *   ∂L/∂u = r ⊙ (ĝ − mean(ĝ) − x̂ ⊙ mean(ĝ ⊙ x̂)), ĝ = ∂L/∂y ⊙ γ;  ∂L/∂γ = Σ_rows ∂L/∂y ⊙ x̂;  ∂L/∂β = Σ_rows ∂L/∂y.
 * Row and column sums are matMuls with a ones vector (XNNPACK) instead of wasm Sum/Mean kernels.
 */
export function layerNorm(u: tf.Tensor2D, gain: tf.Tensor, bias: tf.Tensor): tf.Tensor2D {
  const normalise = (x: tf.Tensor2D) => {
    const centred = tf.sub(x, rowMeans(x));
    const r = tf.rsqrt(tf.add(rowMeans(tf.square(centred) as tf.Tensor2D), LN_EPSILON)) as tf.Tensor2D;
    return { xHat: tf.mul(centred, r) as tf.Tensor2D, r };
  };
  if (!tf.engine().isTapeOn()) {
    const { xHat } = normalise(u);
    return tf.add(tf.mul(xHat, gain), bias);
  }
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, g, b] = args as [tf.Tensor, tf.Tensor, tf.Tensor];
    // Kept by closure (tf.keep) rather than save(): save() copies each tensor on wasm.
    const { xHat, r } = normalise(x as tf.Tensor2D);
    tf.keep(xHat);
    tf.keep(r);
    return {
      value: tf.add(tf.mul(xHat, g), b),
      gradFunc: (dy: tf.Tensor) => {
        const gHat = tf.mul(dy, g) as tf.Tensor2D;
        const dx = tf.mul(r, tf.sub(tf.sub(gHat, rowMeans(gHat)), tf.mul(xHat, rowMeans(tf.mul(gHat, xHat) as tf.Tensor2D))));
        const grads = [dx, columnSums(tf.mul(dy, xHat) as tf.Tensor2D), columnSums(dy as tf.Tensor2D)];
        xHat.dispose();
        r.dispose();
        return grads;
      },
    };
  });
  return op(u, gain, bias) as tf.Tensor2D;
}

export interface AttentionWeights {
  wq: tf.Tensor;
  bq: tf.Tensor;
  wk: tf.Tensor;
  bk: tf.Tensor;
  wv: tf.Tensor;
  bv: tf.Tensor;
  wo: tf.Tensor;
  bo: tf.Tensor;
}

/**
 * Multi-head self-attention over u = [B·T, d] (rows b·T … b·T+T-1 are sequence b). Returns the output
 * [B·T, d] and, if asked, the attention probabilities [B·heads·T·T] (pair n = b·heads + h).
 */
export function multiHeadAttention(
  u: tf.Tensor2D,
  w: AttentionWeights,
  batch: number,
  T: number,
  heads: number,
  options: { keepAttention?: boolean; core?: 'pairs' | 'batched'; causal?: boolean } = {},
): { out: tf.Tensor2D; attention: Float32Array | null } {
  const d = u.shape[1];
  const dh = d / heads;
  const split = (t: tf.Tensor2D) =>
    reshapeView<tf.Rank.R3>(tf.transpose(reshapeView<tf.Rank.R4>(t, [batch, T, heads, dh]), [0, 2, 1, 3]), [batch * heads, T, dh]);
  const q = split(dense(u, w.wq, w.bq));
  const k = split(dense(u, w.wk, w.bk));
  const v = split(dense(u, w.wv, w.bv));
  let attention: Float32Array | null = null;
  const ctx =
    options.core === 'batched'
      ? batchedAttentionCore(q, k, v, { causal: options.causal })
      : attentionCore(q, k, v, { causal: options.causal, ...(options.keepAttention ? { onProbabilities: (p: Float32Array) => (attention = p) } : {}) });
  const context = reshapeView<tf.Rank.R2>(tf.transpose(reshapeView<tf.Rank.R4>(ctx, [batch, heads, T, dh]), [0, 2, 1, 3]), [batch * T, d]);
  return { out: dense(context, w.wo, w.bo), attention };
}

function attentionWeightsOf(p: ParamMap, l: number): AttentionWeights {
  const get = (n: string) => param(p, `l${l}.${n}`);
  return {
    wq: get('wq'),
    bq: get('bq'),
    wk: get('wk'),
    bk: get('bk'),
    wv: get('wv'),
    bv: get('bv'),
    wo: get('wo'),
    bo: get('bo'),
  };
}

export interface EncodeOptions {
  /** Keep each layer's attention probabilities ([B·heads·T·T] per layer). */
  keepAttention?: boolean;
  /** Constant sinusoidal table (only for positions = 'sinusoidal'); computed if omitted. */
  sinusoidal?: tf.Tensor2D;
}

/**
 * Encoder output [B·T, d] for input embeddings x [B, T, d] (before positions are added).
 * Differentiable w.r.t. x and every parameter.
 */
export function transformerEncode(
  p: ParamMap,
  cfg: TransformerConfig,
  x: tf.Tensor3D,
  options: EncodeOptions = {},
): { hidden: tf.Tensor2D; attention: Float32Array[] } {
  const [batch, T, d] = x.shape;
  let h: tf.Tensor3D = x;
  if (cfg.positions === 'sinusoidal') {
    h = tf.add(h, options.sinusoidal ?? tf.tensor2d(sinusoidalTable(T, d), [T, d]));
  } else if (cfg.positions === 'learned') {
    if (T > cfg.maxLen) throw new Error(`sequence length ${T} exceeds the learned position table (${cfg.maxLen})`);
    h = tf.add(h, tf.slice(param(p, 'positions'), [0, 0], [T, d]));
  }
  let u = reshapeView<tf.Rank.R2>(h, [batch * T, d]);
  const attention: Float32Array[] = [];
  for (let l = 0; l < cfg.layers; l++) {
    const get = (n: string) => param(p, `l${l}.${n}`);
    const mha = (v: tf.Tensor2D) => {
      const r = multiHeadAttention(v, attentionWeightsOf(p, l), batch, T, cfg.heads, {
        keepAttention: options.keepAttention ?? false,
      });
      if (r.attention) attention.push(r.attention);
      return r.out;
    };
    const ffn = (v: tf.Tensor2D) => dense(dense(v, get('w1'), get('b1'), { relu: true }), get('w2'), get('b2'));
    if (cfg.norm === 'pre') {
      const a = residualAdd(u, mha(layerNorm(u, get('ln1.g'), get('ln1.b'))));
      u = residualAdd(a, ffn(layerNorm(a, get('ln2.g'), get('ln2.b'))));
    } else {
      const a = layerNorm(residualAdd(u, mha(u)), get('ln1.g'), get('ln1.b'));
      u = layerNorm(residualAdd(a, ffn(a)), get('ln2.g'), get('ln2.b'));
    }
  }
  if (cfg.norm === 'pre') u = layerNorm(u, param(p, 'lnf.g'), param(p, 'lnf.b'));
  return { hidden: u, attention };
}

/** Mean over positions: [B·T, d] → [B, d]. */
export function meanPool(hidden: tf.Tensor2D, batch: number, T: number): tf.Tensor2D {
  return tf.mean(reshapeView<tf.Rank.R3>(hidden, [batch, T, hidden.shape[1]]), 1) as tf.Tensor2D;
}
