/**
 * Not a benchmark: checks that this checkout's models (Transformer, RNN, LSTM, GRU) compute bit for bit what the code
 * at a git ref computes, so a speed change cannot move a figure the cards quote. For each configuration below it
 * trains a few Adam steps with both versions from the same initial parameters and batches, and compares (as float32
 * bit patterns) the loss, every gradient, ∂L/∂x and every parameter after each step; it also differentiates
 * multi-head attention alone (with and without the causal mask, with the attention probabilities kept) and each
 * recurrent layer alone with a gradient probe (the per-step ∂L/∂h_t of the gradient-flow profiles), and compares
 * outputs and gradients. Prints one line per configuration and exits 1 on the first difference.
 *
 *   npx tsx bench/lab/lab-bitwise.ts [ref=origin/main] [steps=3]
 *
 * The baseline is a detached git worktree of the ref under node_modules/.cache, as in transformer-step.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as current from '@recurrence/lab';
import { labAtRef } from './lab-at-ref';

type Lab = typeof current;
type TransformerModule = Pick<Lab, 'multiHeadAttention'>;
type RecurrentModule = Pick<Lab, 'recurrentLastHidden'>;
const ref = process.argv[2] ?? 'origin/main';
const steps = Number(process.argv[3] ?? 3);

const { sha, load } = labAtRef(ref);
const baseline = await load<Lab>('index.ts');
const baselineTransformer = await load<TransformerModule>('models/transformer.ts');
const baselineRecurrent = await load<RecurrentModule>('models/recurrent.ts');

const backend = await current.selectBackend();

/** Index of the first element whose float32 bits differ, or −1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return i;
  return -1;
}

let failures = 0;
function compare(what: string, a: Float32Array, b: Float32Array): void {
  const i = firstDifference(a, b);
  if (i >= 0) {
    failures++;
    console.log(`  DIFFERENT ${what}: element ${i} of ${a.length}: baseline ${a[i]} vs this checkout ${b[i]}`);
  }
}

interface Config {
  name: string;
  cfg: current.ClassifierConfig;
  T: number;
  B: number;
}

const transformerCase = (name: string, hidden: number, T: number, B: number, t: NonNullable<current.ClassifierConfig['transformer']>): Config => ({
  name,
  T,
  B,
  cfg: { architecture: 'transformer', vocab: 12, hidden, classes: 4, transformer: t },
});

const configs: Config[] = [
  // The default gradient-flow Transformer.
  transformerCase('default: Pre-LN, sinusoidal, d 64, 4 heads, 2 layers, T 100, B 32', 64, 100, 32, {
    heads: 4, layers: 2, ffn: 128, positions: 'sinusoidal', norm: 'pre', maxLen: 100,
  }),
  // 1/√8 is not a power of two: the scaling of Q and dQ rounds.
  transformerCase('Post-LN, learned positions, d 24, 3 heads, 3 layers, T 37, B 5', 24, 37, 5, {
    heads: 3, layers: 3, ffn: 48, positions: 'learned', norm: 'post', maxLen: 40,
  }),
  transformerCase('Pre-LN, no positions, d 32, 1 head, 1 layer, T 101, B 3', 32, 101, 3, {
    heads: 1, layers: 1, ffn: 64, positions: 'none', norm: 'pre', maxLen: 101,
  }),
  // The recurrent models of gradient-flow (its default width and length), and a GRU.
  ...(['rnn', 'lstm', 'gru'] as const).map((architecture) => ({
    name: `${architecture}, hidden 64, T 100, B 32`,
    T: 100,
    B: 32,
    cfg: { architecture, vocab: 12, hidden: 64, classes: 4, forgetBias: 1 },
  })),
];

function trainer(lab: Lab, c: Config) {
  const params = lab.initClassifier(c.cfg, new lab.Rng(7).fork('init'));
  const adam = new lab.Adam({ learningRate: 0.01 });
  const data = new lab.Rng(7).fork('train');
  const tokens = () => {
    const t = new Int32Array(c.T * c.B);
    for (let i = 0; i < t.length; i++) t[i] = data.int(c.cfg.vocab);
    const targets = new Int32Array(c.B);
    for (let b = 0; b < c.B; b++) targets[b] = data.int(c.cfg.classes);
    return { T: c.T, B: c.B, tokens: t, targets };
  };
  return () => {
    const r = lab.classifierStep(c.cfg, params, tokens(), { withGrads: true, keepRawGrads: true });
    const grads = Object.fromEntries(Object.entries(r.grads!).map(([n, g]) => [n, g.dataSync() as Float32Array]));
    const dX = r.rawInputGrad!.dataSync() as Float32Array;
    adam.step(params, r.grads!);
    for (const g of Object.values(r.grads!)) g.dispose();
    r.rawInputGrad!.dispose();
    const after = Object.fromEntries(Object.entries(params).map(([n, p]) => [n, p.dataSync() as Float32Array]));
    return { loss: new Float32Array([r.loss]), grads, dX, after };
  };
}

for (const c of configs) {
  const before = failures;
  const a = trainer(baseline, c);
  const b = trainer(current, c);
  for (let s = 0; s < steps; s++) {
    const ra = a();
    const rb = b();
    compare(`${c.name}: step ${s} loss`, ra.loss, rb.loss);
    compare(`${c.name}: step ${s} ∂L/∂x`, ra.dX, rb.dX);
    for (const n of Object.keys(ra.grads)) compare(`${c.name}: step ${s} gradient ${n}`, ra.grads[n]!, rb.grads[n] ?? new Float32Array());
    for (const n of Object.keys(ra.after)) compare(`${c.name}: step ${s} parameter ${n}`, ra.after[n]!, rb.after[n] ?? new Float32Array());
  }
  console.log(`${failures === before ? 'identical' : 'DIFFERENT'}  ${c.name} (${steps} steps)`);
}

// Multi-head attention alone, as attention-weights uses it (causal or not, probabilities kept).
for (const causal of [false, true]) {
  const B = 6;
  const T = 23;
  const d = 16;
  const heads = 2;
  const rng = new current.Rng(3);
  const x = tf.tensor2d(rng.normalArray(B * T * d), [B * T, d]);
  const w = Object.fromEntries(
    ['q', 'k', 'v', 'o'].flatMap((n) => [
      [`w${n}`, tf.tensor2d(rng.glorotUniform(d, d), [d, d])],
      [`b${n}`, tf.tensor1d(rng.normalArray(d))],
    ]),
  ) as unknown as current.AttentionWeights;
  const weight = tf.tensor2d(rng.normalArray(B * T * d), [B * T, d]);
  const run = (m: TransformerModule) => {
    let attention: Float32Array | null = null;
    const names = Object.keys(w) as (keyof current.AttentionWeights)[];
    const { value, grads } = tf.valueAndGrads((...args: tf.Tensor[]) => {
      const ws = Object.fromEntries(names.map((n, i) => [n, args[i + 1]!])) as unknown as current.AttentionWeights;
      const r = m.multiHeadAttention(args[0] as tf.Tensor2D, ws, B, T, heads, { keepAttention: true, causal });
      attention = r.attention;
      return tf.sum(tf.mul(r.out, weight)) as tf.Scalar;
    })([x, ...names.map((n) => w[n])]);
    return { value: value.dataSync() as Float32Array, grads: grads.map((g) => g.dataSync() as Float32Array), attention: attention! as Float32Array };
  };
  const before = failures;
  const ra = run(baselineTransformer);
  const rb = run(current);
  const name = `multi-head attention alone${causal ? ', causal' : ''} (B ${B}, T ${T}, d ${d}, ${heads} heads)`;
  compare(`${name}: value`, ra.value, rb.value);
  compare(`${name}: attention probabilities`, ra.attention, rb.attention);
  ra.grads.forEach((g, i) => compare(`${name}: gradient ${i}`, g, rb.grads[i]!));
  console.log(`${failures === before ? 'identical' : 'DIFFERENT'}  ${name}`);
}

// Each recurrent layer alone, differentiated with respect to everything, with a gradient probe (gradient-flow's
// per-step ∂L/∂h_t), and with respect to its input only (the gradients not asked for are skipped: lazy-grad.ts).
for (const kind of ['rnn', 'lstm', 'gru'] as const) {
  const T = 50;
  const B = 8;
  const E = 10;
  const H = 16;
  const rng = new current.Rng(5);
  const w = current.initRecurrent(kind, rng, E, H, { forgetBias: 1 });
  w.b = tf.tensor1d(rng.normalArray(w.b.shape[0], 0.3));
  if (w.bh) w.bh = tf.tensor1d(rng.normalArray(w.bh.shape[0], 0.3));
  const x = tf.tensor2d(rng.normalArray(T * B * E), [T * B, E]);
  const probe = tf.zeros([T * B, H]) as tf.Tensor2D;
  const inputs = [x, w.wx, w.wh, w.b, ...(w.bh ? [w.bh] : []), probe];
  const layer = (m: RecurrentModule, a: tf.Tensor[], withProbe: boolean) =>
    tf.sum(tf.square(m.recurrentLastHidden(kind, a[0] as tf.Tensor2D, { wx: a[1] as tf.Tensor2D, wh: a[2] as tf.Tensor2D, b: a[3] as tf.Tensor1D, ...(w.bh ? { bh: a[4] as tf.Tensor1D } : {}) }, T, withProbe ? (a.at(-1) as tf.Tensor2D) : undefined))) as tf.Scalar;
  const run = (m: RecurrentModule) => {
    const all = tf.valueAndGrads((...a: tf.Tensor[]) => layer(m, a, true))(inputs);
    const onlyX = tf.grad((input: tf.Tensor) => layer(m, [input, ...inputs.slice(1)], false))(x);
    return { value: all.value.dataSync() as Float32Array, grads: [...all.grads, onlyX].map((g) => g.dataSync() as Float32Array) };
  };
  const before = failures;
  const ra = run(baselineRecurrent);
  const rb = run(current);
  const name = `${kind} layer alone with a gradient probe (B ${B}, T ${T}, E ${E}, H ${H})`;
  compare(`${name}: value`, ra.value, rb.value);
  ra.grads.forEach((g, i) => compare(`${name}: gradient ${i}`, g, rb.grads[i]!));
  console.log(`${failures === before ? 'identical' : 'DIFFERENT'}  ${name}`);
}

console.log(`${backend}: baseline ${ref} (${sha.slice(0, 9)}) against this checkout: ${failures === 0 ? 'bit for bit identical' : `${failures} differences`}`);
process.exit(failures === 0 ? 0 : 1);
