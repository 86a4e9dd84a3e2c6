import * as tf from '@tensorflow/tfjs-core';
import type { CellBackward, CellTape, RecurrentCell } from './recurrent';

/**
 * Vanilla tanh RNN:  h_t = tanh(x_t·Wx + b + h_{t-1}·Wh),  h_{-1} = 0.
 *
 * Speed (wasm): the wasm tanh kernel is scalar and ~10× slower than its SIMD sigmoid, so the recurrence
 * carries s_t = σ(2·a_t) instead of h_t = tanh(a_t) = 2·s_t − 1. Substituting h_{t-1} = 2·s_{t-1} − 1:
 *   2·a_t = [2·(x_t·Wx + b) − 2·1ᵀWh] + s_{t-1}·(4·Wh),   s_{-1} = ½ (i.e. h_{-1} = 0),
 * so one step is matMul + add + sigmoid, with the bracket prepared in JS from the read-back projections.
 * (Exact in real arithmetic; in float32 it differs from tanh by rounding only.)
 * Backward: δ_t = ∂L/∂h_t ⊙ (1 − h_t²) = ∂L/∂h_t ⊙ 4·s_t·(1 − s_t) (factors computed in JS from one
 * read-back of all s_t), ∂L/∂h_{t-1} = δ_t·Whᵀ.
 */
interface RnnTape extends CellTape {
  /** s_0 … s_{T-1} */
  ss: tf.Tensor2D[];
}

export const rnnCell: RecurrentCell<RnnTape> = {
  kind: 'rnn',

  forward(xp, w, T, batch, keep) {
    const H = w.wh.shape[0];
    const wh = w.wh.dataSync();
    const colSum = new Float32Array(H);
    for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) colSum[j]! += wh[i * H + j]!;
    const b = w.b.dataSync();
    const shift = new Float32Array(H);
    for (let j = 0; j < H; j++) shift[j] = 2 * b[j]! - 2 * colSum[j]!;
    for (let k = 0; k < xp.length; k += H) for (let j = 0; j < H; j++) xp[k + j] = 2 * xp[k + j]! + shift[j]!;
    const w4 = tf.mul(w.wh, 4);
    let s = tf.fill([batch, H], 0.5) as tf.Tensor2D;
    const ss: tf.Tensor2D[] = [];
    const size = batch * H;
    for (let t = 0; t < T; t++) {
      const xpt = tf.tensor2d(xp.subarray(t * size, (t + 1) * size), [batch, H]);
      const sw = tf.matMul(s, w4);
      const z = tf.add(xpt, sw);
      if (t > 0 && !keep) s.dispose();
      s = tf.sigmoid(z) as tf.Tensor2D;
      xpt.dispose();
      sw.dispose();
      z.dispose();
      ss.push(s);
    }
    w4.dispose();
    const hLast = tf.tidy(() => tf.sub(tf.mul(s, 2), 1)) as tf.Tensor2D;
    if (keep) for (const t of ss) tf.keep(t);
    return {
      hLast,
      tape: { ss, dispose: () => ss.forEach((t) => t.dispose()) },
    };
  },

  backward(dy, tape, _w, whT, wantHiddenGrads): CellBackward {
    const T = tape.ss.length;
    const [batch, H] = tape.ss[0]!.shape;
    const size = batch * H;
    const all = tf.concat(tape.ss, 0);
    const s = all.dataSync();
    all.dispose();
    // One step's factors at a time, in a buffer the uploads copy from.
    const deriv = new Float32Array(size);
    const dXP: tf.Tensor2D[] = new Array(T);
    const dH: tf.Tensor2D[] | null = wantHiddenGrads ? new Array(T) : null;
    let dh: tf.Tensor2D = tf.clone(dy);
    for (let t = T - 1; t >= 0; t--) {
      for (let k = 0, off = t * size; k < size; k++) {
        const v = s[off + k]!;
        deriv[k] = 4 * v * (1 - v);
      }
      const d = tf.tensor2d(deriv, [batch, H]);
      const delta = tf.mul(dh, d) as tf.Tensor2D;
      d.dispose();
      dXP[t] = delta;
      if (dH) dH[t] = dh;
      if (t > 0) {
        const next = tf.matMul(delta, whT) as tf.Tensor2D;
        if (!dH) dh.dispose();
        dh = next;
      } else if (!dH) {
        dh.dispose();
      }
    }
    const out: CellBackward = {
      dXP: tf.concat(dXP, 0),
      dHP: null,
      dH: dH ? tf.concat(dH, 0) : null,
      hPrev: () => {
        const hPrevData = new Float32Array(T * size);
        for (let k = 0; k + size < T * size; k++) hPrevData[k + size] = 2 * s[k]! - 1;
        return tf.tensor2d(hPrevData, [T * batch, H]);
      },
    };
    for (const t of dXP) t.dispose();
    if (dH) for (const t of dH) t.dispose();
    return out;
  },
};
