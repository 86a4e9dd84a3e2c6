/**
 * Plain-JS float64 reference implementations of the classifier models, written directly from the equations
 * in README.md with no tfjs and no tricks (tanh is Math.tanh, gates are computed one by one). Used by the
 * tests: central finite differences of these give float64 "ground truth" gradients for the tfjs models.
 */
import type { Architecture, ClassifierConfig } from './classifier';
import { LN_EPSILON, type TransformerConfig } from './transformer';

export type RefParams = Record<string, { shape: number[]; data: Float64Array }>;

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

/** out[m×n] = a[m×k]·b[k×n] */
function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const v = a[i * k + p]!;
      if (v === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j]! += v * b[p * n + j]!;
    }
  }
  return out;
}

function get(p: RefParams, name: string): Float64Array {
  const t = p[name];
  if (!t) throw new Error(`missing ${name}`);
  return t.data;
}

/**
 * Last hidden state [B·H] of a recurrent body over x (time-major [T·B·E]). `probe` ([T·B·H]) is added to
 * each h_t right after it is computed (so ∂L/∂probe_t = total ∂L/∂h_t).
 */
export function refRecurrent(
  kind: 'rnn' | 'lstm' | 'gru',
  p: RefParams,
  x: Float64Array,
  T: number,
  B: number,
  E: number,
  H: number,
  probe?: Float64Array,
): Float64Array {
  const wx = get(p, 'wx');
  const wh = get(p, 'wh');
  const b = get(p, 'b');
  const G = kind === 'rnn' ? 1 : kind === 'lstm' ? 4 : 3;
  let h: Float64Array = new Float64Array(B * H);
  let c: Float64Array = new Float64Array(B * H);
  for (let t = 0; t < T; t++) {
    const xt = x.subarray(t * B * E, (t + 1) * B * E);
    const xp = matmul(xt, wx, B, E, G * H);
    const hp = matmul(h, wh, B, H, G * H);
    const next = new Float64Array(B * H);
    const nextC = new Float64Array(B * H);
    for (let i = 0; i < B; i++) {
      for (let j = 0; j < H; j++) {
        const at = (g: number) => i * G * H + g * H + j;
        const k = i * H + j;
        if (kind === 'rnn') {
          next[k] = Math.tanh(xp[at(0)]! + b[j]! + hp[at(0)]!);
        } else if (kind === 'lstm') {
          const gi = sigmoid(xp[at(0)]! + b[j]! + hp[at(0)]!);
          const gf = sigmoid(xp[at(1)]! + b[H + j]! + hp[at(1)]!);
          const gg = Math.tanh(xp[at(2)]! + b[2 * H + j]! + hp[at(2)]!);
          const go = sigmoid(xp[at(3)]! + b[3 * H + j]! + hp[at(3)]!);
          nextC[k] = gf * c[k]! + gi * gg;
          next[k] = go * Math.tanh(nextC[k]!);
        } else {
          const bh = get(p, 'bh');
          const r = sigmoid(xp[at(0)]! + b[j]! + hp[at(0)]! + bh[j]!);
          const z = sigmoid(xp[at(1)]! + b[H + j]! + hp[at(1)]! + bh[H + j]!);
          const n = Math.tanh(xp[at(2)]! + b[2 * H + j]! + r * (hp[at(2)]! + bh[2 * H + j]!));
          next[k] = (1 - z) * n + z * h[k]!;
        }
        if (probe) next[k]! += probe[t * B * H + k]!;
      }
    }
    h = next;
    c = nextC;
  }
  return h;
}

function refLayerNorm(u: Float64Array, N: number, d: number, g: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(N * d);
  for (let i = 0; i < N; i++) {
    let mean = 0;
    for (let j = 0; j < d; j++) mean += u[i * d + j]!;
    mean /= d;
    let v = 0;
    for (let j = 0; j < d; j++) v += (u[i * d + j]! - mean) ** 2;
    v /= d;
    const inv = 1 / Math.sqrt(v + LN_EPSILON);
    for (let j = 0; j < d; j++) out[i * d + j] = (u[i * d + j]! - mean) * inv * g[j]! + b[j]!;
  }
  return out;
}

function addBias(u: Float64Array, b: Float64Array): Float64Array {
  const n = b.length;
  const out = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) out[i] = u[i]! + b[i % n]!;
  return out;
}

function addInto(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + b[i]!;
  return out;
}

/** Self-attention over u [B·T·d] (batch-major); returns [B·T·d] and the probabilities [B][h][T][T]. */
export function refAttention(
  p: RefParams,
  prefix: string,
  u: Float64Array,
  B: number,
  T: number,
  d: number,
  heads: number,
): { out: Float64Array; probs: Float64Array } {
  const lin = (w: string) => addBias(matmul(u, get(p, `${prefix}w${w}`), B * T, d, d), get(p, `${prefix}b${w}`));
  const q = lin('q');
  const k = lin('k');
  const v = lin('v');
  const dh = d / heads;
  const ctx = new Float64Array(B * T * d);
  const probs = new Float64Array(B * heads * T * T);
  for (let b = 0; b < B; b++) {
    for (let hd = 0; hd < heads; hd++) {
      for (let i = 0; i < T; i++) {
        const scores = new Float64Array(T);
        let max = -Infinity;
        for (let j = 0; j < T; j++) {
          let s = 0;
          for (let c = 0; c < dh; c++) s += q[(b * T + i) * d + hd * dh + c]! * k[(b * T + j) * d + hd * dh + c]!;
          scores[j] = s / Math.sqrt(dh);
          max = Math.max(max, scores[j]!);
        }
        let z = 0;
        for (let j = 0; j < T; j++) z += Math.exp(scores[j]! - max);
        for (let j = 0; j < T; j++) {
          const a = Math.exp(scores[j]! - max) / z;
          probs[((b * heads + hd) * T + i) * T + j] = a;
          for (let c = 0; c < dh; c++) ctx[(b * T + i) * d + hd * dh + c]! += a * v[(b * T + j) * d + hd * dh + c]!;
        }
      }
    }
  }
  return { out: addBias(matmul(ctx, get(p, `${prefix}wo`), B * T, d, d), get(p, `${prefix}bo`)), probs };
}

/** Encoder output [B·T·d] for x [B·T·d] (batch-major), same equations as transformerEncode. */
export function refTransformer(p: RefParams, cfg: TransformerConfig, x: Float64Array, B: number, T: number): Float64Array {
  const d = cfg.dModel;
  let u: Float64Array = new Float64Array(x);
  if (cfg.positions !== 'none') {
    const pos = cfg.positions === 'learned' ? get(p, 'positions') : null;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        for (let j = 0; j < d; j++) {
          let e: number;
          if (pos) e = pos[t * d + j]!;
          else {
            const angle = t / Math.pow(10000, (j - (j % 2)) / d);
            e = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
          }
          u[(b * T + t) * d + j]! += e;
        }
      }
    }
  }
  const N = B * T;
  for (let l = 0; l < cfg.layers; l++) {
    const g = (n: string) => get(p, `l${l}.${n}`);
    const mha = (v: Float64Array) => refAttention(p, `l${l}.`, v, B, T, d, cfg.heads).out;
    const ffn = (v: Float64Array) => {
      const hidden = addBias(matmul(v, g('w1'), N, d, cfg.ffn), g('b1')).map((a) => Math.max(0, a));
      return addBias(matmul(hidden, g('w2'), N, cfg.ffn, d), g('b2'));
    };
    if (cfg.norm === 'pre') {
      const a = addInto(u, mha(refLayerNorm(u, N, d, g('ln1.g'), g('ln1.b'))));
      u = addInto(a, ffn(refLayerNorm(a, N, d, g('ln2.g'), g('ln2.b'))));
    } else {
      const a = refLayerNorm(addInto(u, mha(u)), N, d, g('ln1.g'), g('ln1.b'));
      u = refLayerNorm(addInto(a, ffn(a)), N, d, g('ln2.g'), g('ln2.b'));
    }
  }
  if (cfg.norm === 'pre') u = refLayerNorm(u, N, d, get(p, 'lnf.g'), get(p, 'lnf.b'));
  return u;
}

/**
 * Mean cross-entropy of the classifier, given x = the embedded tokens (rows in the body's order: time-major
 * for recurrent bodies, batch-major for the transformer).
 */
export function refClassifierLoss(
  cfg: ClassifierConfig,
  p: RefParams,
  x: Float64Array,
  T: number,
  B: number,
  targets: ArrayLike<number>,
  probe?: Float64Array,
): number {
  const d = cfg.hidden;
  let features: Float64Array;
  const arch: Architecture = cfg.architecture;
  if (arch === 'transformer') {
    const out = refTransformer(p, { ...cfg.transformer!, dModel: d }, x, B, T);
    features = new Float64Array(B * d);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) for (let j = 0; j < d; j++) features[b * d + j]! += out[(b * T + t) * d + j]! / T;
    }
  } else {
    features = refRecurrent(arch, p, x, T, B, d, d, probe);
  }
  const C = cfg.classes;
  const logits = addBias(matmul(features, get(p, 'readout.w'), B, d, C), get(p, 'readout.b'));
  let loss = 0;
  for (let b = 0; b < B; b++) {
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, logits[b * C + c]!);
    let z = 0;
    for (let c = 0; c < C; c++) z += Math.exp(logits[b * C + c]! - max);
    loss -= logits[b * C + targets[b]!]! - max - Math.log(z);
  }
  return loss / B;
}

/** Central differences of f at every entry of `values` (modified in place and restored). */
export function finiteDifferences(values: Float64Array, f: () => number, eps = 1e-6): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    values[i] = v + eps;
    const up = f();
    values[i] = v - eps;
    const down = f();
    values[i] = v;
    out[i] = (up - down) / (2 * eps);
  }
  return out;
}
