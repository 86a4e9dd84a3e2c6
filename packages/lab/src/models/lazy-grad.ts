import * as tf from '@tensorflow/tfjs-core';

/**
 * A differentiable op with a hand-written backward pass whose per-input gradients are computed only for the inputs
 * the caller differentiates with respect to.
 *
 * `tf.customGrad` wants every input's gradient as a tensor, so a layer differentiated only with respect to its input
 * (a gradient profile, ∂L/∂x) still pays for its weight gradients — for the RNN core step a quarter of the time. The
 * engine itself asks a tape node for one gradient function per input and calls only those on the path from the
 * differentiated tensors to the result (tfjs-core `getFilteredNodesXToY` prunes the node's inputs; registered kernels'
 * gradients are lazy this way). `customGrad` is a thin layer over the engine's `runKernelFunc` that closes over eager
 * gradients; this is the same call with lazy ones. `runKernelFunc` is private in tfjs-core's typings (4.22.0, pinned,
 * the final 4.x release): `lazy-grad.test.ts` fails if a gradient that was not asked for is computed, or if the
 * gradients differ from `tf.customGrad`'s.
 *
 * `forward(save)` may keep tensors for the backward pass with `save` (as in `tf.customGrad`: the engine frees them
 * after the backward pass; a forward that keeps its own with `tf.keep` must dispose them itself). `backward(dy,
 * saved)` runs once per backward pass, inside the engine's backward scope (what it allocates is freed when the
 * gradients are returned) and returns one function per input, in the order of `inputs`.
 */
export function lazyGradOp(
  inputs: tf.Tensor[],
  forward: (save: tf.GradSaveFunc) => { value: tf.Tensor; backward: Backward },
): tf.Tensor {
  let backward: Backward | null = null;
  const inputMap: Record<number, tf.Tensor> = {};
  inputs.forEach((input, i) => (inputMap[i] = input));
  const engine = tf.engine() as unknown as { runKernelFunc(params: KernelFuncParams): tf.Tensor };
  return engine.runKernelFunc({
    inputs: inputMap,
    forwardFunc: (_backend, save) => {
      const result = forward(save);
      backward = result.backward;
      return result.value;
    },
    backwardsFunc: (dy, saved) => {
      const grads = backward!(dy, saved);
      if (grads.length !== inputs.length) throw new Error(`lazyGradOp: ${grads.length} gradients for ${inputs.length} inputs`);
      return Object.fromEntries(grads.map((grad, i) => [i, grad]));
    },
  });
}

type Backward = (dy: tf.Tensor, saved: tf.Tensor[]) => (() => tf.Tensor)[];

interface KernelFuncParams {
  inputs: Record<number, tf.Tensor>;
  forwardFunc: (backend: unknown, save: tf.GradSaveFunc) => tf.Tensor;
  backwardsFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Record<number, () => tf.Tensor>;
}
