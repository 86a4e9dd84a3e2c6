import * as tf from '@tensorflow/tfjs-core';
import { constantMatrix } from './constants';

/**
 * Scaled dot-product attention for N independent (batch, head) pairs:
 *   O_n = softmax(Q_n K_nᵀ / √d_h) V_n,   Q_n, K_n, V_n ∈ R^{T×d_h}
 * with a hand-written backward pass (tf.customGrad):
 *   dV = Pᵀ dO,  dP = dO Vᵀ,  dS = P ⊙ (dP − rowsum(dP ⊙ P)),  dQ = dS K / √d_h,  dK = dSᵀ Q / √d_h.
 *
 * Why per pair: the wasm backend runs a matMul through XNNPACK only when it is a single 2-D product without
 * transposes; a batched [N, T, d_h] matMul (or any transposeA/B) falls back to a scalar triple loop that is
 * ~20× slower. So Q, K, V are read back once, and each pair becomes small 2-D products on tensors made from
 * JS views (transposed in JS where needed), with results gathered back in JS.
 */

export interface AttentionCoreOptions {
  /** Receives the attention probabilities [N·T·T] (row i of pair n sums to 1). */
  onProbabilities?: (probabilities: Float32Array) => void;
  /** Each query sees only itself and earlier keys: later keys' scores are −∞, so their weights are exactly 0. */
  causal?: boolean;
}

/**
 * The additive causal mask [T, T]: 0 on and below the diagonal, −∞ above. Adding a constant to the scores leaves the
 * backward pass as it is: masked weights are 0, so dS = P ⊙ (dP − rowsum(dP ⊙ P)) is 0 there too.
 */
export function causalMask(T: number): tf.Tensor2D {
  const data = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) data[i * T + j] = -Infinity;
  return tf.tensor2d(data, [T, T]);
}

function transposeInto(src: Float32Array, offset: number, rows: number, cols: number, dst: Float32Array): Float32Array {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) dst[c * rows + r] = src[offset + r * cols + c]!;
  return dst;
}

interface Forward {
  out: tf.Tensor3D;
  probabilities: tf.Tensor2D[];
  qScaled: Float32Array;
  k: Float32Array;
  v: Float32Array;
}

function forward(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, keep: boolean, options: AttentionCoreOptions): Forward {
  const [N, T, dh] = q.shape;
  const scale = 1 / Math.sqrt(dh);
  const qScaled = q.dataSync() as Float32Array; // a fresh copy on every backend: safe to scale in place
  for (let i = 0; i < qScaled.length; i++) qScaled[i]! *= scale;
  const kd = k.dataSync() as Float32Array;
  const vd = v.dataSync() as Float32Array;
  const out = new Float32Array(N * T * dh);
  const allProbs = options.onProbabilities ? new Float32Array(N * T * T) : null;
  const kT = new Float32Array(dh * T);
  const probabilities: tf.Tensor2D[] = [];
  const block = T * dh;
  const mask = options.causal ? causalMask(T) : null;
  for (let n = 0; n < N; n++) {
    const qn = tf.tensor2d(qScaled.subarray(n * block, (n + 1) * block), [T, dh]);
    const knT = tf.tensor2d(transposeInto(kd, n * block, T, dh, kT), [dh, T]);
    const vn = tf.tensor2d(vd.subarray(n * block, (n + 1) * block), [T, dh]);
    const scores = tf.matMul(qn, knT);
    const masked = mask ? tf.add(scores, mask) : scores;
    const p = tf.softmax(masked) as tf.Tensor2D;
    const o = tf.matMul(p as tf.Tensor2D, vn);
    out.set(o.dataSync(), n * block);
    if (allProbs) allProbs.set(p.dataSync(), n * T * T);
    for (const t of [qn, knT, vn, scores, masked, o]) t.dispose();
    if (keep) probabilities.push(tf.keep(p));
    else p.dispose();
  }
  mask?.dispose();
  if (allProbs) options.onProbabilities!(allProbs);
  return { out: tf.tensor3d(out, [N, T, dh]), probabilities, qScaled, k: kd, v: vd };
}

/** softmax(Q Kᵀ/√d_h) V over [N, T, d_h] inputs; differentiable w.r.t. q, k and v. */
export function attentionCore(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  options: AttentionCoreOptions = {},
): tf.Tensor3D {
  if (!tf.engine().isTapeOn()) return forward(q, k, v, false, options).out;

  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [qIn, kIn, vIn] = args as tf.Tensor[];
    const f = forward(qIn as tf.Tensor3D, kIn as tf.Tensor3D, vIn as tf.Tensor3D, true, options);
    return {
      value: f.out,
      gradFunc: (dy: tf.Tensor) => {
        const [N, T, dh] = (qIn as tf.Tensor3D).shape;
        const scale = 1 / Math.sqrt(dh);
        const block = T * dh;
        const dO = dy.dataSync() as Float32Array;
        const dq = new Float32Array(N * block);
        const dk = new Float32Array(N * block);
        const dv = new Float32Array(N * block);
        const vT = new Float32Array(dh * T);
        const onesColumn = constantMatrix(T, 1, 1);
        for (let n = 0; n < N; n++) {
          const p = f.probabilities[n]!;
          const [dQn, dKn, dVn] = tf.tidy(() => {
            const dOn = tf.tensor2d(dO.subarray(n * block, (n + 1) * block), [T, dh]);
            const vnT = tf.tensor2d(transposeInto(f.v, n * block, T, dh, vT), [dh, T]);
            const kn = tf.tensor2d(f.k.subarray(n * block, (n + 1) * block), [T, dh]);
            const qn = tf.tensor2d(f.qScaled.subarray(n * block, (n + 1) * block), [T, dh]);
            const dVn = tf.matMul(tf.transpose(p), dOn);
            const dP = tf.matMul(dOn, vnT);
            // Row sums as a matMul with a ones column (XNNPACK) rather than a Sum kernel.
            const dS = tf.mul(p, tf.sub(dP, tf.matMul(tf.mul(dP, p), onesColumn)));
            // S = (Q·scale) Kᵀ: dQ = scale · dS K, dK = dSᵀ (Q·scale).
            return [tf.matMul(dS, kn), tf.matMul(tf.transpose(dS), qn), dVn];
          });
          dq.set(dQn!.dataSync(), n * block);
          dk.set(dKn!.dataSync(), n * block);
          dv.set(dVn!.dataSync(), n * block);
          for (const t of [dQn, dKn, dVn]) t!.dispose();
          p.dispose();
        }
        for (let i = 0; i < dq.length; i++) dq[i]! *= scale;
        return [tf.tensor3d(dq, [N, T, dh]), tf.tensor3d(dk, [N, T, dh]), tf.tensor3d(dv, [N, T, dh])];
      },
    };
  });
  return op(q, k, v) as tf.Tensor3D;
}

/**
 * The same attention as one batched tfjs expression (differentiated by autodiff). On wasm it is fast only
 * when N = 1 (then every matMul is a plain 2-D product); used by attention-cost, whose memory measurement
 * wants every intermediate (scores and probabilities, [N, T, T]) to be a live tensor.
 */
export function batchedAttentionCore(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, options: { causal?: boolean } = {}): tf.Tensor3D {
  const dh = q.shape[2];
  const kT = tf.transpose(k, [0, 2, 1]);
  const scores = tf.mul(tf.matMul(q, kT), 1 / Math.sqrt(dh));
  return tf.matMul(tf.softmax(options.causal ? tf.add(scores, causalMask(q.shape[1])) : scores), v) as tf.Tensor3D;
}
