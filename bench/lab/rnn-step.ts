/**
 * Core-step benchmark: vanilla RNN, batch 32, T = 100, input 16, hidden 64; forward + gradient w.r.t. the
 * input; best of N. Baseline: PyTorch eager (torch.nn.RNN) on the same CPU, measured in the same run.
 *
 *   npx tsx bench/lab/rnn-step.ts [repeats=20]
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng, initRecurrent, recurrentLastHidden, selectBackend } from '@recurrence/lab';
import { NO_TORCH_MESSAGE, runTorch, torchVersion } from './torch_peer';

const B = 32;
const T = 100;
const E = 16;
const H = 64;
const repeats = Number(process.argv[2] ?? 20);

const backend = await selectBackend();
const rng = new Rng(0);
const w = initRecurrent('rnn', rng, E, H);
const x = tf.tensor2d(rng.normalArray(T * B * E), [T * B, E]);
const gradX = tf.grad((input: tf.Tensor) => tf.sum(recurrentLastHidden('rnn', input as tf.Tensor2D, w, T)));
const step = () => {
  const g = gradX(x);
  g.dataSync();
  g.dispose();
};
for (let i = 0; i < 3; i++) step();
let best = Infinity;
for (let i = 0; i < repeats; i++) {
  const t0 = performance.now();
  step();
  best = Math.min(best, performance.now() - t0);
}
console.log(`vanilla RNN B=${B} T=${T} E=${E} H=${H}, forward + ∂/∂x, best of ${repeats}`);
console.log(`  tfjs (${backend}):      ${best.toFixed(2)} ms`);
const version = torchVersion();
if (!version) {
  console.log(NO_TORCH_MESSAGE);
} else {
  const torch = runTorch<{ bestMs: number; threads: number }>('torch_rnn_step.py', [B, T, E, H, repeats].map(String));
  console.log(`  torch ${version.split(' ')[0]} eager (${torch.threads} thread${torch.threads === 1 ? '' : 's'}): ${torch.bestMs.toFixed(2)} ms`);
  console.log(`  ratio tfjs/torch = ${(best / torch.bestMs).toFixed(2)} (target ≤ 1.0)`);
}
