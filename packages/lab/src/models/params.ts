import * as tf from '@tensorflow/tfjs-core';

/** A model's parameters by name (names are part of the export format; see README). */
export type ParamMap = Record<string, tf.Tensor>;

export interface SerializedTensor {
  shape: number[];
  data: number[];
}

export function serializeParams(params: ParamMap): Record<string, SerializedTensor> {
  const out: Record<string, SerializedTensor> = {};
  for (const [name, t] of Object.entries(params)) out[name] = serializeTensor(t);
  return out;
}

export function serializeTensor(t: tf.Tensor): SerializedTensor {
  return { shape: [...t.shape], data: Array.from(t.dataSync()) };
}

export function cloneParams(params: ParamMap): ParamMap {
  const out: ParamMap = {};
  for (const [name, t] of Object.entries(params)) out[name] = tf.clone(t);
  return out;
}

export function disposeParams(params: ParamMap): void {
  for (const t of Object.values(params)) t.dispose();
}

export function countParams(params: ParamMap): number {
  return Object.values(params).reduce((n, t) => n + t.size, 0);
}

/** Frobenius norm, computed in float64 in JS. */
export function frobeniusNorm(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! * values[i]!;
  return Math.sqrt(s);
}
