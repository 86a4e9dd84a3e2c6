import { LabCancelledError } from '../errors';
import { RunContext } from '../experiments/context';
import type { TrainerPool, TrainingTask } from './pool';

/**
 * An experiment whose run is several independent trainings (gradient-flow: one per architecture; layernorm-depth:
 * Pre-LN and Post-LN). Each training is a pure function of the validated params, the seed and its part — it draws
 * only from its own seeded streams (`Rng.fork` depends on the label, not on what was drawn before) — and returns a
 * structured-clone-able result, so it gives the same bits on the trainer's thread as on any worker thread of the pool.
 * `combine` puts the results, in the order of `parts`, into the run's result.
 */
export interface TrainingPlan<P, Part, R, Out, Recorder> {
  parts(params: P): Part[];
  /** The most parts any valid params give: threads beyond the largest of these would never have work. */
  maxParts: number;
  /** `record`: also return what the run's export needs (weights, probe batch). */
  train(params: P, part: Part, ctx: RunContext, record: boolean): Promise<R>;
  combine(params: P, results: R[], recorder?: Recorder): Out;
  /**
   * Roughly how long a part trains, relative to the others: a pool starts the longest first, so a long part does not
   * wait behind short ones for a thread (it only orders the work; results stay in the order of `parts`).
   */
  cost?(params: P, part: Part): number;
}

export type AnyTrainingPlan = TrainingPlan<any, any, any, any, any>;

export interface RunTrainingsOptions {
  /** Worker threads for the trainings; without one (LAB_TRAINERS=1), or for a run on another backend, in order here. */
  pool?: TrainerPool;
  signal?: AbortSignal;
  /** Collects what the run's export needs (gradient-flow's weights); the trainings then return it too. */
  recorder?: unknown;
}

/**
 * Trains every part of `plan` and combines them. With a pool whose threads train on this run's backend, the parts go
 * to its threads at once (as many train together as it has threads); otherwise they train one after another on this
 * thread. Progress of the run is the mean of the parts' progress, each part's taken as the highest it reported, so
 * it only rises however the parts interleave. A cancelled run stops every part; a failed part stops the others.
 */
export async function runTrainings<Out>(
  experiment: string,
  plan: AnyTrainingPlan,
  params: unknown,
  runCtx: RunContext,
  options: RunTrainingsOptions,
): Promise<Out> {
  const parts: unknown[] = plan.parts(params);
  const fractions = parts.map(() => 0);
  const report = (i: number, fraction: number, message: string) => {
    fractions[i] = Math.max(fractions[i]!, Math.min(1, Math.max(0, fraction)));
    runCtx.progress(fractions.reduce((a, b) => a + b, 0) / parts.length, message);
  };
  const cancelled = () => options.signal?.aborted === true;
  const record = options.recorder !== undefined;
  const results: unknown[] = [];
  if (options.pool && options.pool.backend === runCtx.backend && parts.length > 1) {
    const order = parts.map((part, i) => ({ i, cost: plan.cost?.(params, part) ?? 0 })).sort((a, b) => b.cost - a.cost);
    results.push(...(await onPool(options.pool, { experiment, params, seed: runCtx.seed, record }, runCtx, order.map((o) => o.i), options.signal, report)));
  } else {
    for (const [i, part] of parts.entries()) {
      const ctx = new RunContext(runCtx.seed, runCtx.backend, { onProgress: (f, m) => report(i, f, m), cancelled });
      ctx.checkCancelled();
      results.push(await plan.train(params, part, ctx, record));
      addTimings(runCtx, ctx.rawTimings());
    }
  }
  return plan.combine(params, results, options.recorder) as Out;
}

function addTimings(ctx: RunContext, timings: Record<string, number>) {
  for (const [name, ms] of Object.entries(timings)) ctx.addTiming(name, ms);
}

async function onPool(
  pool: TrainerPool,
  run: Omit<TrainingTask, 'part' | 'stop'>,
  runCtx: RunContext,
  /** The parts' indices in the order to start them. */
  order: number[],
  signal: AbortSignal | undefined,
  report: (i: number, fraction: number, message: string) => void,
): Promise<unknown[]> {
  // One flag for all the run's parts, set when the run is cancelled or a part fails; every part checks it each step.
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const onAbort = () => Atomics.store(stop, 0, 1);
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  try {
    const started = order.map((part) =>
      pool.train({ ...run, part, stop }, (f, m) => report(part, f, m)).catch((error: unknown) => {
        onAbort();
        throw error;
      }),
    );
    // Back in the order of the parts.
    const settled = (await Promise.allSettled(started)).map((_, k, all) => all[order.indexOf(k)]!);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const outcomes = settled.map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<TrainerPool['train']>>>).value);
    if (signal?.aborted || outcomes.some((o) => o.cancelled)) throw new LabCancelledError();
    return outcomes.map((o) => {
      addTimings(runCtx, o.timings);
      return o.result;
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
