import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TLabResult } from '@recurrence/contracts';
import { ensureBackend } from '../backend';
import { isLabCancelledError } from '../errors';
import { MOST_TRAININGS_PER_RUN, runExperiment, runExperimentWithExport } from '../experiments/registry';
import { TrainerPool, createTrainerPool, type TrainingSpan } from './pool';
import { defaultLabTrainers, parseLabTrainers } from './trainers';

// Each part trains long enough (~1 s or more) that two threads working at once cannot miss each other.
const GRADIENT_FLOW = { architectures: ['lstm', 'transformer'], seqLen: 24, steps: 12, batchSize: 8, hidden: 16, heads: 2, layers: 1 };
const LAYERNORM = { depth: 3, dModel: 16, heads: 2, seqLen: 12, batchSize: 4, steps: 6 };

function withoutTimings(r: TLabResult): unknown {
  const { timings: _timings, ...rest } = r;
  return rest;
}

const overlaps = (a: TrainingSpan, b: TrainingSpan) => a.startedAt < b.endedAt && b.startedAt < a.endedAt;

let spans: TrainingSpan[] = [];
let pool: TrainerPool;

beforeAll(async () => {
  const { small } = await ensureBackend({ candidates: ['wasm'] });
  pool = new TrainerPool({ size: 2, backend: small, onTraining: (span) => spans.push(span) });
});

afterAll(async () => {
  await pool.destroy();
});

describe('a run’s trainings on a pool of 2 worker threads', () => {
  it('gradient-flow: the same result and export, to the bit, as training them one after another; the two trained at once on two threads', async () => {
    const request = { experiment: 'gradient-flow', params: GRADIENT_FLOW, seed: 7 };
    const inOrder = await runExperimentWithExport(request);
    spans = [];
    const progress: number[] = [];
    const pooled = await runExperimentWithExport(request, { trainers: pool, onProgress: (f) => progress.push(f) });
    // toEqual treats -0 and 0 alike and would miss a last-bit difference printed the same: compare the JSON too.
    expect(withoutTimings(pooled.result)).toEqual(withoutTimings(inOrder.result));
    expect(JSON.stringify(pooled.exported.models)).toBe(JSON.stringify(inOrder.exported.models));
    expect(JSON.stringify(withoutTimings(pooled.result))).toBe(JSON.stringify(withoutTimings(inOrder.result)));
    // Timings of both parts reach the run's.
    expect(Object.keys(pooled.result.timings).sort()).toEqual(Object.keys(inOrder.result.timings).sort());

    expect(spans.map((s) => s.part).sort()).toEqual([0, 1]);
    const [a, b] = spans as [TrainingSpan, TrainingSpan];
    expect(a.threadId).not.toBe(b.threadId);
    expect(a.threadId).not.toBe(0);
    expect(overlaps(a, b), JSON.stringify(spans)).toBe(true);

    expect(progress[0]).toBe(0);
    expect(progress[progress.length - 1]).toBe(1);
    expect([...progress].sort((x, y) => x - y)).toEqual(progress);
    // Both parts reported while they ran: the run's progress went past one part's worth before the end.
    expect(progress.some((f) => f > 0.5 && f < 1)).toBe(true);
  });

  it('layernorm-depth: Pre-LN and Post-LN train at once and give the same result as in order', async () => {
    const request = { experiment: 'layernorm-depth', params: LAYERNORM, seed: 2 };
    const inOrder = await runExperiment(request);
    spans = [];
    const pooled = await runExperiment(request, { trainers: pool });
    expect(JSON.stringify(withoutTimings(pooled))).toBe(JSON.stringify(withoutTimings(inOrder)));
    expect(spans).toHaveLength(2);
    expect(overlaps(spans[0]!, spans[1]!)).toBe(true);
  });

  it('a cancelled run stops all its trainings', async () => {
    const controller = new AbortController();
    spans = [];
    const long = { ...GRADIENT_FLOW, steps: 400 };
    let abortedAt = 0;
    const run = runExperiment(
      { experiment: 'gradient-flow', params: long, seed: 1 },
      {
        trainers: pool,
        signal: controller.signal,
        onProgress: (f) => {
          if (f > 0.02 && abortedAt === 0) {
            abortedAt = performance.timeOrigin + performance.now();
            controller.abort();
          }
        },
      },
    );
    const error = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isLabCancelledError(error), String(error)).toBe(true);
    expect(spans).toHaveLength(2);
    // Each part stopped within a few steps of the abort, not after its 400 steps.
    for (const span of spans) expect(span.endedAt - abortedAt).toBeLessThan(3_000);
    // The pool trains the next run as usual.
    const after = await runExperiment({ experiment: 'layernorm-depth', params: LAYERNORM, seed: 2 }, { trainers: pool });
    expect(after.experiment === 'layernorm-depth' && after.placements.length).toBe(2);
  });
});

describe('createTrainerPool', () => {
  it('makes none for 1 trainer or when small runs train on the native backend, and no more threads than a run has trainings', async () => {
    expect(createTrainerPool(1, { small: 'wasm', large: 'wasm' })).toBeUndefined();
    expect(createTrainerPool(8, { small: 'tensorflow', large: 'tensorflow' })).toBeUndefined();
    // gradient-flow with all four architectures is the most a run trains at once.
    expect(MOST_TRAININGS_PER_RUN).toBe(4);
    const capped = createTrainerPool(64, { small: 'wasm', large: 'tensorflow' })!;
    try {
      expect(capped.size).toBe(4);
      expect(capped.backend).toBe('wasm');
    } finally {
      await capped.destroy();
    }
  });
});

describe('LAB_TRAINERS', () => {
  it('defaults to the CPUs less one, at least one', () => {
    expect(defaultLabTrainers(8)).toBe(7);
    expect(defaultLabTrainers(2)).toBe(1);
    expect(defaultLabTrainers(1)).toBe(1);
    expect(parseLabTrainers(undefined, 4)).toBe(3);
    expect(parseLabTrainers('', 4)).toBe(3);
    expect(parseLabTrainers(' 2 ', 4)).toBe(2);
  });

  it('refuses what is not a whole number from 1 to 64, naming the variable and the value', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '65', '1e2']) {
      expect(() => parseLabTrainers(bad)).toThrow(new RegExp(`^LAB_TRAINERS: must be a whole number .* got "${bad}"$`));
    }
  });
});
