import type { ParamMap } from './models/params';

/** Float32 → the shortest decimal that round-trips through float32 (≤ 9 significant digits). */
export function float32ToJson(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const f = Math.fround(x);
  for (let digits = 6; digits < 9; digits++) {
    const candidate = Number(f.toPrecision(digits));
    if (Math.fround(candidate) === f) return candidate;
  }
  return Number(f.toPrecision(9));
}

export function exportWeights(params: ParamMap): Record<string, { shape: number[]; data: number[] }> {
  const out: Record<string, { shape: number[]; data: number[] }> = {};
  for (const name of Object.keys(params).sort()) {
    const t = params[name]!;
    out[name] = { shape: [...t.shape], data: Array.from(t.dataSync(), float32ToJson) };
  }
  return out;
}
