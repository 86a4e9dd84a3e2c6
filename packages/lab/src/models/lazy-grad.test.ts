import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend';
import { skippedLabel, testBackends } from '../test-backends';
import { Rng } from '../random';
import { lazyGradOp } from './lazy-grad';
import { initRecurrent, recurrentLastHidden } from './recurrent';

const { backends, nativeSkipped } = await testBackends();

describe.each(backends)('lazyGradOp on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  // y = tanh(x·w); the hand-written gradients of x and w, counted.
  const calls = { x: 0, w: 0 };
  const lazyLayer = (x: tf.Tensor2D, w: tf.Tensor2D) =>
    lazyGradOp([x, w], (save) => {
      const y = tf.tanh(tf.matMul(x, w));
      save([y]);
      return {
        value: y,
        backward: (dy, [y]) => {
          const da = tf.mul(dy, tf.sub(1, tf.square(y!)));
          return [
            () => (calls.x++, tf.matMul(da, w, false, true)),
            () => (calls.w++, tf.matMul(x, da, true, false)),
          ];
        },
      };
    });
  let x: tf.Tensor2D;
  let w: tf.Tensor2D;
  beforeAll(() => {
    const rng = new Rng(3);
    x = tf.tensor2d(rng.normalArray(12), [3, 4]);
    w = tf.tensor2d(rng.normalArray(20), [4, 5]);
  });

  it('computes only the gradients asked for', () => {
    calls.x = calls.w = 0;
    tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(lazyLayer(a as tf.Tensor2D, w)))(x));
    expect(calls).toEqual({ x: 1, w: 0 });
    tf.tidy(() => tf.grad((b: tf.Tensor) => tf.sum(lazyLayer(x, b as tf.Tensor2D)))(w));
    expect(calls).toEqual({ x: 1, w: 1 });
  });

  it('gives autodiff’s gradients, and frees what its backward pass allocated', () => {
    const before = tf.memory().numTensors;
    const f = (fn: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor) => tf.sum(fn(a as tf.Tensor2D, b as tf.Tensor2D));
    const lazy = tf.grads(f(lazyLayer))([x, w]);
    const auto = tf.grads(f((a, b) => tf.tanh(tf.matMul(a, b))))([x, w]);
    lazy.forEach((g, i) => {
      const want = auto[i]!.dataSync();
      g.dataSync().forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 6));
    });
    tf.dispose([...lazy, ...auto]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a recurrent layer differentiated with respect to its input skips the weight gradients', async () => {
    const T = 6;
    const B = 2;
    const weights = initRecurrent('rnn', new Rng(1), 3, 4);
    const input = tf.tensor2d(new Rng(2).normalArray(T * B * 3), [T * B, 3]);
    const matMuls = async (f: () => void) => (await tf.profile(f)).kernels.filter((k) => k.name === 'BatchMatMul').length;
    const onlyX = await matMuls(() => tf.grad((a: tf.Tensor) => tf.sum(recurrentLastHidden('rnn', a as tf.Tensor2D, weights, T)))(input).dispose());
    const all = await matMuls(() =>
      tf.dispose(tf.grads((a: tf.Tensor, wx: tf.Tensor, wh: tf.Tensor) => tf.sum(recurrentLastHidden('rnn', a as tf.Tensor2D, { ...weights, wx: wx as tf.Tensor2D, wh: wh as tf.Tensor2D }, T)))([input, weights.wx, weights.wh])),
    );
    // input projection, T forward steps, T − 1 backward steps, dX; then dWx and dWh.
    expect(onlyX).toBe(1 + T + (T - 1) + 1);
    expect(all).toBe(onlyX + 2);
  });
});

if (nativeSkipped) describe.skip(skippedLabel(nativeSkipped), () => it('lazyGradOp tests', () => {}));
