import * as tf from '@tensorflow/tfjs-core';
import { LAB_PARAMS_SCHEMAS, type TExperimentId } from '@recurrence/contracts';
import { describe, expect, it } from 'vitest';
import { BACKEND_CROSSOVER, backendForRun, backendWork, nativeIsFaster, runModels } from './backend-choice';
import { runExperiment } from './experiments/registry';
import { skippedLabel, testBackends } from './test-backends';

const both = { small: 'wasm', large: 'tensorflow' } as const;
const backendOf = (experiment: TExperimentId, params: Record<string, unknown> = {}) =>
  backendForRun(both, runModels(experiment, LAB_PARAMS_SCHEMAS[experiment].parse(params)));

describe('backend by run size', () => {
  it('keeps the default-sized runs on wasm (every worked answer the cards quote)', () => {
    for (const experiment of Object.keys(LAB_PARAMS_SCHEMAS) as TExperimentId[]) expect(backendOf(experiment), experiment).toBe('wasm');
    expect(backendOf('gradient-flow', { architectures: ['rnn', 'lstm', 'gru'], seqLen: 101 })).toBe('wasm');
  });

  it('trains runs past the measured crossover on the native backend, and only when every model is past it', () => {
    expect(backendOf('gradient-flow', { architectures: ['lstm'], hidden: 128, batchSize: 64, steps: 10 })).toBe('tensorflow');
    expect(backendOf('gradient-flow', { architectures: ['transformer'], hidden: 128, seqLen: 200, steps: 10 })).toBe('tensorflow');
    expect(backendOf('gradient-flow', { architectures: ['rnn', 'lstm', 'transformer'], hidden: 128, seqLen: 200, batchSize: 64, steps: 2 })).toBe('tensorflow');
    // The same sizes with the RNN at width 64: its ops are too small for the native backend, so the run stays on wasm.
    expect(backendOf('gradient-flow', { architectures: ['rnn', 'transformer'], hidden: 64, seqLen: 200, batchSize: 64, steps: 2 })).toBe('wasm');
    expect(backendOf('lstm-gates', { hidden: 64, batchSize: 64, steps: 10 })).toBe('tensorflow');
    expect(backendOf('layernorm-depth', { dModel: 128, seqLen: 128, batchSize: 32, steps: 0, depth: 2 })).toBe('tensorflow');
    expect(backendOf('attention-cost', { dModel: 128, batchSize: 4, maxSeqLen: 512 })).toBe('wasm');
  });

  it('measures work per op: the sequence length counts for the Transformer, not for the recurrent cells', () => {
    const size = { hidden: 64, seqLen: 100, batchSize: 32 };
    expect(backendWork('lstm', { ...size, seqLen: 1000 })).toBe(backendWork('lstm', size));
    expect(backendWork('lstm', size)).toBe(4 * backendWork('rnn', size));
    expect(backendWork('transformer', { ...size, seqLen: 200 })).toBeGreaterThan(2 * backendWork('transformer', size));
    expect(nativeIsFaster([{ architecture: 'rnn', size: { hidden: 125, seqLen: 10, batchSize: 64 } }])).toBe(125 * 125 * 64 >= BACKEND_CROSSOVER.recurrent);
    expect(nativeIsFaster([])).toBe(false);
  });

  it('uses one backend for every run when there is only one (wasm only, a GPU, or a pinned backend)', () => {
    const large = runModels('gradient-flow', LAB_PARAMS_SCHEMAS['gradient-flow'].parse({ architectures: ['lstm'], hidden: 128, batchSize: 64, steps: 10 }));
    expect(backendForRun({ small: 'wasm', large: 'wasm' }, large)).toBe('wasm');
    expect(backendForRun({ small: 'tensorflow-gpu', large: 'tensorflow-gpu' }, [])).toBe('tensorflow-gpu');
  });
});

const { nativeSkipped } = await testBackends();

describe.skipIf(nativeSkipped !== null)('with tfjs-node installed', () => {
  it('a run records the backend that trained it: tensorflow past the crossover, wasm below it', async () => {
    const seen: string[] = [];
    const onProgress = () => void seen.push(tf.getBackend());
    const large = await runExperiment({ experiment: 'gradient-flow', params: { architectures: ['lstm'], hidden: 128, batchSize: 64, seqLen: 10, steps: 2 }, seed: 1 }, { onProgress });
    expect(large.backend).toBe('tensorflow');
    expect(new Set(seen)).toEqual(new Set(['tensorflow']));
    seen.length = 0;
    const small = await runExperiment({ experiment: 'gradient-flow', params: { architectures: ['lstm'], hidden: 16, batchSize: 8, seqLen: 10, steps: 2 }, seed: 1 }, { onProgress });
    expect(small.backend).toBe('wasm');
    expect(new Set(seen)).toEqual(new Set(['wasm']));
  });
});

if (nativeSkipped) describe.skip(skippedLabel(nativeSkipped), () => it('a run records the backend that trained it', () => {}));
