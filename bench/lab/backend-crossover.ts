/**
 * Where the native backend (`tensorflow`, libtensorflow through tfjs-node) overtakes wasm: one training step of the
 * lab's models (forward, backward, Adam — gradient-flow's step) on both backends, over a ladder of sizes (width,
 * sequence length, batch) for the RNN, the LSTM and the Transformer, in one process and one run. wasm is the
 * baseline: each row prints ms per step on both and the ratio tensorflow/wasm (< 1: native faster); each
 * architecture's line gives the crossover (the smallest rung from which the native backend stays faster) in the
 * units the lab's rule uses (`backendWork`, packages/lab/src/backend-choice.ts).
 *
 *   scripts/tfjs-node/build.sh && npx tsx bench/lab/backend-crossover.ts [rounds=3] [steps per round=2] [arch,…]
 *
 * Rounds alternate the backends (wasm, tensorflow, wasm, …) and the medians are printed with the load average.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ZGradientFlowParams, type TArchitecture } from '@recurrence/contracts';
import * as lab from '@recurrence/lab';
import { loadAverage } from './torch_peer';

const rounds = Number(process.argv[2] ?? 3);
const stepsPerRound = Number(process.argv[3] ?? 2);
const only = process.argv[4]?.split(',');

type Rung = { architecture: TArchitecture; hidden: number; seqLen: number; batchSize: number };
const ladder: Rung[] = [];
for (const architecture of ['rnn', 'lstm'] as const) {
  for (const [hidden, seqLen, batchSize] of [
    [32, 100, 8],
    [64, 100, 32],
    [64, 100, 64],
    [128, 100, 32],
    [128, 100, 64],
    [128, 400, 64],
  ] as const) {
    ladder.push({ architecture, hidden, seqLen, batchSize });
  }
}
for (const [hidden, seqLen, batchSize] of [
  [32, 50, 8],
  [64, 100, 32],
  [64, 200, 32],
  [128, 100, 32],
  [128, 200, 32],
  [128, 200, 64],
] as const) {
  ladder.push({ architecture: 'transformer', hidden, seqLen, batchSize });
}

const backends = ['wasm', 'tensorflow'] as const;
for (const backend of backends) {
  const got = await lab.selectBackend({ candidates: [backend] }).catch((error: unknown) => {
    console.error(`${backend} is not available (${error instanceof Error ? error.message : String(error)}); run scripts/tfjs-node/build.sh`);
    process.exit(1);
  });
  if (got !== backend) throw new Error(`asked for ${backend}, got ${got}`);
}

function trainer(rung: Rung, backend: (typeof backends)[number]) {
  tf.setBackend(backend);
  const p = ZGradientFlowParams.parse({ architectures: [rung.architecture], hidden: rung.hidden, seqLen: rung.seqLen, batchSize: rung.batchSize, steps: 1 });
  const cfg = lab.gradientFlowConfig(rung.architecture, p);
  const params = lab.initClassifier(cfg, new lab.Rng(0).fork(`init:${rung.architecture}`));
  const sinusoidal = rung.architecture === 'transformer' ? tf.tensor2d(lab.sinusoidalTable(p.seqLen, p.hidden), [p.seqLen, p.hidden]) : undefined;
  const adam = new lab.Adam({ learningRate: p.learningRate });
  const data = new lab.Rng(0).fork('train');
  const task = { classes: p.classes, noiseTokens: p.noiseTokens };
  const parameterCount = Object.values(params).reduce((n, t) => n + t.size, 0);
  const step = () => {
    tf.setBackend(backend);
    const batch = lab.longRangeBatch(task, data, p.seqLen, p.batchSize);
    const r = lab.classifierStep(cfg, params, batch, { withGrads: true, ...(sinusoidal ? { sinusoidal } : {}) });
    adam.step(params, r.grads!);
    for (const g of Object.values(r.grads!)) g.dispose();
    return r.loss;
  };
  const dispose = () => {
    adam.dispose();
    for (const t of Object.values(params)) t.dispose();
    sinusoidal?.dispose();
  };
  return { step, dispose, parameterCount };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Row extends Rung {
  work: number;
  parameterCount: number;
  ms: Record<(typeof backends)[number], number>;
  ratio: number;
}
const rows: Row[] = [];
const loads: string[] = [];
console.log(`Training step (forward, backward, Adam) on wasm and tensorflow; ${rounds} rounds × ${stepsPerRound} steps, backends alternating`);
console.log('arch        width   T  batch   params   work (backendWork)   wasm ms   tensorflow ms   tensorflow/wasm');
for (const rung of ladder.filter((r) => !only || only.includes(r.architecture))) {
  const trainers = backends.map((b) => trainer(rung, b));
  const losses = trainers.map((t) => t.step()); // warm-up (kernels, allocations); both start from the same weights
  if (Math.abs(losses[0]! - losses[1]!) > 1e-3 * Math.max(1, Math.abs(losses[0]!))) {
    throw new Error(`${JSON.stringify(rung)}: first loss wasm ${losses[0]} but tensorflow ${losses[1]}`);
  }
  const times = backends.map(() => [] as number[]);
  loads.push(loadAverage());
  for (let r = 0; r < rounds; r++) {
    trainers.forEach((t, i) => {
      const t0 = performance.now();
      for (let s = 0; s < stepsPerRound; s++) t.step();
      times[i]!.push((performance.now() - t0) / stepsPerRound);
    });
  }
  for (const t of trainers) t.dispose();
  const ms = { wasm: median(times[0]!), tensorflow: median(times[1]!) };
  const work = lab.backendWork(rung.architecture, rung);
  const row: Row = { ...rung, work, parameterCount: trainers[0]!.parameterCount, ms, ratio: ms.tensorflow / ms.wasm };
  rows.push(row);
  console.log(
    `${rung.architecture.padEnd(11)} ${String(rung.hidden).padStart(5)} ${String(rung.seqLen).padStart(4)} ${String(rung.batchSize).padStart(5)} ${String(row.parameterCount).padStart(8)} ${work.toExponential(2).padStart(20)} ${ms.wasm.toFixed(1).padStart(9)} ${ms.tensorflow.toFixed(1).padStart(15)} ${row.ratio.toFixed(2).padStart(17)}`,
  );
}
console.log(`load average (1, 5, 15 min) at each rung: ${loads.join(' | ')}`);
console.log(`the lab's rule (packages/lab/src/backend-choice.ts): tensorflow when backendWork ≥ ${JSON.stringify(lab.BACKEND_CROSSOVER)}`);
for (const architecture of ['rnn', 'lstm', 'transformer'] as const) {
  const own = rows.filter((r) => r.architecture === architecture).sort((a, b) => a.work - b.work);
  if (own.length === 0) continue;
  // The crossover: the smallest rung from which every larger rung is faster on tensorflow.
  let from = own.length;
  while (from > 0 && own[from - 1]!.ratio < 1) from--;
  const faster = own.slice(from);
  console.log(
    faster.length === 0
      ? `${architecture}: wasm is faster on every rung (up to backendWork ${own[own.length - 1]!.work.toExponential(2)})`
      : `${architecture}: tensorflow faster from backendWork ${faster[0]!.work.toExponential(2)}` +
          (from > 0 ? ` (wasm faster up to ${own[from - 1]!.work.toExponential(2)})` : ' (every rung)') +
          `; tensorflow/wasm at the largest rung ${own[own.length - 1]!.ratio.toFixed(2)}`,
  );
}
