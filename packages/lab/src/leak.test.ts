import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { ensureBackend } from './backend';
import { runExperiment, runExperimentWithExport } from './experiments/registry';

beforeAll(async () => {
  await ensureBackend();
});

it('experiments release every tensor they create (runs in a long-lived worker)', async () => {
  const requests = [
    { experiment: 'gradient-flow', params: { architectures: ['rnn', 'lstm', 'gru', 'transformer'], seqLen: 10, steps: 2, batchSize: 2, hidden: 8, heads: 2, layers: 1 } },
    { experiment: 'attention-cost', params: { minSeqLen: 16, maxSeqLen: 32, dModel: 8, repeats: 1 } },
    { experiment: 'positional-encoding', params: { dModel: 8 } },
    { experiment: 'layernorm-depth', params: { depth: 2, dModel: 8, seqLen: 4, batchSize: 2, steps: 1 } },
    { experiment: 'attention-weights', params: { steps: 2, batchSize: 4, dModel: 8, sentenceLength: 4, examples: 1 } },
    { experiment: 'lstm-gates', params: { seqLen: 5, hidden: 4, steps: 2, batchSize: 2 } },
  ];
  // Warm-up: the first run of each fills the small cache of constant tensors (constants.ts).
  for (const r of requests) await runExperiment(r);
  const before = tf.memory().numTensors;
  for (const r of requests) await runExperiment(r);
  await runExperimentWithExport(requests[0]);
  expect(tf.memory().numTensors).toBe(before);

  // A cancelled run cleans up too.
  const controller = new AbortController();
  let ticks = 0;
  await runExperiment(
    { ...requests[0], params: { ...requests[0]!.params, steps: 300 } },
    { signal: controller.signal, onProgress: () => ++ticks === 40 && controller.abort() },
  ).catch(() => undefined);
  expect(controller.signal.aborted).toBe(true);
  expect(tf.memory().numTensors).toBe(before);
});
