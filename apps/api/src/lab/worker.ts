/**
 * The lab trainer, a child process of the API (SQLite) or of a lab worker (PostgreSQL): lowers its own priority
 * (LAB_NICE), initialises the TensorFlow.js backends once (wasm, and the native backend when it is
 * installed), then trains one run at a time, posting progress; each run picks its backend by its size
 * (`useRunBackend`, packages/lab/src/backend-choice.ts) and records it. With LAB_TRAINERS ≥ 2 it starts that many
 * worker threads (TrainerPool), on which the independent trainings of a run train at once. Training never runs on
 * the API's event loop.
 */
import { LAB_CODE_VERSION, LabCancelledError, TRAINING_WORKER_SOURCE, createTrainerPool, ensureBackend, runExperimentWithExport } from '@recurrence/lab';
import { workerEntry } from '../worker-entry';
import { TRAINER_NICE_ARG, TRAINER_POOL_ARG, type FromWorker, type ToWorker } from './messages';
import { lowerProcessPriority } from './process-priority';

const send = process.send?.bind(process);
if (!send) throw new Error('the lab trainer must run as a child process with an IPC channel');
const post = (message: FromWorker) => void send(message);
// The parent is gone (stopped, or killed): nothing would receive what is trained.
process.on('disconnect', () => process.exit(0));

// Before anything trains, on every thread (those started later inherit it): the API's requests come first.
const priority = lowerProcessPriority(Number(process.argv[TRAINER_NICE_ARG] ?? 0));
const backends = await ensureBackend();
// LAB_TRAINERS ≥ 2: worker threads for a run's independent trainings, started by this (lowered) thread, so the kernel
// gives them its nice value.
const trainers = createTrainerPool(
  Number(process.argv[TRAINER_POOL_ARG] ?? 1),
  backends,
  workerEntry('lab-training-worker.js', TRAINING_WORKER_SOURCE),
);
post({
  type: 'ready',
  backend: backends.small,
  largeRunBackend: backends.large,
  codeVersion: LAB_CODE_VERSION,
  priority,
  trainers: trainers?.size ?? 1,
});

const queue: Extract<ToWorker, { type: 'run' }>[] = [];
const controllers = new Map<string, AbortController>();
let busy = false;

process.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    const queued = queue.findIndex((job) => job.runId === message.runId);
    if (queued >= 0) {
      queue.splice(queued, 1);
      post({ type: 'cancelled', runId: message.runId });
    }
    controllers.get(message.runId)?.abort();
    return;
  }
  queue.push(message);
  void drain();
});

async function drain() {
  if (busy) return;
  busy = true;
  while (queue.length > 0) {
    const job = queue.shift()!;
    const controller = new AbortController();
    controllers.set(job.runId, controller);
    let lastPost = 0;
    try {
      const { result, exported } = await runExperimentWithExport(job.request, {
        ...(trainers ? { trainers } : {}),
        signal: controller.signal,
        onProgress: (fraction: number, message: string) => {
          const now = Date.now();
          if (now - lastPost < 100 && fraction < 1) return;
          lastPost = now;
          post({ type: 'progress', runId: job.runId, fraction, message });
        },
      });
      post({ type: 'done', runId: job.runId, result, exported });
    } catch (error) {
      if (error instanceof LabCancelledError || controller.signal.aborted) post({ type: 'cancelled', runId: job.runId });
      else post({ type: 'failed', runId: job.runId, error: error instanceof Error ? error.message : String(error) });
    } finally {
      controllers.delete(job.runId);
    }
  }
  busy = false;
}
