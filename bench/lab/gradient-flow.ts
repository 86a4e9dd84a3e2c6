/**
 * End-to-end benchmark: the default gradient-flow answer (RNN, LSTM, Transformer; T = 100, batch 32, width 64,
 * 100 Adam steps each, gradient profiles at init and after training, evaluation) in TensorFlow.js, against
 * PyTorch eager doing the same training (bench/lab/torch_gradient_flow.py) on OpenBLAS with 1 and with 2
 * threads, measured in the same run. With rounds > 1 the three alternate (tfjs, torch 1, torch 2, tfjs, …) and
 * medians are reported, with the load average at each round.
 *
 *   npx tsx bench/lab/gradient-flow.ts [rounds=1]
 */
import type { TGradientFlowResult } from '@recurrence/contracts';
import { runExperiment, type ExperimentRunOptions } from '@recurrence/lab';
import { NO_TORCH_MESSAGE, PEER_THREADS, describePeer, loadAverage, peerRefusal, runTorch, torchPeer } from './torch_peer';

interface TorchRun {
  totalMs: number;
  perArch: Record<string, { ms: number; accuracy: number }>;
}

const rounds = Number(process.argv[2] ?? 1);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const request = { experiment: 'gradient-flow', params: {}, seed: 0 } as const;
const peer = torchPeer();
const refusal = peer ? peerRefusal(peer) : null;
const usePeer = peer !== null && refusal === null;
const tfjs: { ms: number; result: TGradientFlowResult }[] = [];
const torch: Record<number, TorchRun[]> = Object.fromEntries(PEER_THREADS.map((n) => [n, []]));
const loads: string[] = [];
for (let r = 0; r < rounds; r++) {
  loads.push(loadAverage());
  const t0 = performance.now();
  const result = await runExperiment(request, {} as ExperimentRunOptions);
  if (result.experiment !== 'gradient-flow') throw new Error('unexpected result');
  tfjs.push({ ms: performance.now() - t0, result });
  if (!usePeer) continue;
  const p = result.params;
  for (const n of PEER_THREADS) {
    torch[n]!.push(
      runTorch<TorchRun>('torch_gradient_flow.py', [p.architectures.join(','), String(p.seqLen), String(p.batchSize), String(p.hidden), String(p.steps)], n),
    );
  }
}
loads.push(loadAverage());

const { result } = tfjs[0]!;
const p = result.params;
const tfjsMs = median(tfjs.map((r) => r.ms));
console.log(`gradient-flow default: ${p.architectures.join(', ')}; T=${p.seqLen}, batch ${p.batchSize}, width ${p.hidden}, ${p.steps} steps each; median of ${rounds} round${rounds === 1 ? '' : 's'}`);
console.log(`  load average (1, 5, 15 min) at each round and at the end: ${loads.join(' | ')}`);
if (peer) console.log(`  peer: ${describePeer(peer)}`);
console.log(`  tfjs (${result.backend}): ${(tfjsMs / 1000).toFixed(2)} s`);
const tfjsStep: Record<string, number> = {};
for (const a of result.architectures) {
  const ms = median(tfjs.map((r) => r.result.timings[`${a.architecture}.trainMs`] ?? 0));
  tfjsStep[a.architecture] = ms / p.steps;
  console.log(`    ${a.architecture.padEnd(12)} train ${(ms / 1000).toFixed(2)} s (${(ms / p.steps).toFixed(1)} ms/step), accuracy ${(100 * a.finalAccuracy).toFixed(1)}%`);
}
if (!peer) console.log(NO_TORCH_MESSAGE);
else if (refusal) console.log(refusal);
else {
  for (const n of PEER_THREADS) {
    const runs = torch[n]!;
    const total = median(runs.map((r) => r.totalMs));
    console.log(`  torch ${peer.torch} eager, ${peer.blas}, ${n} thread${n === 1 ? '' : 's'}: ${(total / 1000).toFixed(2)} s   ratio tfjs/torch = ${(tfjsMs / total).toFixed(2)} (target ≤ 1.5)`);
    for (const arch of Object.keys(runs[0]!.perArch)) {
      const ms = median(runs.map((r) => r.perArch[arch]!.ms));
      const step = ms / p.steps;
      const ours = tfjsStep[arch];
      console.log(
        `    ${arch.padEnd(12)} ${(ms / 1000).toFixed(2)} s (${step.toFixed(1)} ms/step incl. measurement), accuracy ${(100 * runs[0]!.perArch[arch]!.accuracy).toFixed(1)}%` +
          (ours !== undefined ? `   per-step ratio tfjs/torch = ${(ours / step).toFixed(2)}` : ''),
      );
    }
  }
}
