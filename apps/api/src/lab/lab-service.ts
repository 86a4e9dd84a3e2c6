import type { TLabBackend, TLabRunEvent, TLabRunRequest } from '@recurrence/contracts';

export type LabRunListener = (event: TLabRunEvent) => void;

/** Lab jobs waiting for a worker and being trained now (PostgreSQL mode: the pg-boss queue). */
export type LabBacklog = { waiting: number; active: number };

/**
 * What the API needs of the lab: start and cancel runs, and hear their progress. Two implementations:
 * - LabRunner (SQLite, the embedded default): trains in this process's worker thread;
 * - LabQueueClient (PostgreSQL): enqueues on pg-boss for lab worker processes and hears their progress through
 *   LISTEN/NOTIFY, so any API process can stream any run. See ARCHITECTURE.md, "Lab runs".
 */
export interface LabService {
  /** The TensorFlow.js backend this process trains on; null while it starts, or when workers elsewhere train. */
  readonly backend: TLabBackend | null;
  /** Resolves once the lab code version (part of every cache key) is known. */
  readonly ready: Promise<{ codeVersion: string }>;
  start(runId: string, request: TLabRunRequest): Promise<void>;
  cancel(runId: string): Promise<void>;
  subscribe(runId: string, listener: LabRunListener): () => void;
  /** The queue's backlog, where there is a queue (readiness reports it). */
  backlog(): Promise<LabBacklog | null>;
  close(): Promise<void>;
}

/** The listeners of each run (the SSE streams this process serves). */
export class RunListeners {
  private readonly byRun = new Map<string, Set<LabRunListener>>();

  /** Adds `listener` to `runId`; the returned function removes it (and calls `onEmpty` when none is left). */
  add(runId: string, listener: LabRunListener, onEmpty: () => void = () => undefined): () => void {
    let set = this.byRun.get(runId);
    if (!set) this.byRun.set(runId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size > 0) return;
      this.byRun.delete(runId);
      onEmpty();
    };
  }

  of(runId: string): ReadonlySet<LabRunListener> | undefined {
    return this.byRun.get(runId);
  }

  runs(): string[] {
    return [...this.byRun.keys()];
  }
}
