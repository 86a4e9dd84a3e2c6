import * as tf from '@tensorflow/tfjs-core';
import { ZGradientFlowParams, type TArchitecture } from '@recurrence/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend';
import { gradientFlowConfig } from '../experiments/gradient-flow';
import { Rng } from '../random';
import { longRangeBatch } from '../tasks/long-range';
import { skippedLabel, testBackends } from '../test-backends';
import { classifierStep, initClassifier, type ClassifierConfig } from './classifier';
import { sinusoidalTable } from './transformer';

/**
 * wasm and the native tensorflow backend compute the same gradients: every model of gradient-flow, from the same
 * float32 weights on the same batch, gives each parameter's gradient, ∂L/∂x and ∂L/∂h_t per position and the loss
 * within 1e-4 (absolute, or relative to the tensor's largest entry when that is above 1) on both backends.
 */
const { backends, nativeSkipped } = await testBackends();

const SIZE = { seqLen: 24, batchSize: 8, hidden: 16, heads: 2, layers: 2 };
const models: { label: string; architecture: TArchitecture; params: Record<string, unknown> }[] = [
  { label: 'RNN', architecture: 'rnn', params: {} },
  { label: 'LSTM', architecture: 'lstm', params: {} },
  { label: 'GRU', architecture: 'gru', params: {} },
  { label: 'Transformer (Pre-LN, sinusoidal positions)', architecture: 'transformer', params: { norm: 'pre', positions: 'sinusoidal' } },
  { label: 'Transformer (Post-LN, learned positions)', architecture: 'transformer', params: { norm: 'post', positions: 'learned' } },
];

interface Computed {
  loss: number;
  tensors: Record<string, Float32Array>;
}

function compute(cfg: ClassifierConfig, weights: Record<string, { shape: number[]; data: Float32Array }>, seqLen: number, batchSize: number): Computed {
  const params = Object.fromEntries(Object.entries(weights).map(([name, w]) => [name, tf.tensor(w.data, w.shape)]));
  const sinusoidal = cfg.transformer?.positions === 'sinusoidal' ? tf.tensor2d(sinusoidalTable(seqLen, cfg.hidden), [seqLen, cfg.hidden]) : undefined;
  const batch = longRangeBatch({ classes: cfg.classes, noiseTokens: 8 }, new Rng(5).fork('batch'), seqLen, batchSize);
  const r = classifierStep(cfg, params, batch, { withGrads: true, keepRawGrads: true, ...(sinusoidal ? { sinusoidal } : {}) });
  const tensors: Record<string, Float32Array> = {};
  for (const [name, g] of Object.entries(r.grads!)) tensors[name] = g.dataSync() as Float32Array;
  tensors['∂L/∂x'] = r.rawInputGrad!.dataSync() as Float32Array;
  if (r.rawHiddenGrad) tensors['∂L/∂h'] = r.rawHiddenGrad.dataSync() as Float32Array;
  for (const t of [...Object.values(r.grads!), ...Object.values(params), r.rawInputGrad, r.rawHiddenGrad, sinusoidal]) t?.dispose();
  return { loss: r.loss, tensors };
}

let maxDifference = { value: 0, where: '' };

describe.skipIf(nativeSkipped !== null)('wasm and tensorflow give the same gradients (1e-4)', () => {
  afterAll(() => {
    console.log(`largest wasm/tensorflow difference (scaled by max(1, max |g|)): ${maxDifference.value.toExponential(2)} at ${maxDifference.where}`);
  });

  for (const model of models) {
    it(model.label, async () => {
      const p = ZGradientFlowParams.parse({ architectures: [model.architecture], ...SIZE, ...model.params });
      const cfg = gradientFlowConfig(model.architecture, p);
      await useBackend('wasm');
      const initial = initClassifier(cfg, new Rng(11).fork('init'));
      const weights = Object.fromEntries(Object.entries(initial).map(([name, t]) => [name, { shape: [...t.shape], data: t.dataSync() as Float32Array }]));
      for (const t of Object.values(initial)) t.dispose();

      const results: Computed[] = [];
      for (const backend of backends) {
        await useBackend(backend);
        results.push(compute(cfg, weights, p.seqLen, p.batchSize));
      }
      await useBackend('wasm');
      const [wasm, native] = results as [Computed, Computed];
      expect(Math.abs(wasm.loss - native.loss), 'loss').toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(wasm.loss)));
      expect(Object.keys(native.tensors).sort()).toEqual(Object.keys(wasm.tensors).sort());
      for (const [name, a] of Object.entries(wasm.tensors)) {
        const b = native.tensors[name]!;
        expect(b.length, name).toBe(a.length);
        let scale = 1;
        for (const v of a) scale = Math.max(scale, Math.abs(v));
        let worst = 0;
        for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / scale);
        if (worst > maxDifference.value) maxDifference = { value: worst, where: `${model.label} ${name}` };
        expect(worst, `${model.label} ${name}: max |g_wasm − g_tensorflow| / max(1, max |g|)`).toBeLessThanOrEqual(1e-4);
      }
    });
  }
});

if (nativeSkipped) describe.skip(skippedLabel(nativeSkipped), () => it('wasm/tensorflow gradient cross-check', () => {}));
