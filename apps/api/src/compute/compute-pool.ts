import { Worker, type ResourceLimits } from 'node:worker_threads';
import { workerEntry } from '../worker-entry';
import type { ComputeOps, WorkerOps, WorkerResponse } from './messages';

export type WorkerThreadOptions = {
  /** The bundle next to dist/server.js (e.g. `compute-worker.js`) and the source bootstrap used from TypeScript. */
  bundled: string;
  source: URL;
  /** Stop the worker once it has had no job for this long; without it the worker stays until the app closes. */
  retireWhenIdleMs?: number;
  /** V8 heap limits of the worker (Worker's resourceLimits). */
  resourceLimits?: ResourceLimits;
};

/** The compute worker: the planner, the workload curve and parameter fitting; kept once started. */
export const COMPUTE_WORKER: WorkerThreadOptions = { bundled: 'compute-worker.js', source: new URL('./worker-source.mjs', import.meta.url) };

/**
 * Runs computations in a worker thread, off the API's event loop, one job at a time. Started on first use; with
 * `retireWhenIdleMs`, stopped when idle that long and started again by the next job.
 */
export class ComputePool<Ops extends WorkerOps = ComputeOps> {
  private worker: Worker | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor(private readonly options: WorkerThreadOptions = COMPUTE_WORKER) {}

  /** Whether a worker thread is running now (tests: an idle password worker must be gone). */
  get running(): boolean {
    return this.worker !== null;
  }

  private ensure(): Worker {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.worker) return this.worker;
    const worker = new Worker(workerEntry(this.options.bundled, this.options.source), { resourceLimits: this.options.resourceLimits ?? {} });
    worker.unref();
    worker.on('message', (m: WorkerResponse) => {
      const job = this.pending.get(m.id);
      if (!job) return;
      this.pending.delete(m.id);
      if (m.ok) job.resolve(m.value);
      else job.reject(new Error(m.error));
      if (this.pending.size === 0) this.retireLater();
    });
    worker.on('exit', () => {
      // A retired worker had no jobs, and the next job went to a new one: nothing of this worker's to fail.
      if (this.worker !== worker) return;
      this.worker = null;
      for (const job of this.pending.values()) job.reject(new Error('the compute worker stopped'));
      this.pending.clear();
    });
    this.worker = worker;
    return worker;
  }

  private retireLater() {
    const ms = this.options.retireWhenIdleMs;
    if (ms === undefined || !this.worker) return;
    const worker = this.worker;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.worker !== worker || this.pending.size > 0) return;
      this.worker = null;
      void worker.terminate();
    }, ms);
    this.idleTimer.unref();
  }

  run<K extends keyof Ops & string>(op: K, input: Ops[K]['input']): Promise<Ops[K]['output']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ensure().postMessage({ id, op, input });
    });
  }

  async close() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    await this.worker?.terminate();
  }
}
