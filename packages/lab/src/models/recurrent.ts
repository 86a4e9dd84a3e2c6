import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import { columnSums } from './constants';
import { lazyGradOp } from './lazy-grad';
import type { Rng } from '../random';
import { gruCell } from './gru';
import { lstmCell } from './lstm';
import { rnnCell } from './rnn';

/**
 * Recurrent layers (vanilla tanh RNN, LSTM, GRU) with a hand-written backward pass.
 *
 * Layout is time-major and flattened: the input x is [T·B, E] (rows t·B … t·B+B-1 hold step t), so step t's
 * rows are contiguous. Following the wasm recipe in PLATFORM.md:
 *   - all input projections are one matMul, XP = x·Wx + b ([T·B, G·H], G = number of gate blocks), read back
 *     once and handed to each step as a fresh [B, G·H] tensor (wasm's Slice copies the whole source tensor
 *     on every call, so slicing XP per step would cost O(T²));
 *   - weights are stored as [in, out] so the forward never uses transposeB, and the backward transposes Wh
 *     once per call instead of using transposeB at every step;
 *   - the backward pass through time is written by hand (lazyGradOp, a tf.customGrad that computes only the
 *     gradients asked for): per-step elementwise ops plus one matMul, then a single matMul each for dX, dWx and
 *     dWh over all steps.
 *
 * Gate layout (same as PyTorch so weights map directly onto torch.nn.LSTM / torch.nn.GRU, transposed):
 *   LSTM columns [i | f | g | o], GRU columns [r | z | n].
 */

export type RecurrentKind = 'rnn' | 'lstm' | 'gru';

export interface RecurrentWeights {
  /** [E, G·H] input-to-hidden weights. */
  wx: tf.Tensor2D;
  /** [H, G·H] hidden-to-hidden weights. */
  wh: tf.Tensor2D;
  /** [G·H] input-side bias. */
  b: tf.Tensor1D;
  /** [G·H] hidden-side bias (GRU only: b_hn sits inside r ⊙ (h·W_hn + b_hn)). */
  bh?: tf.Tensor1D;
}

export const GATE_BLOCKS: Record<RecurrentKind, number> = { rnn: 1, lstm: 4, gru: 3 };

/** Per-step state a cell keeps for its backward pass; `dispose` frees every tensor it holds. */
export interface CellTape {
  dispose(): void;
}

export interface CellForward<Tape extends CellTape = CellTape> {
  hLast: tf.Tensor2D;
  tape: Tape;
}

export interface CellBackward {
  /** ∂L/∂(x_t·Wx + b) for all steps, [T·B, G·H]. */
  dXP: tf.Tensor2D;
  /** ∂L/∂(h_{t-1}·Wh + bh) for all steps when it differs from dXP (GRU), else null. */
  dHP: tf.Tensor2D | null;
  /** Total ∂L/∂h_t for all steps, [T·B, H] (only when requested). */
  dH: tf.Tensor2D | null;
  /** [h_{-1}; h_0; …; h_{T-2}] as one [T·B, H] tensor, for dWh = H_prevᵀ·dHP (made only when dWh is asked for). */
  hPrev: () => tf.Tensor2D;
}

export interface RecurrentCell<Tape extends CellTape = CellTape> {
  kind: RecurrentKind;
  /**
   * Runs the recurrence from h = 0. `xp` holds the input projections x_t·Wx (without bias) for all steps
   * (time-major, [T·B·G·H], the cell's to modify); the cell adds its bias and turns each step's rows
   * into a small tensor itself.
   * With `keep`, the tensors the backward pass needs are tf.keep()-ed into the tape.
   */
  forward(xp: Float32Array, w: RecurrentWeights, T: number, batch: number, keep: boolean): CellForward<Tape>;
  /** Backward through time given dL/dh_{T-1}; whT is Wh transposed ([G·H, H]). */
  backward(dy: tf.Tensor2D, tape: Tape, w: RecurrentWeights, whT: tf.Tensor2D, wantHiddenGrads: boolean): CellBackward;
}

export const CELLS: Record<RecurrentKind, RecurrentCell<never>> = {
  rnn: rnnCell as RecurrentCell<never>,
  lstm: lstmCell as RecurrentCell<never>,
  gru: gruCell as RecurrentCell<never>,
};

/** Seeded initialisation: Glorot-uniform per gate block, zero biases, LSTM forget bias configurable. */
export function initRecurrent(
  kind: RecurrentKind,
  rng: Rng,
  inputDim: number,
  hidden: number,
  options: { forgetBias?: number } = {},
): RecurrentWeights {
  const G = GATE_BLOCKS[kind];
  const wx = new Float32Array(inputDim * G * hidden);
  const wh = new Float32Array(hidden * G * hidden);
  // Each gate block gets its own Glorot range (fan-out H, not G·H), as Keras does for LSTM kernels.
  const fill = (target: Float32Array, rows: number) => {
    for (let g = 0; g < G; g++) {
      const block = rng.glorotUniform(rows, hidden, rows * hidden);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < hidden; c++) target[r * G * hidden + g * hidden + c] = block[r * hidden + c]!;
      }
    }
  };
  fill(wx, inputDim);
  fill(wh, hidden);
  const b = new Float32Array(G * hidden);
  if (kind === 'lstm') b.fill(options.forgetBias ?? 1, hidden, 2 * hidden);
  const weights: RecurrentWeights = {
    wx: tf.tensor2d(wx, [inputDim, G * hidden]),
    wh: tf.tensor2d(wh, [hidden, G * hidden]),
    b: tf.tensor1d(b),
  };
  if (kind === 'gru') weights.bh = tf.zeros([G * hidden]);
  return weights;
}

/** x·Wx for all steps as one matMul and one read-back (the cells make per-step tensors from it). */
function inputProjections(x: tf.Tensor2D, wx: tf.Tensor2D): Float32Array {
  const xp = tf.matMul(x, wx);
  const data = xp.dataSync() as Float32Array;
  xp.dispose();
  return data;
}

/**
 * The last hidden state h_{T-1} of a recurrent layer over x ([T·B, E], time-major), differentiable with
 * respect to x and all weights. If `probe` ([T·B, H], must be zeros) is given, its gradient is the total
 * derivative ∂L/∂h_t at every step — the layer computes h_t + probe_t, which at probe = 0 changes nothing.
 */
export function recurrentLastHidden(
  kind: RecurrentKind,
  x: tf.Tensor2D,
  w: RecurrentWeights,
  T: number,
  probe?: tf.Tensor2D,
): tf.Tensor2D {
  const cell = CELLS[kind] as RecurrentCell;
  const B = x.shape[0] / T;
  if (!Number.isInteger(B)) throw new Error(`x has ${x.shape[0]} rows, not a multiple of T=${T}`);

  if (!tf.engine().isTapeOn()) {
    // No gradient will be asked for: run the forward without keeping anything.
    return tf.tidy(() => {
      const { hLast, tape } = cell.forward(inputProjections(x, w.wx), w, T, B, false);
      tape.dispose();
      return hLast;
    });
  }

  const inputs: tf.Tensor[] = [x, w.wx, w.wh, w.b];
  if (kind === 'gru') inputs.push(w.bh!);
  if (probe) inputs.push(probe);

  // Gradients are computed only for the inputs differentiated (lazyGradOp): a gradient profile, ∂L/∂x, skips the
  // weight gradients, a quarter of the RNN core step.
  return lazyGradOp(inputs, () => {
    const { hLast, tape } = cell.forward(inputProjections(x, w.wx), w, T, B, true);
    return {
      value: hLast,
      backward: (dy) => {
        const whT = tf.transpose(w.wh);
        const grads = cell.backward(dy as tf.Tensor2D, tape, w, whT, probe !== undefined);
        tape.dispose();
        const { dXP, hPrev } = grads;
        const dHP = grads.dHP ?? dXP;
        // wasm's matMul is ~10× slower with transposeA/transposeB than with an explicitly transposed operand.
        const out: (() => tf.Tensor)[] = [
          () => tf.matMul(dXP, tf.transpose(w.wx)),
          () => tf.matMul(tf.transpose(x), dXP),
          () => tf.matMul(tf.transpose(hPrev()), dHP),
          () => columnSums(dXP),
        ];
        if (kind === 'gru') out.push(() => columnSums(dHP));
        if (probe) out.push(() => grads.dH!);
        return out;
      },
    };
  }) as tf.Tensor2D;
}
