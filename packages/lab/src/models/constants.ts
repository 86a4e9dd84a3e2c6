import * as tf from '@tensorflow/tfjs-core';

/**
 * Cached constant tensors (ones columns and rows used to express sums as matMuls). Re-using the same
 * tensor also lets the wasm backend re-use its packed XNNPACK operator, which is keyed by the weight
 * tensor's id. The cache is bounded; entries are kept out of tf.tidy scopes and live for the process.
 */
const cache = new Map<string, tf.Tensor2D>();
const MAX_ENTRIES = 64;

export function constantMatrix(rows: number, cols: number, value: number): tf.Tensor2D {
  const key = `${rows}x${cols}:${value}:${tf.getBackend()}`;
  let t = cache.get(key);
  if (t && !t.isDisposed) return t;
  if (cache.size >= MAX_ENTRIES) {
    const [oldest] = cache.keys();
    cache.get(oldest!)?.dispose();
    cache.delete(oldest!);
  }
  t = tf.keep(tf.fill([rows, cols], value) as tf.Tensor2D);
  cache.set(key, t);
  return t;
}

/** Sum over the rows of [N, d] → [d], as transpose + matMul with a cached ones column. */
export function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  const [n, d] = x.shape;
  return tf.reshape(tf.matMul(tf.transpose(x), constantMatrix(n, 1, 1)), [d]);
}

/** Mean over the last axis of [N, d] → [N, 1], as a matMul with a cached 1/d column. */
export function rowMeans(x: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(x, constantMatrix(x.shape[1], 1, 1 / x.shape[1]));
}
