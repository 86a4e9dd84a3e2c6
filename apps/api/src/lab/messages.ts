import type { TLabBackend, TLabExport, TLabResult, TLabRunRequest } from '@recurrence/contracts';
import type { ProcessPriority } from './process-priority';

/** Messages between the API's event loop (or a lab worker's) and the lab trainer process. */
export type ToWorker = { type: 'run'; runId: string; request: TLabRunRequest } | { type: 'cancel'; runId: string };

export type FromWorker =
  /** `backend` trains the runs below the measured crossover (every card's worked answer), `largeRunBackend` the others. */
  | {
      type: 'ready';
      backend: TLabBackend;
      largeRunBackend: TLabBackend;
      codeVersion: string;
      priority: ProcessPriority;
      /** Worker threads training a run's independent parts at once (LAB_TRAINERS); 1: in order, in the trainer. */
      trainers: number;
    }
  | { type: 'progress'; runId: string; fraction: number; message: string }
  | { type: 'done'; runId: string; result: TLabResult; exported: TLabExport }
  | { type: 'cancelled'; runId: string }
  | { type: 'failed'; runId: string; error: string };

/** The trainer process's first argument: the nice value it gives itself before it trains (LAB_NICE; 0: unchanged). */
export const TRAINER_NICE_ARG = 2;
/** Its second: LAB_TRAINERS. */
export const TRAINER_POOL_ARG = 3;
