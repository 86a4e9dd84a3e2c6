import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend';
import { skippedLabel, testBackends } from '../test-backends';
import { Rng } from '../random';
import { lstmLayerPlain, lstmTrace } from './lstm';
import { initRecurrent, recurrentLastHidden, type RecurrentKind } from './recurrent';
import { refRecurrent } from './reference';

const { backends, nativeSkipped } = await testBackends();

const T = 7;
const B = 3;
const E = 5;
const H = 6;

// The same tests on every backend the lab trains on (tensorflow when tfjs-node is built: required in CI).
describe.each(backends)('on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  describe('recurrent layers (forward)', () => {
    it.each(['rnn', 'lstm', 'gru'] as RecurrentKind[])('%s: last hidden state matches the float64 reference', (kind) => {
      const rng = new Rng(9);
      const w = initRecurrent(kind, rng, E, H, { forgetBias: 1 });
      if (w.bh) {
        w.bh.dispose();
        w.bh = tf.tensor1d(rng.normalArray(3 * H, 0.5));
      }
      const x = rng.normalArray(T * B * E);
      const h = tf.tidy(() => recurrentLastHidden(kind, tf.tensor2d(x, [T * B, E]), w, T).dataSync());
      const ref: Record<string, { shape: number[]; data: Float64Array }> = {};
      for (const [name, t] of Object.entries(w)) ref[name] = { shape: [...(t as tf.Tensor).shape], data: Float64Array.from((t as tf.Tensor).dataSync()) };
      const expected = refRecurrent(kind, ref, Float64Array.from(x), T, B, E, H);
      h.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5));
    });

    it('the plain-op LSTM (attention-cost) and the fast LSTM cell agree, and so does the gate trace', () => {
      const rng = new Rng(4);
      const w = initRecurrent('lstm', rng, E, H);
      const x = tf.tensor2d(rng.normalArray(T * B * E), [T * B, E]);
      const plain = tf.tidy(() => lstmLayerPlain(x, w, T).dataSync());
      const trace = lstmTrace(x, w, T);
      plain.forEach((v, i) => expect(Math.abs(v - trace.hiddenState[i]!)).toBeLessThan(1e-5));
      const last = tf.tidy(() => recurrentLastHidden('lstm', x, w, T).dataSync());
      last.forEach((v, i) => expect(v).toBeCloseTo(plain[(T - 1) * B * H + i]!, 5));
      // Gates are probabilities; the cell input g lies in (-1, 1).
      for (const v of trace.forget) expect(v > 0 && v < 1).toBe(true);
      for (const v of trace.cellInput) expect(Math.abs(v) < 1).toBe(true);
    });
  });
});

if (nativeSkipped) describe.skip(skippedLabel(nativeSkipped), () => it('model tests', () => {}));
