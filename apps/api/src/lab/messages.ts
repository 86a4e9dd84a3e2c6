import type { TLabBackend, TLabExport, TLabResult, TLabRunRequest } from '@recurrence/contracts';
import type { ThreadPriority } from './thread-priority';

/** Messages between the API's event loop and the lab worker thread. */
export type ToWorker = { type: 'run'; runId: string; request: TLabRunRequest } | { type: 'cancel'; runId: string };

export type FromWorker =
  /** `backend` trains the runs below the measured crossover (every card's worked answer), `largeRunBackend` the others. */
  | { type: 'ready'; backend: TLabBackend; largeRunBackend: TLabBackend; codeVersion: string; priority: ThreadPriority }
  | { type: 'progress'; runId: string; fraction: number; message: string }
  | { type: 'done'; runId: string; result: TLabResult; exported: TLabExport }
  | { type: 'cancelled'; runId: string }
  | { type: 'failed'; runId: string; error: string };

/** What the worker thread is started with (its workerData). */
export interface LabWorkerData {
  /** The nice value the worker gives its own thread before it trains (0: unchanged). */
  nice: number;
}
