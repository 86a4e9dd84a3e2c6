/**
 * The default gradient-flow answer (RNN, LSTM, Transformer; T = 100, batch 32, width 64, 100 Adam steps each) trained
 * with its three trainings in order on one thread (LAB_TRAINERS=1, the baseline) and on a TrainerPool of `trainers`
 * worker threads (default 2), alternating, `rounds` times (default 2). Prints the wall time of each, the medians, the
 * ratio pool/in-order, the load average at each round, and exits 1 if the two results differ (timings aside): the pool
 * must give the same result to the bit.
 *
 *   npx tsx bench/lab/parallel-trainings.ts [rounds=2] [trainers=2] [experiment=gradient-flow]
 */
import { availableParallelism } from 'node:os';
import { createTrainerPool, ensureBackend, runExperimentWithExport, type LabRunOptions } from '@recurrence/lab';
import { loadAverage } from './torch_peer';

const rounds = Number(process.argv[2] ?? 2);
const trainers = Number(process.argv[3] ?? 2);
const experiment = process.argv[4] ?? 'gradient-flow';
const request = { experiment, params: experiment === 'layernorm-depth' ? { depth: 12 } : {}, seed: 0 };
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const backends = await ensureBackend();
const t0 = performance.now();
const pool = createTrainerPool(trainers, backends);
if (!pool) throw new Error(`no pool: trainers ${trainers}, small runs on ${backends.small}`);
// Threads start with the pool (the lab trainer starts it with itself); a first small run waits for them to load.
await runExperimentWithExport({ experiment: 'layernorm-depth', params: { depth: 2, dModel: 8, heads: 2, seqLen: 4, batchSize: 2, steps: 1 } }, { trainers: pool });
const poolStartMs = performance.now() - t0;

async function timed(options: LabRunOptions) {
  const start = performance.now();
  const { result, exported } = await runExperimentWithExport(request, options);
  const { timings: _timings, ...rest } = result;
  const parts = Object.entries(result.timings)
    .filter(([name]) => name.endsWith('trainMs'))
    .map(([name, ms]) => `${name.replace(/\.?trainMs$/, '') || 'train'} ${(ms / 1000).toFixed(1)} s`)
    .join(', ');
  return { ms: performance.now() - start, same: JSON.stringify({ rest, models: exported.models }), parts };
}

const inOrder: number[] = [];
const pooled: number[] = [];
const loads: string[] = [];
let identical = true;
for (let r = 0; r < rounds; r++) {
  loads.push(loadAverage());
  const a = await timed({});
  const b = await timed({ trainers: pool });
  inOrder.push(a.ms);
  pooled.push(b.ms);
  identical &&= a.same === b.same;
  console.log(`  round ${r + 1} (load ${loads[r]}): in order ${(a.ms / 1000).toFixed(2)} s (${a.parts}); ${trainers} trainers ${(b.ms / 1000).toFixed(2)} s (${b.parts})`);
}
loads.push(loadAverage());
await pool.destroy();

const base = median(inOrder);
const par = median(pooled);
console.log(`${experiment} default on ${backends.small}, ${availableParallelism()} CPUs; median of ${rounds} round${rounds === 1 ? '' : 's'}`);
console.log(`  load average (1, 5, 15 min) at each round and at the end: ${loads.join(' | ')}`);
console.log(`  pool of ${trainers} started and warm in ${(poolStartMs / 1000).toFixed(2)} s (once per trainer process)`);
console.log(`  in order (LAB_TRAINERS=1, baseline): ${(base / 1000).toFixed(2)} s`);
console.log(`  ${trainers} trainers: ${(par / 1000).toFixed(2)} s   ratio ${trainers} trainers / in order = ${(par / base).toFixed(2)}`);
console.log(`  results identical to the bit (timings aside): ${identical ? 'yes' : 'NO'}`);
if (!identical) process.exit(1);
