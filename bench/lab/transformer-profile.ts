/**
 * Profile of one Transformer training step of the default gradient-flow run (B = 32, T = 100, d = 64, 4 heads,
 * 2 Pre-LN layers, FFN 128, sinusoidal positions): kernels per step, and time per kernel name (tf.profile),
 * sorted by total time.
 *
 *   npx tsx bench/lab/transformer-profile.ts [top=25]
 */
import * as tf from '@tensorflow/tfjs-core';
import { ZGradientFlowParams } from '@recurrence/contracts';
import { Adam, Rng, classifierStep, ensureBackend, gradientFlowConfig, initClassifier, longRangeBatch, sinusoidalTable } from '@recurrence/lab';
import { loadAverage } from './torch_peer';

const top = Number(process.argv[2] ?? 25);
// The backend the lab trains the default Transformer on (wasm, also when the native backend is installed).
const { small: backend } = await ensureBackend();
const p = ZGradientFlowParams.parse({});
const cfg = gradientFlowConfig('transformer', p);
const params = initClassifier(cfg, new Rng(0).fork('init:transformer'));
const sinusoidal = tf.tensor2d(sinusoidalTable(p.seqLen, p.hidden), [p.seqLen, p.hidden]);
const adam = new Adam({ learningRate: p.learningRate });
const data = new Rng(0).fork('train');
const task = { classes: p.classes, noiseTokens: p.noiseTokens };
const step = () => {
  const batch = longRangeBatch(task, data, p.seqLen, p.batchSize);
  const r = classifierStep(cfg, params, batch, { withGrads: true, sinusoidal });
  adam.step(params, r.grads!);
  for (const g of Object.values(r.grads!)) g.dispose();
};
for (let i = 0; i < 3; i++) step();
const t0 = performance.now();
const info = await tf.profile(() => step());
const wall = performance.now() - t0;
const byName = new Map<string, { count: number; ms: number }>();
let kernelMs = 0;
for (const k of info.kernels) {
  const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  kernelMs += ms;
  const e = byName.get(k.name) ?? { count: 0, ms: 0 };
  e.count++;
  e.ms += ms;
  byName.set(k.name, e);
}
console.log(`Transformer training step (${backend}), load average ${loadAverage()}`);
console.log(`  kernels per step: ${info.kernels.length}; summed kernel time ${kernelMs.toFixed(1)} ms; wall time under tf.profile ${wall.toFixed(1)} ms`);
console.log(`  new tensors ${info.newTensors}, peak bytes ${info.peakBytes}`);
for (const [name, e] of [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) {
  console.log(`  ${name.padEnd(20)} ${String(e.count).padStart(6)} calls ${e.ms.toFixed(1).padStart(8)} ms ${((1000 * e.ms) / e.count).toFixed(1).padStart(8)} µs/call`);
}
