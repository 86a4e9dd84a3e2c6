import * as tf from '@tensorflow/tfjs-core';
import { constantMatrix } from './constants';

/**
 * Building blocks whose backward pass is written by hand (tf.customGrad) for one reason: under autodiff every
 * kernel clones the inputs its gradient needs (Engine.saveTensorsForBackwardMode → Identity), and the wasm
 * backend's Identity copies the data — a [B·T, d] copy for each matMul, add, relu and reshape of the Transformer's
 * step. Here the forward keeps what the backward needs by closure instead (a reshape shares the data on wasm).
 *
 * Each backward pass does the float32 arithmetic that tfjs autodiff with the lab's gradients (gradients.ts) does,
 * element for element: the same products, summed in the same order (XNNPACK's matMul adds the K terms of a dot
 * product one after another from 0, whichever operand it is handed as the weights), so results are bit for bit
 * those of autodiff on wasm (bench/lab/lab-bitwise.ts checks this against the code before). Only the
 * operand layout differs where it saves work: wasm packs a matMul's second operand for XNNPACK (~3.5 ns an element,
 * more than a transpose), so a weight gradient Σ_r u[r][i]·dy[r][j] packs whichever of u and dy is narrower, and
 * the three projections Q, K, V of the same input pack it once (the packed operator is cached by tensor data).
 */

/** A view of x (shares the data on wasm: no copy) that outlives the tidy scope, for a backward pass. */
function keepView<T extends tf.Tensor>(x: T): T {
  return tf.keep(tf.reshape(x, x.shape)) as T;
}

/**
 * dW = uᵀ·dy [in, out] and db = Σ_rows dy [out] for u [N, in], dy [N, out], summing over rows 0…N−1 in order
 * (as matMul(transpose(u), dy) and matMul(transpose(dy), ones) do).
 */
function weightGradients(u: tf.Tensor2D, dy: tf.Tensor2D): [tf.Tensor2D, tf.Tensor1D] {
  const [n, inWidth] = u.shape;
  const outWidth = dy.shape[1];
  if (inWidth <= outWidth) {
    // Pack u (narrower, and shared by projections of the same input); dyᵀ serves both products.
    const dyT = tf.transpose(dy);
    const dW = tf.transpose(tf.matMul(dyT, u)) as tf.Tensor2D;
    return [dW, tf.reshape(tf.matMul(dyT, constantMatrix(n, 1, 1)), [outWidth]) as tf.Tensor1D];
  }
  // Pack dy (narrower); the column sums re-use its packed operator as a ones row times dy.
  const dW = tf.matMul(tf.transpose(u), dy) as tf.Tensor2D;
  return [dW, tf.reshape(tf.matMul(constantMatrix(1, n, 1), dy), [outWidth]) as tf.Tensor1D];
}

/**
 * y = u·W + b, or relu(u·W + b) with `relu`, for u [N, in], W [in, out], b [out]. Gradients as autodiff computes
 * them: dz = dy (⊙ step(z) for relu), ∂L/∂u = dz·Wᵀ, ∂L/∂W = uᵀ·dz, ∂L/∂b = Σ_rows dz.
 */
export function dense(u: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor, options: { relu?: boolean } = {}): tf.Tensor2D {
  const relu = options.relu ?? false;
  if (!tf.engine().isTapeOn()) {
    const z = tf.add(tf.matMul(u, w as tf.Tensor2D), b) as tf.Tensor2D;
    return relu ? tf.relu(z) : z;
  }
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [uIn, wIn, bIn] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor];
    const z = tf.add(tf.matMul(uIn, wIn), bIn) as tf.Tensor2D;
    const kept = { u: keepView(uIn), w: keepView(wIn), z: relu ? keepView(z) : null };
    return {
      value: relu ? tf.relu(z) : z,
      gradFunc: (dy: tf.Tensor) => {
        const grads = tf.tidy(() => {
          const dz = (kept.z ? tf.mul(dy, tf.step(kept.z)) : dy) as tf.Tensor2D;
          const [dW, db] = weightGradients(kept.u, dz);
          return [tf.matMul(dz, tf.transpose(kept.w)), dW, db];
        });
        kept.u.dispose();
        kept.w.dispose();
        kept.z?.dispose();
        return grads;
      },
    };
  });
  return op(u, w, b) as tf.Tensor2D;
}

/** a + b for tensors of one shape (no broadcasting); the gradient passes dy to both. */
export function residualAdd<T extends tf.Tensor>(a: T, b: T): T {
  if (!tf.engine().isTapeOn()) return tf.add(a, b);
  if (!tf.util.arraysEqual(a.shape, b.shape)) throw new Error(`residualAdd: shapes ${a.shape} and ${b.shape} differ`);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, y] = args as [tf.Tensor, tf.Tensor];
    return { value: tf.add(x, y), gradFunc: (dy: tf.Tensor) => [tf.reshape(dy, x.shape), tf.reshape(dy, y.shape)] };
  });
  return op(a, b) as T;
}

/** tf.reshape whose gradient remembers the input's shape instead of a clone of the input. */
export function reshapeView<R extends tf.Rank>(x: tf.Tensor, shape: tf.ShapeMap[R]): tf.Tensor<R> {
  if (!tf.engine().isTapeOn()) return tf.reshape(x, shape);
  const inShape = x.shape;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.reshape(args[0] as tf.Tensor, shape),
    gradFunc: (dy: tf.Tensor) => [tf.reshape(dy, inShape)],
  }));
  return op(x) as tf.Tensor<R>;
}
