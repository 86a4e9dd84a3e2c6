import * as tf from '@tensorflow/tfjs-core';
import { columnSums } from './models/constants';

/**
 * Gradient functions for the kernels the lab differentiates through.
 *
 * Why this file exists: `@tensorflow/tfjs-core` ships its gradient registrations only as untranspiled ESM
 * (`dist/register_all_gradients.js` with extensionless imports), which Node cannot load; the `@tensorflow/tfjs`
 * union package normally registers them, but the lab depends on tfjs-core + backends only. These are ports
 * of tfjs-core 4.22's `src/gradients/*_grad.ts` (Apache-2.0), limited to the kernels used here. Kernels that
 * already have a gradient (e.g. registered by tfjs-node's union package) are left alone. The models'
 * finite-difference tests exercise every one of these through the models that use them. Differences from
 * upstream: float32 is assumed (no defensive casts, which copy on wasm), and reductions/matMuls are written
 * the way wasm runs fastest (see the comments below).
 */

const { assertAndGetBroadcastShape, getReductionAxes } = tf.broadcast_util;

type Saved = tf.Tensor[];
type GradMap = ReturnType<tf.GradConfig['gradFunc']>;
type Attrs = tf.NamedAttrMap;

function reduceTo(res: tf.Tensor, shape: number[], outShape: number[]): tf.Tensor {
  const axes = getReductionAxes(shape, outShape);
  if (axes.length === 0) return tf.reshape(res, shape);
  // A bias gradient (sum over the rows of [N, d]) as a matMul with a ones column: wasm's Sum over a
  // non-inner axis is several times slower.
  if (res.rank === 2 && axes.length === 1 && axes[0] === 0) return tf.reshape(columnSums(res as tf.Tensor2D), shape);
  return tf.reshape(tf.sum(res, axes), shape);
}

/** Swap the last two axes (an explicit transpose). */
function swapLast(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  const n = perm.length;
  [perm[n - 2], perm[n - 1]] = [perm[n - 1]!, perm[n - 2]!];
  return tf.transpose(x, perm);
}

/**
 * If an operand was broadcast along batch dimensions (e.g. [d, d] weights against [B, T, d] inputs), sum
 * its gradient over those dimensions so it has the operand's shape.
 */
function fitTo(grad: tf.Tensor, operand: tf.Tensor): tf.Tensor {
  if (grad.rank === operand.rank && grad.shape.every((n, i) => n === operand.shape[i])) return grad;
  const lead = grad.rank - operand.rank;
  const axes: number[] = [];
  for (let i = 0; i < grad.rank - 2; i++) {
    if (i < lead || operand.shape[i - lead] === 1) axes.push(i);
  }
  return tf.reshape(axes.length > 0 ? tf.sum(grad, axes) : grad, operand.shape);
}

const configs: tf.GradConfig[] = [
  {
    kernelName: tf.Add,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const out = assertAndGetBroadcastShape(a.shape, b.shape);
      return { a: () => reduceTo(dy as tf.Tensor, a.shape, out), b: () => reduceTo(dy as tf.Tensor, b.shape, out) };
    },
  },
  {
    kernelName: tf.Sub,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const out = assertAndGetBroadcastShape(a.shape, b.shape);
      return {
        a: () => reduceTo(dy as tf.Tensor, a.shape, out),
        b: () => tf.neg(reduceTo(dy as tf.Tensor, b.shape, out)),
      };
    },
  },
  {
    kernelName: tf.Multiply,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const out = assertAndGetBroadcastShape(a.shape, b.shape);
      return {
        a: () => reduceTo(tf.mul(dy as tf.Tensor, b), a.shape, out),
        b: () => reduceTo(tf.mul(dy as tf.Tensor, a), b.shape, out),
      };
    },
  },
  {
    kernelName: tf.RealDiv,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const out = assertAndGetBroadcastShape(a.shape, b.shape);
      return {
        a: () => reduceTo(tf.div(dy as tf.Tensor, b), a.shape, out),
        b: () => {
          const res = reduceTo(tf.mul(dy as tf.Tensor, a), b.shape, out);
          return tf.neg(tf.div(res, tf.square(b)));
        },
      };
    },
  },
  {
    kernelName: tf.SquaredDifference,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const two = tf.scalar(2);
      return {
        a: () => tf.mul(dy as tf.Tensor, tf.mul(two, tf.sub(a, b))),
        b: () => tf.mul(dy as tf.Tensor, tf.mul(two, tf.sub(b, a))),
      };
    },
  },
  { kernelName: tf.Neg, gradFunc: (dy) => ({ x: () => tf.neg(dy as tf.Tensor) }) },
  {
    kernelName: tf.Square,
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(saved[0]!, 2)) }),
  },
  {
    kernelName: tf.Sqrt,
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.div(dy as tf.Tensor, tf.mul(tf.sqrt(saved[0]!), 2)) }),
  },
  {
    kernelName: tf.Rsqrt,
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.neg(tf.div(dy as tf.Tensor, tf.mul(tf.pow(saved[0]!, 1.5), 2))) }),
  },
  {
    kernelName: tf.Tanh,
    outputsToSave: [true],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.mul(tf.sub(tf.scalar(1), tf.square(saved[0]!)), dy as tf.Tensor) }),
  },
  {
    kernelName: tf.Sigmoid,
    outputsToSave: [true],
    gradFunc: (dy, saved: Saved) => ({
      x: () => tf.mul(dy as tf.Tensor, tf.mul(saved[0]!, tf.sub(tf.scalar(1), saved[0]!))),
    }),
  },
  {
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.step(saved[0]!)) }),
  },
  {
    kernelName: tf.Exp,
    outputsToSave: [true],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.mul(dy as tf.Tensor, saved[0]!) }),
  },
  {
    kernelName: tf.Log,
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.div(dy as tf.Tensor, saved[0]!) }),
  },
  {
    kernelName: tf.Softmax,
    outputsToSave: [true],
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const y = saved[0]!;
      const dim = attrs.dim as number;
      const dyTimesY = tf.mul(dy as tf.Tensor, y);
      return { logits: () => tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [dim], true), y)) };
    },
  },
  {
    kernelName: tf.Sum,
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const x = saved[0]!;
      const shape = x.shape.slice();
      for (const axis of tf.util.parseAxisParam(attrs.axis as number | number[], x.shape)) shape[axis] = 1;
      return { x: () => tf.mul(tf.reshape(dy as tf.Tensor, shape), tf.ones(x.shape, 'float32')) };
    },
  },
  {
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const x = saved[0]!;
      const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape);
      const reduceSize = tf.util.sizeFromShape(tf.backend_util.computeOutAndReduceShapes(x.shape, axes)[1]);
      const shape = x.shape.slice();
      for (const axis of axes) shape[axis] = 1;
      return { x: () => tf.div(tf.mul(tf.reshape(dy as tf.Tensor, shape), tf.ones(x.shape, 'float32')), reduceSize) };
    },
  },
  {
    // Same maths as upstream, but with explicit transposes: wasm's matMul is ~10× slower when asked to
    // transpose an operand itself (transposeA / transposeB) than on a pre-transposed copy.
    kernelName: tf.BatchMatMul,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const g = dy as tf.Tensor;
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      const mm = (x: tf.Tensor, tx: boolean, y: tf.Tensor, ty: boolean) =>
        tf.matMul(tx ? swapLast(x) : x, ty ? swapLast(y) : y);
      if (!transposeA && !transposeB) return { a: () => fitTo(mm(g, false, b, true), a), b: () => fitTo(mm(a, true, g, false), b) };
      if (!transposeA && transposeB) return { a: () => fitTo(mm(g, false, b, false), a), b: () => fitTo(mm(g, true, a, false), b) };
      if (transposeA && !transposeB) return { a: () => fitTo(mm(b, false, g, true), a), b: () => fitTo(mm(a, false, g, false), b) };
      return { a: () => fitTo(mm(b, true, g, true), a), b: () => fitTo(mm(g, true, a, true), b) };
    },
  },
  {
    kernelName: tf.Reshape,
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => tf.reshape(dy as tf.Tensor, saved[0]!.shape) }),
  },
  {
    kernelName: tf.Transpose,
    gradFunc: (dy, _saved: Saved, attrs: Attrs) => ({
      x: () => tf.transpose(dy as tf.Tensor, tf.backend_util.getUndoAxesPermutation(attrs.perm as number[])),
    }),
  },
  {
    kernelName: tf.Concat,
    saveAllInputs: true,
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const axis = tf.util.parseAxisParam(attrs.axis as number, saved[0]!.shape)[0]!;
      const parts = tf.split(dy as tf.Tensor, saved.map((t) => t.shape[axis]!), axis);
      return parts.map((t) => () => t) as unknown as GradMap;
    },
  },
  {
    kernelName: tf.SplitV,
    gradFunc: (dy, _saved: Saved, attrs: Attrs) => ({ x: () => tf.concat(dy as tf.Tensor[], attrs.axis as number) }),
  },
  {
    kernelName: tf.Slice,
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved, attrs: Attrs) => {
      const x = saved[0]!;
      const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin as number[], attrs.size as number[]);
      const paddings = x.shape.map((n, i) => [begin![i]!, n - begin![i]! - size![i]!] as [number, number]);
      return { x: () => tf.pad(dy as tf.Tensor, paddings) };
    },
  },
  { kernelName: tf.Cast, gradFunc: (dy) => ({ x: () => (dy as tf.Tensor).clone() }) },
  { kernelName: tf.Identity, gradFunc: (dy) => ({ x: () => tf.cast(dy as tf.Tensor, 'float32') }) },
  {
    kernelName: tf.Pack,
    saveAllInputs: true,
    gradFunc: (dy, _saved: Saved, attrs: Attrs) =>
      tf.unstack(dy as tf.Tensor, attrs.axis as number).map((t) => () => t) as unknown as GradMap,
  },
  {
    kernelName: tf.Unpack,
    gradFunc: (dy, _saved: Saved, attrs: Attrs) => ({ value: () => tf.stack(dy as tf.Tensor[], attrs.axis as number) }),
  },
  {
    kernelName: tf.BroadcastTo,
    gradFunc: (dy, _saved: Saved, attrs: Attrs) => {
      const inputShape = attrs.inputShape as number[];
      const outputShape = attrs.shape as number[];
      const axes: number[] = [];
      // inputShape has already been left-padded with ones to outputShape's rank by broadcastTo.
      for (let i = 0; i < outputShape.length; i++) if (inputShape[i] !== outputShape[i]) axes.push(i);
      return { x: () => tf.sum(dy as tf.Tensor, axes, true) };
    },
  },
];

let registered = false;

/** Registers the gradients above for kernels that have none yet. Idempotent. */
export function registerLabGradients(): void {
  if (registered) return;
  for (const config of configs) {
    if (!tf.getGradient(config.kernelName)) tf.registerGradient(config);
  }
  registered = true;
}

registerLabGradients();
