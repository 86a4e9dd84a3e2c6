/**
 * Core-step benchmark: vanilla RNN, batch 32, T = 100, input 16, hidden 64; forward + gradient w.r.t. the
 * input; best of N repeats. Baseline: PyTorch eager (torch.nn.RNN) on the same CPU, on OpenBLAS, with 1 and with
 * 2 threads, measured in the same run. The three are measured in interleaved rounds (tfjs, torch 1 thread,
 * torch 2 threads, tfjs, …) and the medians of the rounds are reported, with the load average.
 *
 *   npx tsx bench/lab/rnn-step.ts [repeats=20] [rounds=3]
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng, ensureBackend, initRecurrent, recurrentLastHidden } from '@recurrence/lab';
import { NO_TORCH_MESSAGE, PEER_THREADS, describePeer, loadAverage, peerRefusal, runTorch, torchPeer } from './torch_peer';

const B = 32;
const T = 100;
const E = 16;
const H = 64;
const repeats = Number(process.argv[2] ?? 20);
const rounds = Number(process.argv[3] ?? 3);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// The backend the lab trains models of this size on (wasm, also when the native backend is installed).
const { small: backend } = await ensureBackend();
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
const tfjsBest = () => {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    step();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
};

const peer = torchPeer();
console.log(`vanilla RNN B=${B} T=${T} E=${E} H=${H}, forward + ∂/∂x, best of ${repeats}, median of ${rounds} interleaved rounds`);
if (peer) console.log(`  peer: ${describePeer(peer)}`);
const refusal = peer ? peerRefusal(peer) : null;
const usePeer = peer !== null && refusal === null;
const tfjs: number[] = [];
const torch: Record<number, number[]> = Object.fromEntries(PEER_THREADS.map((n) => [n, []]));
const loads: string[] = [];
for (let r = 0; r < rounds; r++) {
  loads.push(loadAverage());
  tfjs.push(tfjsBest());
  if (!usePeer) continue;
  for (const n of PEER_THREADS) {
    torch[n]!.push(runTorch<{ bestMs: number }>('torch_rnn_step.py', [B, T, E, H, repeats].map(String), n).bestMs);
  }
}
const tfjsMs = median(tfjs);
console.log(`  load average (1, 5, 15 min) at each round: ${loads.join(' | ')}`);
console.log(`  tfjs (${backend}): ${tfjsMs.toFixed(2)} ms   (rounds: ${tfjs.map((v) => v.toFixed(2)).join(', ')})`);
if (!peer) console.log(NO_TORCH_MESSAGE);
else if (refusal) console.log(refusal);
else {
  for (const n of PEER_THREADS) {
    const ms = median(torch[n]!);
    console.log(
      `  torch ${peer.torch} eager, ${peer.blas}, ${n} thread${n === 1 ? '' : 's'}: ${ms.toFixed(2)} ms   (rounds: ${torch[n]!.map((v) => v.toFixed(2)).join(', ')})` +
        `   ratio tfjs/torch = ${(tfjsMs / ms).toFixed(2)} (target ≤ 1.5, aim 1.0)`,
    );
  }
}
