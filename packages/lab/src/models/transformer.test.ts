import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend';
import { skippedLabel, testBackends } from '../test-backends';
import { Rng } from '../random';
import { disposeParams } from './params';
import { refTransformer } from './reference';
import { initTransformer, meanPool, transformerEncode, type TransformerConfig } from './transformer';

const { backends, nativeSkipped } = await testBackends();

const B = 2;
const T = 6;
const d = 8;

function encode(cfg: TransformerConfig, x: Float32Array, keepAttention = false) {
  const params = initTransformer(cfg, new Rng(5));
  const out = tf.tidy(() => {
    const { hidden, attention } = transformerEncode(params, cfg, tf.tensor3d(x, [B, T, d]), { keepAttention });
    return { hidden: hidden.dataSync() as Float32Array, pooled: meanPool(hidden, B, T).dataSync() as Float32Array, attention };
  });
  disposeParams(params);
  return out;
}

// The same tests on every backend the lab trains on (tensorflow when tfjs-node is built: required in CI).
describe.each(backends)('on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  describe('transformer encoder', () => {
    it.each(['pre', 'post'] as const)('%s-LN without positions is permutation-equivariant (pooled output invariant to 1e-6)', (norm) => {
      const cfg: TransformerConfig = { dModel: d, heads: 2, layers: 2, ffn: 16, positions: 'none', norm, maxLen: T };
      const x = new Rng(1).normalArray(B * T * d);
      const perm = [3, 0, 5, 1, 4, 2];
      const xp = new Float32Array(x.length);
      for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) xp.set(x.subarray((b * T + perm[t]!) * d, (b * T + perm[t]! + 1) * d), (b * T + t) * d);
      const a = encode(cfg, x);
      const p = encode(cfg, xp);
      let maxPooled = 0;
      let maxTokens = 0;
      for (let i = 0; i < B * d; i++) maxPooled = Math.max(maxPooled, Math.abs(a.pooled[i]! - p.pooled[i]!));
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < T; t++) {
          for (let j = 0; j < d; j++) {
            maxTokens = Math.max(maxTokens, Math.abs(p.hidden[(b * T + t) * d + j]! - a.hidden[(b * T + perm[t]!) * d + j]!));
          }
        }
      }
      expect(maxPooled).toBeLessThanOrEqual(1e-6);
      expect(maxTokens).toBeLessThanOrEqual(1e-6);
    });

    it('with sinusoidal positions the pooled output depends on the order', () => {
      const cfg: TransformerConfig = { dModel: d, heads: 2, layers: 1, ffn: 16, positions: 'sinusoidal', norm: 'pre', maxLen: T };
      const x = new Rng(1).normalArray(B * T * d);
      const reversed = new Float32Array(x.length);
      for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) reversed.set(x.subarray((b * T + T - 1 - t) * d, (b * T + T - t) * d), (b * T + t) * d);
      const a = encode(cfg, x);
      const r = encode(cfg, reversed);
      expect(Math.max(...a.pooled.map((v, i) => Math.abs(v - r.pooled[i]!)))).toBeGreaterThan(1e-3);
    });

    it('matches the float64 reference forward, and attention rows are probability distributions', () => {
      const cfg: TransformerConfig = { dModel: d, heads: 2, layers: 2, ffn: 16, positions: 'learned', norm: 'post', maxLen: T };
      const x = new Rng(2).normalArray(B * T * d);
      const params = initTransformer(cfg, new Rng(5));
      const ref = Object.fromEntries(Object.entries(params).map(([n, t]) => [n, { shape: [...t.shape], data: Float64Array.from(t.dataSync()) }]));
      disposeParams(params);
      const expected = refTransformer(ref, cfg, Float64Array.from(x), B, T);
      const { hidden, attention } = encode(cfg, x, true);
      hidden.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-4));
      expect(attention).toHaveLength(2);
      for (const layer of attention) {
        expect(layer.length).toBe(B * cfg.heads * T * T);
        for (let row = 0; row < B * cfg.heads * T; row++) {
          let s = 0;
          for (let j = 0; j < T; j++) s += layer[row * T + j]!;
          expect(s).toBeCloseTo(1, 5);
        }
      }
    });
  });
});

if (nativeSkipped) describe.skip(skippedLabel(nativeSkipped), () => it('model tests', () => {}));
