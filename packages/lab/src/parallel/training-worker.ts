/**
 * A TrainerPool thread: initialises the pool's backend once (wasm, or cpu), then trains one part of a run per task
 * — the same `plan.train` the trainer runs in order when it has no pool — and returns its result, its timings and
 * when and where it ran. Cancellation is the run's shared flag, checked at every step (`ctx.tick`).
 */
import type { MessagePort } from 'node:worker_threads';
import { threadId, workerData } from 'node:worker_threads';
import type { TLabBackend } from '@recurrence/contracts';
import { selectBackend } from '../backend';
import { isLabCancelledError } from '../errors';
import { RunContext } from '../experiments/context';
import { trainingPlanOf } from '../experiments/registry';
import type { TrainingOutcome, TrainingTask } from './pool';

const backend = (workerData as { backend: TLabBackend }).backend;
if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`a training thread runs on wasm or cpu, not ${backend}`);
await selectBackend({ candidates: [backend] });

export default async function train({ task, progress }: { task: TrainingTask; progress: MessagePort }): Promise<TrainingOutcome> {
  const startedAt = performance.timeOrigin + performance.now();
  const plan = trainingPlanOf(task.experiment);
  const ctx = new RunContext(task.seed, backend, {
    onProgress: (fraction, message) => progress.postMessage([fraction, message]),
    cancelled: () => Atomics.load(task.stop, 0) !== 0,
  });
  const span = () => ({ experiment: task.experiment, part: task.part, threadId, startedAt, endedAt: performance.timeOrigin + performance.now() });
  try {
    ctx.checkCancelled();
    const result: unknown = await plan.train(task.params, plan.parts(task.params)[task.part], ctx, task.record);
    return { cancelled: false, result, timings: ctx.rawTimings(), span: span() };
  } catch (error) {
    // An error's class does not survive the trip back to the trainer; a cancellation is an outcome, not an error.
    if (isLabCancelledError(error)) return { cancelled: true, timings: ctx.rawTimings(), span: span() };
    throw error;
  } finally {
    progress.close();
  }
}
