import * as tf from '@tensorflow/tfjs-core';
import type { CellBackward, CellTape, RecurrentCell, RecurrentWeights } from './recurrent';

/**
 * LSTM (Hochreiter & Schmidhuber 1997 with the forget gate of Gers et al. 2000, no peepholes),
 * gate columns [i | f | g | o] as in PyTorch:
 *   [a_i a_f a_g a_o] = x_t·Wx + b + h_{t-1}·Wh
 *   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g,   h_t = o ⊙ tanh(c_t),   h_{-1} = c_{-1} = 0.
 *
 * Speed (wasm): per step the matMul, the bias add and all four gate non-linearities run as three wasm ops
 * on the whole [B, 4H] block (tanh(a) = 2σ(2a) − 1, so the g columns of Wh and of the projections are
 * pre-scaled by 2 and one sigmoid serves all gates). The [B, 4H] result is read back and the cell update is
 * done in JS — splitting the block into gates with wasm ops would cost four Slice kernels per step, each
 * copying the whole block. tanh(c_t) is again a wasm sigmoid on 2·c_t. The backward pass is the same idea:
 * the elementwise chain rule in JS, one matMul per step (δ_t·Whᵀ) on wasm, and ∂L/∂(pre-activations) for
 * all steps handed back as one tensor.
 */
export interface LstmTape extends CellTape {
  T: number;
  batch: number;
  hidden: number;
  /** σ of the (g-scaled) pre-activations per step: [T·B·4H]; g = 2·a − 1 for the g block. */
  gates: Float32Array;
  /** c_0 … c_{T-1}: [T·B·H] */
  cell: Float32Array;
  /** tanh(c_t): [T·B·H] */
  cellTanh: Float32Array;
  /** h_0 … h_{T-1}: [T·B·H] */
  hidden_: Float32Array;
}

function gateScale(H: number): tf.Tensor1D {
  const scale = new Float32Array(4 * H).fill(1);
  scale.fill(2, 2 * H, 3 * H);
  return tf.tensor1d(scale);
}

export const lstmCell: RecurrentCell<LstmTape> = {
  kind: 'lstm',

  forward(xp, w, T, batch) {
    const H = w.wh.shape[0];
    const G = 4 * H;
    const bias = w.b.dataSync();
    // Bias in, and the g block doubled (tanh via sigmoid).
    for (let k = 0; k < xp.length; k += G) {
      for (let j = 0; j < G; j++) {
        const v = xp[k + j]! + bias[j]!;
        xp[k + j] = j >= 2 * H && j < 3 * H ? 2 * v : v;
      }
    }
    const scale = gateScale(H);
    const whScaled = tf.mul(w.wh, scale);
    scale.dispose();

    const size = batch * H;
    const gates = new Float32Array(T * batch * G);
    const cell = new Float32Array(T * size);
    const cellTanh = new Float32Array(T * size);
    const hid = new Float32Array(T * size);
    const twoC = new Float32Array(size);
    let h: tf.Tensor2D = tf.zeros([batch, H]);
    for (let t = 0; t < T; t++) {
      const xpt = tf.tensor2d(xp.subarray(t * batch * G, (t + 1) * batch * G), [batch, G]);
      const hw = tf.matMul(h, whScaled);
      const pre = tf.add(xpt, hw);
      const act = tf.sigmoid(pre);
      const a = act.dataSync();
      for (const x of [xpt, hw, pre, act, h]) x.dispose();
      gates.set(a, t * batch * G);
      const cOff = t * size;
      for (let b = 0; b < batch; b++) {
        const row = b * G;
        for (let j = 0; j < H; j++) {
          const k = b * H + j;
          const cPrev = t > 0 ? cell[cOff - size + k]! : 0;
          const c = a[row + H + j]! * cPrev + a[row + j]! * (2 * a[row + 2 * H + j]! - 1);
          cell[cOff + k] = c;
          twoC[k] = 2 * c;
        }
      }
      const cT = tf.tensor2d(twoC, [batch, H]);
      const uT = tf.sigmoid(cT);
      const u = uT.dataSync();
      cT.dispose();
      uT.dispose();
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < H; j++) {
          const k = b * H + j;
          const tc = 2 * u[k]! - 1;
          cellTanh[cOff + k] = tc;
          hid[cOff + k] = a[b * G + 3 * H + j]! * tc;
        }
      }
      h = tf.tensor2d(hid.subarray(cOff, cOff + size), [batch, H]);
    }
    whScaled.dispose();
    return {
      hLast: h,
      tape: { T, batch, hidden: H, gates, cell, cellTanh, hidden_: hid, dispose: () => {} },
    };
  },

  backward(dy, tape, _w, whT, wantHiddenGrads): CellBackward {
    const { T, batch, hidden: H, gates, cell, cellTanh, hidden_: hid } = tape;
    const G = 4 * H;
    const size = batch * H;
    const dXP = new Float32Array(T * batch * G);
    const dHAll = wantHiddenGrads ? new Float32Array(T * size) : null;
    let dh = dy.dataSync() as Float32Array;
    const dc = new Float32Array(size);
    for (let t = T - 1; t >= 0; t--) {
      if (dHAll) dHAll.set(dh, t * size);
      const gOff = t * batch * G;
      const cOff = t * size;
      for (let b = 0; b < batch; b++) {
        const row = gOff + b * G;
        for (let j = 0; j < H; j++) {
          const k = b * H + j;
          const i = gates[row + j]!;
          const f = gates[row + H + j]!;
          const g = 2 * gates[row + 2 * H + j]! - 1;
          const o = gates[row + 3 * H + j]!;
          const tc = cellTanh[cOff + k]!;
          const cPrev = t > 0 ? cell[cOff - size + k]! : 0;
          const dhk = dh[k]!;
          const dct = dhk * o * (1 - tc * tc) + dc[k]!;
          dXP[row + j] = dct * g * i * (1 - i);
          dXP[row + H + j] = dct * cPrev * f * (1 - f);
          dXP[row + 2 * H + j] = dct * i * (1 - g * g);
          dXP[row + 3 * H + j] = dhk * tc * o * (1 - o);
          dc[k] = dct * f;
        }
      }
      if (t > 0) {
        const delta = tf.tensor2d(dXP.subarray(gOff, gOff + batch * G), [batch, G]);
        const next = tf.matMul(delta, whT);
        dh = next.dataSync() as Float32Array;
        delta.dispose();
        next.dispose();
      }
    }
    const hPrev = () => {
      const data = new Float32Array(T * size);
      data.set(hid.subarray(0, (T - 1) * size), size);
      return tf.tensor2d(data, [T * batch, H]);
    };
    return {
      dXP: tf.tensor2d(dXP, [T * batch, G]),
      dHP: null,
      dH: dHAll ? tf.tensor2d(dHAll, [T * batch, H]) : null,
      hPrev,
    };
  },
};

/** Gate activations along a sequence, for the lstm-gates experiment (forward only). */
export interface LstmTrace {
  T: number;
  batch: number;
  hidden: number;
  /** [T·B·H] each. */
  input: Float32Array;
  forget: Float32Array;
  cellInput: Float32Array;
  output: Float32Array;
  cell: Float32Array;
  hiddenState: Float32Array;
}

export function lstmTrace(x: tf.Tensor2D, w: RecurrentWeights, T: number): LstmTrace {
  const batch = x.shape[0] / T;
  const xpT = tf.matMul(x, w.wx);
  const xp = xpT.dataSync() as Float32Array;
  xpT.dispose();
  const { hLast, tape } = lstmCell.forward(xp, w, T, batch, true);
  hLast.dispose();
  const H = tape.hidden;
  const n = T * batch * H;
  const [input, forget, cellInput, output] = [0, 1, 2, 3].map(() => new Float32Array(n)) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  for (let r = 0; r < T * batch; r++) {
    for (let j = 0; j < H; j++) {
      const a = tape.gates;
      const row = r * 4 * H;
      input[r * H + j] = a[row + j]!;
      forget[r * H + j] = a[row + H + j]!;
      cellInput[r * H + j] = 2 * a[row + 2 * H + j]! - 1;
      output[r * H + j] = a[row + 3 * H + j]!;
    }
  }
  return { T, batch, hidden: H, input, forget, cellInput, output, cell: tape.cell, hiddenState: tape.hidden_ };
}

/**
 * The same LSTM layer in plain tfjs ops with every state a tensor (forward only): used where the tensors
 * alive must tell the whole memory story (attention-cost) and as an independent check of the fast cell.
 * Returns h_0 … h_{T-1} as one [T·B, H] tensor.
 */
export function lstmLayerPlain(x: tf.Tensor2D, w: RecurrentWeights, T: number): tf.Tensor2D {
  const B = x.shape[0] / T;
  const H = w.wh.shape[0];
  return tf.tidy(() => {
    // XP stays alive for the whole layer (as in a typical implementation); its rows reach each step through
    // one read-back, because slicing it per step on wasm would copy all of it T times.
    const xp = tf.add(tf.matMul(x, w.wx), w.b);
    const xpData = xp.dataSync();
    const G = 4 * H;
    let h: tf.Tensor2D = tf.zeros([B, H]);
    let c: tf.Tensor2D = tf.zeros([B, H]);
    const outputs: tf.Tensor2D[] = [];
    for (let t = 0; t < T; t++) {
      const [hNext, cNext] = tf.tidy(() => {
        const xt = tf.tensor2d(xpData.subarray(t * B * G, (t + 1) * B * G), [B, G]);
        const pre = tf.add(xt, tf.matMul(h, w.wh));
        const [ai, af, ag, ao] = tf.split(pre, 4, 1);
        const cn = tf.add(tf.mul(tf.sigmoid(af!), c), tf.mul(tf.sigmoid(ai!), tf.tanh(ag!)));
        return [tf.mul(tf.sigmoid(ao!), tf.tanh(cn)), cn];
      });
      if (t > 0) c.dispose();
      h = hNext as tf.Tensor2D;
      c = cNext as tf.Tensor2D;
      outputs.push(h);
    }
    return tf.concat(outputs, 0);
  });
}
