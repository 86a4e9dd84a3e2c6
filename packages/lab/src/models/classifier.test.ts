import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend';
import { skippedLabel, testBackends } from '../test-backends';
import { Rng } from '../random';
import { classifierStep, initClassifier, type ClassifierConfig, type TokenBatch } from './classifier';
import type { ParamMap } from './params';
import { finiteDifferences, refClassifierLoss, type RefParams } from './reference';

/**
 * Gradient checks: the tfjs models (float32, hand-written backward for the recurrent cells, tfjs autodiff
 * with the lab's ported gradient functions for the transformer) against central finite differences of an
 * independent float64 implementation of the same equations (reference.ts).
 *
 * Tolerance: float32 arithmetic on O(1) values gives relative errors around 1e-6 per gradient tensor; the
 * float64 differences (ε = 1e-6) are accurate to ~1e-9. We require ‖g − g_fd‖ ≤ 1e-4·‖g_fd‖ + 1e-6 for
 * every parameter tensor, the input embeddings x and (recurrent models) every hidden state h_t — two orders
 * of magnitude of headroom over float32 rounding, yet a wrong sign, a missing term or an off-by-one step in a
 * backward pass shows up as an O(1) relative error.
 */

const T = 5;
const B = 2;
const VOCAB = 5;
const HIDDEN = 4;

function toRef(params: ParamMap): RefParams {
  const out: RefParams = {};
  for (const [name, t] of Object.entries(params)) out[name] = { shape: [...t.shape], data: Float64Array.from(t.dataSync()) };
  return out;
}

function makeBatch(rng: Rng): TokenBatch {
  const tokens = new Int32Array(T * B);
  for (let i = 0; i < tokens.length; i++) tokens[i] = rng.int(VOCAB);
  return { T, B, tokens, targets: Int32Array.from([0, 1]) };
}

/** x in the body's row order: time-major (recurrent) or batch-major (transformer). */
function embed(ref: RefParams, batch: TokenBatch, batchMajor: boolean): Float64Array {
  const E = ref.embedding!.data;
  const x = new Float64Array(T * B * HIDDEN);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const row = batchMajor ? b * T + t : t * B + b;
      const tok = batch.tokens[t * B + b]!;
      for (let j = 0; j < HIDDEN; j++) x[row * HIDDEN + j] = E[tok * HIDDEN + j]!;
    }
  }
  return x;
}

function expectClose(name: string, actual: ArrayLike<number>, expected: Float64Array): void {
  expect(actual.length, name).toBe(expected.length);
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i]! - expected[i]!) ** 2;
    norm += expected[i]! ** 2;
  }
  const tolerance = 1e-4 * Math.sqrt(norm) + 1e-6;
  expect(Math.sqrt(diff), `${name}: ‖g − g_fd‖ (‖g_fd‖ = ${Math.sqrt(norm).toExponential(3)})`).toBeLessThanOrEqual(tolerance);
}

const configs: ClassifierConfig[] = [
  { architecture: 'rnn', vocab: VOCAB, hidden: HIDDEN, classes: 2 },
  { architecture: 'lstm', vocab: VOCAB, hidden: HIDDEN, classes: 2, forgetBias: 1 },
  { architecture: 'gru', vocab: VOCAB, hidden: HIDDEN, classes: 2 },
  ...(['pre', 'post'] as const).flatMap((norm) =>
    (['none', 'sinusoidal', 'learned'] as const).map(
      (positions): ClassifierConfig => ({
        architecture: 'transformer',
        vocab: VOCAB,
        hidden: HIDDEN,
        classes: 2,
        transformer: { heads: 2, layers: 2, ffn: 8, positions, norm, maxLen: T + 2 },
      }),
    ),
  ),
];

const { backends, nativeSkipped } = await testBackends();

// The same tests on every backend the lab trains on (tensorflow when tfjs-node is built: required in CI).
describe.each(backends)('on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  describe('classifier gradients match float64 finite differences', () => {
    for (const cfg of configs) {
      const label =
        cfg.architecture === 'transformer'
          ? `transformer (${cfg.transformer!.norm}-LN, positions ${cfg.transformer!.positions})`
          : cfg.architecture;
      it(label, () => {
        const rng = new Rng(7);
        const params = initClassifier(cfg, rng);
        // Non-zero biases and LN gains so every term of the backward pass is exercised.
        for (const [name, t] of Object.entries(params)) {
          if (t.rank === 1) {
            const noisy = tf.add(t, tf.tensor1d(rng.normalArray(t.size, 0.3)));
            t.dispose();
            params[name] = noisy;
          }
        }
        const batch = makeBatch(rng);
        const recurrent = cfg.architecture !== 'transformer';
        const step = classifierStep(cfg, params, batch, { keepRawGrads: true });
        const ref = toRef(params);
        const x = embed(ref, batch, !recurrent);
        const probe = new Float64Array(T * B * HIDDEN);
        const lossOfX = () => refClassifierLoss(cfg, ref, x, T, B, batch.targets, recurrent ? probe : undefined);

        expect(step.loss).toBeCloseTo(lossOfX(), 5);
        expectClose('∂L/∂x', step.rawInputGrad!.dataSync(), finiteDifferences(x, lossOfX));
        if (recurrent) expectClose('∂L/∂h_t', step.rawHiddenGrad!.dataSync(), finiteDifferences(probe, lossOfX));
        for (const [name, entry] of Object.entries(ref)) {
          const lossOfParam = () => refClassifierLoss(cfg, ref, embed(ref, batch, !recurrent), T, B, batch.targets);
          expectClose(`∂L/∂${name}`, step.grads![name]!.dataSync(), finiteDifferences(entry.data, lossOfParam));
        }
        for (const t of [...Object.values(step.grads!), step.rawInputGrad, step.rawHiddenGrad]) t?.dispose();
        for (const t of Object.values(params)) t.dispose();
      });
    }
  });
});

if (nativeSkipped) describe.skip(skippedLabel(nativeSkipped), () => it('model tests', () => {}));
