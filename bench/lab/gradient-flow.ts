/**
 * End-to-end benchmark: the default gradient-flow answer (RNN, LSTM, Transformer; T = 100, batch 32, width 64,
 * 100 Adam steps each, gradient profiles at init and after training, evaluation) in TensorFlow.js, against
 * PyTorch eager doing the same training (bench/lab/torch_gradient_flow.py), measured in the same run.
 *
 *   npx tsx bench/lab/gradient-flow.ts
 */
import { runExperiment, type ExperimentRunOptions } from '@recurrence/lab';
import { NO_TORCH_MESSAGE, runTorch, torchVersion } from './torch_peer';

const request = { experiment: 'gradient-flow', params: {}, seed: 0 } as const;
const t0 = performance.now();
const result = await runExperiment(request, {} as ExperimentRunOptions);
const tfjsMs = performance.now() - t0;
if (result.experiment !== 'gradient-flow') throw new Error('unexpected result');
const p = result.params;
console.log(`gradient-flow default: ${p.architectures.join(', ')}; T=${p.seqLen}, batch ${p.batchSize}, width ${p.hidden}, ${p.steps} steps each`);
console.log(`  tfjs (${result.backend}): ${(tfjsMs / 1000).toFixed(2)} s`);
for (const a of result.architectures) {
  const ms = result.timings[`${a.architecture}.trainMs`] ?? 0;
  console.log(`    ${a.architecture.padEnd(12)} train ${(ms / 1000).toFixed(2)} s (${(ms / p.steps).toFixed(1)} ms/step), accuracy ${(100 * a.finalAccuracy).toFixed(1)}%`);
}
const version = torchVersion();
if (!version) {
  console.log(NO_TORCH_MESSAGE);
} else {
  const torch = runTorch<{ totalMs: number; threads: number; perArch: Record<string, { ms: number; accuracy: number }> }>('torch_gradient_flow.py', [
    p.architectures.join(','),
    String(p.seqLen),
    String(p.batchSize),
    String(p.hidden),
    String(p.steps),
  ]);
  console.log(`  torch ${version.split(' ')[0]} eager (${torch.threads} thread${torch.threads === 1 ? '' : 's'}): ${(torch.totalMs / 1000).toFixed(2)} s`);
  for (const [arch, r] of Object.entries(torch.perArch)) {
    console.log(`    ${arch.padEnd(12)} ${(r.ms / 1000).toFixed(2)} s (${(r.ms / p.steps).toFixed(1)} ms/step incl. measurement), accuracy ${(100 * r.accuracy).toFixed(1)}%`);
  }
  console.log(`  ratio tfjs/torch = ${(tfjsMs / torch.totalMs).toFixed(2)} (target ≤ 1.5)`);
}
