import * as tf from '@tensorflow/tfjs-core';
import type { CellBackward, CellTape, RecurrentCell } from './recurrent';

/**
 * GRU in the formulation of PyTorch / cuDNN (reset gate applied after the hidden matMul), columns [r | z | n]:
 *   [xr xz xn] = x_t·Wx + b,   [hr hz hn] = h_{t-1}·Wh + bh
 *   r = σ(xr + hr),  z = σ(xz + hz),  n = tanh(xn + r ⊙ hn)
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t-1},   h_{-1} = 0.
 *
 * Speed (wasm): as for the LSTM, the matMul and the sigmoids run on wasm over whole blocks, the gate
 * arithmetic in JS on the read-back values (no per-gate Slice), tanh(a) = 2σ(2a) − 1.
 */
interface GruTape extends CellTape {
  T: number;
  batch: number;
  hidden: number;
  /** r, z per step: [T·B·H] each. */
  r: Float32Array;
  z: Float32Array;
  /** n_t and hn_t = (h_{t-1}·Wh + bh)_n per step: [T·B·H]. */
  n: Float32Array;
  hn: Float32Array;
  /** h_0 … h_{T-1}: [T·B·H] */
  h: Float32Array;
}

export const gruCell: RecurrentCell<GruTape> = {
  kind: 'gru',

  forward(xp, w, T, batch) {
    const H = w.wh.shape[0];
    const G = 3 * H;
    const bx = w.b.dataSync();
    const bh = w.bh!.dataSync();
    // Input-side bias, plus the hidden-side r/z biases (they simply add); b_hn stays inside r ⊙ (·).
    for (let k = 0; k < xp.length; k += G) {
      for (let j = 0; j < G; j++) xp[k + j]! += bx[j]! + (j < 2 * H ? bh[j]! : 0);
    }
    const size = batch * H;
    const rAll = new Float32Array(T * size);
    const zAll = new Float32Array(T * size);
    const nAll = new Float32Array(T * size);
    const hnAll = new Float32Array(T * size);
    const hAll = new Float32Array(T * size);
    const rz = new Float32Array(batch * 2 * H);
    const twoPre = new Float32Array(size);
    let h: tf.Tensor2D = tf.zeros([batch, H]);
    for (let t = 0; t < T; t++) {
      const hwT = tf.matMul(h, w.wh);
      const hw = hwT.dataSync();
      hwT.dispose();
      h.dispose();
      const xOff = t * batch * G;
      // n needs r, so two sigmoids: first over the r/z blocks ...
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < 2 * H; j++) rz[b * 2 * H + j] = xp[xOff + b * G + j]! + hw[b * G + j]!;
      }
      const rzT = tf.tensor2d(rz, [batch, 2 * H]);
      const sT = tf.sigmoid(rzT);
      const s = sT.dataSync();
      rzT.dispose();
      sT.dispose();
      const off = t * size;
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < H; j++) {
          const k = b * H + j;
          const r = s[b * 2 * H + j]!;
          const hn = hw[b * G + 2 * H + j]! + bh[2 * H + j]!;
          rAll[off + k] = r;
          zAll[off + k] = s[b * 2 * H + H + j]!;
          hnAll[off + k] = hn;
          twoPre[k] = 2 * (xp[xOff + b * G + 2 * H + j]! + r * hn);
        }
      }
      // ... then tanh(xn + r⊙hn) = 2σ(2·(xn + r⊙hn)) − 1.
      const pT = tf.tensor2d(twoPre, [batch, H]);
      const uT = tf.sigmoid(pT);
      const u = uT.dataSync();
      pT.dispose();
      uT.dispose();
      for (let k = 0; k < size; k++) {
        const n = 2 * u[k]! - 1;
        const z = zAll[off + k]!;
        const hPrev = t > 0 ? hAll[off - size + k]! : 0;
        nAll[off + k] = n;
        hAll[off + k] = (1 - z) * n + z * hPrev;
      }
      h = tf.tensor2d(hAll.subarray(off, off + size), [batch, H]);
    }
    return {
      hLast: h,
      tape: { T, batch, hidden: H, r: rAll, z: zAll, n: nAll, hn: hnAll, h: hAll, dispose: () => {} },
    };
  },

  backward(dy, tape, _w, whT, wantHiddenGrads): CellBackward {
    const { T, batch, hidden: H } = tape;
    const G = 3 * H;
    const size = batch * H;
    const dXP = new Float32Array(T * batch * G);
    const dHP = new Float32Array(T * batch * G);
    const dHAll = wantHiddenGrads ? new Float32Array(T * size) : null;
    const direct = new Float32Array(size);
    let dh = dy.dataSync() as Float32Array;
    for (let t = T - 1; t >= 0; t--) {
      if (dHAll) dHAll.set(dh, t * size);
      const off = t * size;
      const gOff = t * batch * G;
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < H; j++) {
          const k = b * H + j;
          const r = tape.r[off + k]!;
          const z = tape.z[off + k]!;
          const n = tape.n[off + k]!;
          const hn = tape.hn[off + k]!;
          const hPrev = t > 0 ? tape.h[off - size + k]! : 0;
          const dhk = dh[k]!;
          const dsn = dhk * (1 - z) * (1 - n * n);
          const dsr = dsn * hn * r * (1 - r);
          const dsz = dhk * (hPrev - n) * z * (1 - z);
          const row = gOff + b * G;
          dXP[row + j] = dsr;
          dXP[row + H + j] = dsz;
          dXP[row + 2 * H + j] = dsn;
          dHP[row + j] = dsr;
          dHP[row + H + j] = dsz;
          dHP[row + 2 * H + j] = dsn * r;
          direct[k] = dhk * z;
        }
      }
      if (t > 0) {
        const delta = tf.tensor2d(dHP.subarray(gOff, gOff + batch * G), [batch, G]);
        const viaWh = tf.matMul(delta, whT);
        const v = viaWh.dataSync();
        delta.dispose();
        viaWh.dispose();
        const next = new Float32Array(size);
        for (let k = 0; k < size; k++) next[k] = v[k]! + direct[k]!;
        dh = next;
      }
    }
    const hPrev = () => {
      const data = new Float32Array(T * size);
      data.set(tape.h.subarray(0, (T - 1) * size), size);
      return tf.tensor2d(data, [T * batch, H]);
    };
    return {
      dXP: tf.tensor2d(dXP, [T * batch, G]),
      dHP: tf.tensor2d(dHP, [T * batch, G]),
      dH: dHAll ? tf.tensor2d(dHAll, [T * batch, H]) : null,
      hPrev,
    };
  },
};
