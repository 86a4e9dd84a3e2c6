import { Worker } from 'node:worker_threads';
import { workerEntry } from '../worker-entry';
import type { ComputeOps, ComputeRequest, ComputeResponse } from './messages';

/** Runs scheduling computations in a worker thread, off the API's event loop. Started on first use. */
export class ComputePool {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerEntry('compute-worker.js', new URL('./worker-source.mjs', import.meta.url)));
    worker.unref();
    worker.on('message', (m: ComputeResponse) => {
      const job = this.pending.get(m.id);
      if (!job) return;
      this.pending.delete(m.id);
      if (m.ok) job.resolve(m.value);
      else job.reject(new Error(m.error));
    });
    worker.on('exit', () => {
      this.worker = null;
      for (const job of this.pending.values()) job.reject(new Error('the compute worker stopped'));
      this.pending.clear();
    });
    this.worker = worker;
    return worker;
  }

  run<K extends keyof ComputeOps>(op: K, input: ComputeOps[K]['input']): Promise<ComputeOps[K]['output']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ensure().postMessage({ id, op, input } as ComputeRequest);
    });
  }

  async close() {
    await this.worker?.terminate();
  }
}
