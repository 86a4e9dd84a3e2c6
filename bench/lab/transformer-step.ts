/**
 * A/B benchmark of the lab's Transformer training step against the code at a git ref, in one process and one
 * run: one training step of the default gradient-flow Transformer (B = 32, T = 100, d = 64, 4 heads, 2 Pre-LN
 * layers, FFN 128, sinusoidal positions; forward, backward, Adam) with the baseline's code and with this
 * checkout's, alternating (A B A B …). Prints, per variant, the median over rounds of the wall time and of the
 * process CPU time per step (CPU time is the steadier of the two on a shared machine: wasm runs on one thread),
 * the kernels per step (tf.profile), the ratios new/baseline and the load average. Also checks that both
 * variants compute the same loss on the first step.
 *
 *   npx tsx bench/lab/transformer-step.ts [ref=origin/main] [rounds=7] [steps per round=3]
 *
 * The baseline is a detached git worktree of the ref under node_modules/.cache (so it resolves the same
 * tfjs-core, one engine and one wasm backend for both).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ZGradientFlowParams } from '@recurrence/contracts';
import * as current from '@recurrence/lab';
import { labAtRef } from './lab-at-ref';
import { loadAverage } from './torch_peer';

type Lab = typeof current;
const ref = process.argv[2] ?? 'origin/main';
const rounds = Number(process.argv[3] ?? 7);
const stepsPerRound = Number(process.argv[4] ?? 3);

const { sha, load } = labAtRef(ref);
const baseline = await load<Lab>('index.ts');

// The backend the lab trains the default Transformer on (wasm, also when the native backend is installed).
const { small: backend } = await current.ensureBackend();
const p = ZGradientFlowParams.parse({});
const task = { classes: p.classes, noiseTokens: p.noiseTokens };

function trainer(lab: Lab) {
  const cfg = current.gradientFlowConfig('transformer', p);
  const params = lab.initClassifier(cfg, new lab.Rng(0).fork('init:transformer'));
  const sinusoidal = tf.tensor2d(lab.sinusoidalTable(p.seqLen, p.hidden), [p.seqLen, p.hidden]);
  const adam = new lab.Adam({ learningRate: p.learningRate });
  const data = new lab.Rng(0).fork('train');
  return () => {
    const batch = lab.longRangeBatch(task, data, p.seqLen, p.batchSize);
    const r = lab.classifierStep(cfg, params, batch, { withGrads: true, sinusoidal });
    adam.step(params, r.grads!);
    for (const g of Object.values(r.grads!)) g.dispose();
    return r.loss;
  };
}

const variants = [
  { name: `baseline ${ref} (${sha.slice(0, 9)})`, step: trainer(baseline), wall: [] as number[], cpu: [] as number[], kernels: 0, firstLoss: 0 },
  { name: 'this checkout', step: trainer(current), wall: [] as number[], cpu: [] as number[], kernels: 0, firstLoss: 0 },
];
for (const v of variants) v.firstLoss = v.step();
for (const v of variants) v.step(); // warm-up
const loads: string[] = [];
for (let r = 0; r < rounds; r++) {
  loads.push(loadAverage());
  for (const v of variants) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let s = 0; s < stepsPerRound; s++) v.step();
    const c = process.cpuUsage(c0);
    v.wall.push((performance.now() - t0) / stepsPerRound);
    v.cpu.push((c.user + c.system) / 1000 / stepsPerRound);
  }
}
for (const v of variants) v.kernels = (await tf.profile(() => void v.step())).kernels.length;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
console.log(`Transformer training step (${backend}), default gradient-flow sizes; ${rounds} rounds × ${stepsPerRound} steps, A B A B …`);
console.log(`  load average (1, 5, 15 min) at each round: ${loads.join(' | ')}`);
for (const v of variants) {
  console.log(`  ${v.name.padEnd(40)} wall ${median(v.wall).toFixed(1).padStart(7)} ms/step   CPU ${median(v.cpu).toFixed(1).padStart(7)} ms/step   ${v.kernels} kernels/step   first loss ${v.firstLoss}`);
}
const [a, b] = variants as [(typeof variants)[0], (typeof variants)[0]];
console.log(`  new/baseline: wall ${(median(b.wall) / median(a.wall)).toFixed(2)}, CPU ${(median(b.cpu) / median(a.cpu)).toFixed(2)}, kernels ${(b.kernels / a.kernels).toFixed(2)}`);
console.log(`  per-round CPU ratios: ${a.cpu.map((x, i) => (b.cpu[i]! / x).toFixed(2)).join(' ')}`);
