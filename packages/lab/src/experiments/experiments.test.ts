import { ZLabExport, ZLabResult, type TExperimentId, type TLabResult } from '@recurrence/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../backend';
import { isLabCancelledError, LabCancelledError } from '../errors';
import { refClassifierLoss, finiteDifferences, type RefParams } from '../models/reference';
import { positionNorms, type ClassifierConfig } from '../models/classifier';
import { experiments, runExperiment, runExperimentWithExport } from './registry';

/** Small parameter sets so the whole file runs in seconds. */
const SMALL: Record<TExperimentId, Record<string, unknown>> = {
  'gradient-flow': { architectures: ['rnn', 'lstm', 'gru', 'transformer'], seqLen: 12, steps: 3, batchSize: 4, hidden: 8, heads: 2, layers: 1 },
  'attention-cost': { minSeqLen: 16, maxSeqLen: 64, dModel: 8, repeats: 1 },
  'positional-encoding': { dModel: 8, heads: 2, heatmapPositions: 16 },
  'layernorm-depth': { depth: 3, dModel: 8, heads: 2, seqLen: 6, batchSize: 2, steps: 2 },
  'attention-weights': { steps: 5, batchSize: 8, dModel: 8, sentenceLength: 5, examples: 2 },
  'lstm-gates': { seqLen: 6, hidden: 4, steps: 3, batchSize: 4 },
};

function withoutTimings(r: TLabResult): unknown {
  const { timings: _timings, ...rest } = r;
  return rest;
}

beforeAll(async () => {
  await ensureBackend();
});

describe('every experiment', () => {
  for (const id of Object.keys(experiments) as TExperimentId[]) {
    it(`${id}: returns a schema-valid result with the common fields, reporting progress`, async () => {
      const progress: number[] = [];
      const result = await runExperiment({ experiment: id, params: SMALL[id], seed: 3 }, { onProgress: (f) => progress.push(f) });
      expect(ZLabResult.parse(result)).toBeTruthy();
      expect(result).toMatchObject({ experiment: id, seed: 3, backend: 'wasm', codeVersion: expect.any(String) });
      expect(result.timings.totalMs).toBeGreaterThan(0);
      expect(result.summary.lines.length).toBeGreaterThan(0);
      expect(progress[0]).toBe(0);
      expect(progress[progress.length - 1]).toBe(1);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    });
  }
});

describe('determinism', () => {
  it('same seed → identical result (apart from timings); another seed → different numbers', async () => {
    const request = { experiment: 'gradient-flow', params: SMALL['gradient-flow'], seed: 11 };
    const a = await runExperiment(request);
    const b = await runExperiment(request);
    expect(withoutTimings(b)).toEqual(withoutTimings(a));
    const c = await runExperiment({ ...request, seed: 12 });
    expect(withoutTimings(c)).not.toEqual(withoutTimings(a));
  });

  it('is deterministic for the other trained experiments too', async () => {
    for (const id of ['layernorm-depth', 'attention-weights', 'lstm-gates'] as const) {
      const a = await runExperiment({ experiment: id, params: SMALL[id], seed: 5 });
      const b = await runExperiment({ experiment: id, params: SMALL[id], seed: 5 });
      expect(withoutTimings(b), id).toEqual(withoutTimings(a));
    }
  });
});

describe('cancellation', () => {
  it('rejects with LabCancelledError when the signal aborts mid-run', async () => {
    const controller = new AbortController();
    let ticks = 0;
    const run = runExperiment(
      { experiment: 'gradient-flow', params: { ...SMALL['gradient-flow'], steps: 200 } },
      {
        signal: controller.signal,
        onProgress: () => {
          if (++ticks === 5) setImmediate(() => controller.abort());
        },
      },
    );
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabCancelledError);
    expect(isLabCancelledError(error)).toBe(true);
  });

  it('experiments[id].run validates params itself and names the field', async () => {
    await expect(experiments['lstm-gates'].run({ seqLen: 1 })).rejects.toMatchObject({ issues: [{ path: 'params.seqLen' }] });
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(runExperiment({ experiment: 'lstm-gates', params: SMALL['lstm-gates'] }, { signal: controller.signal })).rejects.toBeInstanceOf(
      LabCancelledError,
    );
  });
});

describe('gradient-flow', () => {
  it('at initialisation the gradient reaching the first token vanishes for the RNN but not for the Transformer', async () => {
    const result = await runExperiment({
      experiment: 'gradient-flow',
      params: { architectures: ['rnn', 'transformer'], seqLen: 40, steps: 1, batchSize: 8, hidden: 16, heads: 2, layers: 1 },
    });
    if (result.experiment !== 'gradient-flow') throw new Error('wrong experiment');
    const [rnn, transformer] = result.architectures;
    expect(rnn!.atInit.firstToLastRatio!).toBeLessThan(1e-3);
    expect(transformer!.atInit.firstToLastRatio!).toBeGreaterThan(0.1);
    expect(rnn!.atInit.hiddenGradNorm).toHaveLength(40);
    expect(transformer!.atInit.hiddenGradNorm).toBeNull();
    // Reference curve γ^(T-1-t): 1 at the last position.
    expect(result.reference.curve[39]).toBe(1);
    expect(result.reference.curve[0]).toBeCloseTo(0.9 ** 39, 8);
  });
});

describe('positional-encoding', () => {
  it('pooled outputs are identical without positions (≤ 1e-6) and differ with them', async () => {
    const result = await runExperiment({ experiment: 'positional-encoding', params: {} });
    if (result.experiment !== 'positional-encoding') throw new Error('wrong experiment');
    const byMode = Object.fromEntries(result.modes.map((m) => [m.positions, m]));
    expect(byMode.none!.maxAbsDiff).toBeLessThanOrEqual(1e-6);
    expect(byMode.none!.identical).toBe(true);
    expect(byMode.sinusoidal!.maxAbsDiff).toBeGreaterThan(1e-3);
    expect(byMode.learned!.maxAbsDiff).toBeGreaterThan(1e-3);
    // Sinusoidal codes: cos(PE(0), PE(0)) = 1 and similarity falls off with distance at first.
    expect(result.sinusoidal.cosine[0]).toBeCloseTo(1, 6);
    expect(result.sinusoidal.cosine[1]!).toBeGreaterThan(result.sinusoidal.cosine[4]!);
  });
});

describe('attention-weights', () => {
  it('with a causal mask no word attends to a later one (weights exactly 0), and without it they do', async () => {
    const masked = await runExperiment({ experiment: 'attention-weights', params: { ...SMALL['attention-weights'], mask: 'causal' }, seed: 2 });
    const open = await runExperiment({ experiment: 'attention-weights', params: SMALL['attention-weights'], seed: 2 });
    if (masked.experiment !== 'attention-weights' || open.experiment !== 'attention-weights') throw new Error('wrong experiment');
    expect(masked.maxWeightOnMaskedKeys).toBe(0);
    expect(open.maxWeightOnMaskedKeys).toBeNull();
    for (const ex of masked.examples) {
      for (const head of ex.attention) {
        head.forEach((row, i) => {
          expect(row.slice(i + 1).every((w) => w === 0), `row ${i}`).toBe(true);
          expect(row.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 3);
        });
      }
    }
    // The first word can only attend to itself.
    expect(masked.examples[0]!.attention[0]![0]![0]).toBeCloseTo(1, 6);
    expect(open.examples[0]!.attention[0]![0]!.slice(1).some((w) => w > 0)).toBe(true);
    expect(masked.summary.lines.at(-1)).toMatch(/Causal mask: .* is 0\.$/);
  });
});

describe('attention-cost', () => {
  it('memory grows ~n² for self-attention and ~n for the LSTM', async () => {
    // A narrow model so the n² scores dominate early; the slope is fitted on the longer half of n.
    const result = await runExperiment({
      experiment: 'attention-cost',
      params: { minSeqLen: 128, maxSeqLen: 1024, dModel: 16, heads: 1, batchSize: 1, repeats: 1 },
    });
    if (result.experiment !== 'attention-cost') throw new Error('wrong experiment');
    expect(result.slopes.attention.memoryTail).toBeGreaterThan(1.8);
    expect(result.slopes.attention.memoryTail).toBeLessThan(2.2);
    expect(result.slopes.lstm.memoryTail).toBeGreaterThan(0.9);
    expect(result.slopes.lstm.memoryTail).toBeLessThan(1.1);
    expect(result.rows.map((r) => r.lstm.sequentialSteps)).toEqual([128, 256, 512, 1024]);
    expect(result.rows.every((r) => r.attention.sequentialSteps === 1)).toBe(true);
  });
});

describe('export', () => {
  it('gradient-flow export re-checks: recomputing the reported ‖∂L/∂x_t‖ from its weights in float64 agrees', async () => {
    const { result, exported } = await runExperimentWithExport({ experiment: 'gradient-flow', params: SMALL['gradient-flow'], seed: 2 });
    ZLabExport.parse(exported);
    expect(exported.result).toEqual(result);
    expect(exported.models.map((m) => m.architecture)).toEqual(['rnn', 'lstm', 'gru', 'transformer']);
    for (const model of exported.models) {
      const cfg = model.hyperParameters as unknown as ClassifierConfig;
      const T = model.inputs.length;
      const B = model.targets.length;
      const d = cfg.hidden;
      for (const [weights, reported] of [
        [model.initialWeights, model.reported.atInit],
        [model.finalWeights, model.reported.atEnd],
      ] as const) {
        const ref: RefParams = {};
        for (const [name, t] of Object.entries(weights)) ref[name] = { shape: t.shape, data: Float64Array.from(t.data) };
        const batchMajor = cfg.architecture === 'transformer';
        const x = new Float64Array(T * B * d);
        for (let t = 0; t < T; t++) {
          for (let b = 0; b < B; b++) {
            const row = batchMajor ? b * T + t : t * B + b;
            for (let j = 0; j < d; j++) x[row * d + j] = ref.embedding!.data[model.inputs[t]![b]! * d + j]!;
          }
        }
        const loss = () => refClassifierLoss(cfg, ref, x, T, B, model.targets);
        expect(loss()).toBeCloseTo(reported.loss!, 4);
        const norms = positionNorms(finiteDifferences(x, loss), T, B, d, batchMajor);
        norms.forEach((n, t) => {
          const r = reported.inputGradNorm[t]!;
          expect(Math.abs(n - r), `${model.name} t=${t}`).toBeLessThanOrEqual(1e-3 * Math.max(...norms) + 1e-7);
        });
      }
    }
  });
});
