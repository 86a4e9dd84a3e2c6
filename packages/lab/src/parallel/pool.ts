import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { TLabBackend } from '@recurrence/contracts';
import { Piscina } from 'piscina';
import type { RunBackends } from '../backend-choice';
import { MOST_TRAININGS_PER_RUN } from '../experiments/registry';

/** One training sent to a worker thread (see training-worker.ts). */
export interface TrainingTask {
  experiment: string;
  /** Validated params (defaults filled in). */
  params: unknown;
  seed: number;
  /** Index into the plan's `parts(params)`. */
  part: number;
  record: boolean;
  /** Shared flag: 1 = stop (the run was cancelled, or another of its parts failed). */
  stop: Int32Array;
}

/** When and on which thread a training ran (performance.timeOrigin-based milliseconds). */
export interface TrainingSpan {
  experiment: string;
  part: number;
  threadId: number;
  startedAt: number;
  endedAt: number;
}

export type TrainingOutcome =
  | { cancelled: false; result: unknown; timings: Record<string, number>; span: TrainingSpan }
  | { cancelled: true; result?: undefined; timings: Record<string, number>; span: TrainingSpan };

/** The worker threads' entry in development and tests: the TypeScript source through tsx (see the .mjs file). */
export const TRAINING_WORKER_SOURCE = new URL('./training-worker-source.mjs', import.meta.url);

export interface TrainerPoolOptions {
  /** Worker threads, all started at once (LAB_TRAINERS). */
  size: number;
  /** The backend every thread initialises and trains on: the one small runs use (wasm, or cpu without it). */
  backend: TLabBackend;
  /** The worker's module: the bundled `lab-training-worker.js` in production; default: the TypeScript source. */
  workerFile?: string;
  /** Told when each training ends (tests check that trainings overlapped on distinct threads). */
  onTraining?: (span: TrainingSpan) => void;
}

/** Backends a pool thread trains on: the single-threaded ones. The native backend's kernels already use every core. */
export const POOL_BACKENDS: readonly TLabBackend[] = ['wasm', 'cpu'];

/**
 * The pool a lab process trains with, given LAB_TRAINERS and the backends it initialised: none for 1 (the trainings
 * of a run then train in order on the calling thread), nor when small runs train on the native or GPU backend; never
 * more threads than the most trainings one run has (a lab process trains one run at a time).
 */
export function createTrainerPool(trainers: number, backends: RunBackends, workerFile?: string): TrainerPool | undefined {
  const size = Math.min(trainers, MOST_TRAININGS_PER_RUN);
  if (size < 2 || !POOL_BACKENDS.includes(backends.small)) return undefined;
  return new TrainerPool({ size, backend: backends.small, ...(workerFile ? { workerFile } : {}) });
}

/**
 * The worker threads that train the independent parts of a run (`TrainingPlan`), `size` of them, started when the pool
 * is made so the first run does not wait for them to load TensorFlow.js. piscina (worker_threads) schedules the
 * parts; each thread trains one part at a time. Threads are started by the thread that makes the pool and, on Linux,
 * inherit its nice value: in the lab trainer that is LAB_NICE, already set on every thread.
 */
export class TrainerPool {
  readonly size: number;
  readonly backend: TLabBackend;
  private readonly piscina: Piscina;
  private readonly onTraining: ((span: TrainingSpan) => void) | undefined;

  constructor(options: TrainerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error(`TrainerPool: size must be a whole number ≥ 1, got ${options.size}`);
    if (!POOL_BACKENDS.includes(options.backend)) throw new Error(`TrainerPool: threads train on ${POOL_BACKENDS.join(' or ')}, not ${options.backend}`);
    this.size = options.size;
    this.backend = options.backend;
    this.onTraining = options.onTraining;
    this.piscina = new Piscina({
      filename: options.workerFile ?? fileURLToPath(TRAINING_WORKER_SOURCE),
      minThreads: options.size,
      maxThreads: options.size,
      // Threads live as long as the pool: the lab trainer process itself exits when idle (LAB_IDLE_MS).
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: { backend: options.backend },
      // The parent's flags (e.g. a test runner's loader) are not the worker's business.
      execArgv: [],
    });
  }

  /** Trains one part on a free thread; progress comes back over a port of its own. */
  async train(task: TrainingTask, onProgress: (fraction: number, message: string) => void): Promise<TrainingOutcome> {
    const { port1, port2 } = new MessageChannel();
    let open = true;
    // A progress message can arrive after the result (two ports, no order between them): ignore it then.
    port1.on('message', ([fraction, message]: [number, string]) => open && onProgress(fraction, message));
    try {
      const outcome = (await this.piscina.run({ task, progress: port2 }, { transferList: [port2] })) as TrainingOutcome;
      this.onTraining?.(outcome.span);
      return outcome;
    } finally {
      open = false;
      port1.close();
    }
  }

  /** Stops every thread (a training still running is abandoned). */
  async destroy(): Promise<void> {
    await this.piscina.destroy();
  }
}
