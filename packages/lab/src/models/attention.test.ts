import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../backend';
import '../gradients';
import { Rng } from '../random';
import { attentionCore, batchedAttentionCore } from './attention';

beforeAll(async () => {
  await ensureBackend();
});

const N = 3;
const T = 5;
const dh = 4;

function inputs(seed: number) {
  const rng = new Rng(seed);
  const make = () => tf.tensor3d(rng.normalArray(N * T * dh), [N, T, dh]);
  return { q: make(), k: make(), v: make(), dy: tf.tensor3d(rng.normalArray(N * T * dh), [N, T, dh]) };
}

describe('causal attention', () => {
  it('gives later keys exactly zero weight, and an earlier output does not change when later tokens do', () => {
    const { q, k, v } = inputs(1);
    let probabilities: Float32Array | null = null;
    const out = attentionCore(q, k, v, { causal: true, onProbabilities: (p) => (probabilities = p) }).dataSync();
    const p = probabilities as unknown as Float32Array;
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < T; i++) {
        let sum = 0;
        for (let j = 0; j < T; j++) {
          const w = p[(n * T + i) * T + j]!;
          if (j > i) expect(w).toBe(0);
          sum += w;
        }
        expect(sum).toBeCloseTo(1, 5);
      }
    }
    // Change the keys and values of the last position: every earlier output stays the same.
    const k2 = k.arraySync();
    const v2 = v.arraySync();
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < dh; c++) {
        k2[n]![T - 1]![c] = 5;
        v2[n]![T - 1]![c] = -5;
      }
    }
    const out2 = attentionCore(q, tf.tensor3d(k2), tf.tensor3d(v2), { causal: true }).dataSync();
    const out3 = attentionCore(q, tf.tensor3d(k2), tf.tensor3d(v2)).dataSync();
    let earlierDiff = 0;
    let unmaskedDiff = 0;
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < T - 1; i++) {
        for (let c = 0; c < dh; c++) {
          const at = (n * T + i) * dh + c;
          earlierDiff = Math.max(earlierDiff, Math.abs(out2[at]! - out[at]!));
          unmaskedDiff = Math.max(unmaskedDiff, Math.abs(out3[at]! - out[at]!));
        }
      }
    }
    expect(earlierDiff).toBe(0);
    expect(unmaskedDiff).toBeGreaterThan(1e-3);
  });

  it('has the same output and gradients as tfjs autodiff of the batched expression with the same mask', () => {
    const { q, k, v, dy } = inputs(2);
    const loss = (core: (a: tf.Tensor3D, b: tf.Tensor3D, c: tf.Tensor3D) => tf.Tensor3D) => (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.mul(core(a as tf.Tensor3D, b as tf.Tensor3D, c as tf.Tensor3D), dy)) as tf.Scalar;
    const custom = tf.grads(loss((a, b, c) => attentionCore(a, b, c, { causal: true })))([q, k, v]);
    const auto = tf.grads(loss((a, b, c) => batchedAttentionCore(a, b, c, { causal: true })))([q, k, v]);
    const pairs = attentionCore(q, k, v, { causal: true }).dataSync();
    const batched = batchedAttentionCore(q, k, v, { causal: true }).dataSync();
    expect(Math.max(...Array.from(pairs, (x, i) => Math.abs(x - batched[i]!)))).toBeLessThan(1e-5);
    ['q', 'k', 'v'].forEach((name, i) => {
      const a = custom[i]!.dataSync();
      const b = auto[i]!.dataSync();
      let diff = 0;
      let norm = 0;
      for (let j = 0; j < a.length; j++) {
        diff += (a[j]! - b[j]!) ** 2;
        norm += b[j]! ** 2;
      }
      expect(Math.sqrt(diff), `∂/∂${name}`).toBeLessThanOrEqual(1e-5 * Math.sqrt(norm) + 1e-6);
      expect(Math.sqrt(norm), `∂/∂${name} is not trivially zero`).toBeGreaterThan(1e-3);
    });
  });
});
