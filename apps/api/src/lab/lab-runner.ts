import { Worker } from 'node:worker_threads';
import type { TLabBackend, TLabRunEvent, TLabRunRequest } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import type { FastifyBaseLogger } from 'fastify';
import { workerEntry } from '../worker-entry';
import type { FromWorker, ToWorker } from './messages';

type Listener = (event: TLabRunEvent) => void;

/**
 * Runs lab experiments in a worker thread and records their progress and results in the database.
 * Listeners (server-sent event streams) hear every state change of the runs they watch.
 */
export class LabRunner {
  private worker: Worker | null = null;
  private backendValue: TLabBackend | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly active = new Set<string>();
  private closed = false;
  /** Resolves once the worker has chosen its backend; the code version is part of every cache key. */
  readonly ready: Promise<{ backend: TLabBackend; codeVersion: string }>;
  private resolveReady!: (info: { backend: TLabBackend; codeVersion: string }) => void;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly log: FastifyBaseLogger,
  ) {
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.spawn();
  }

  get backend(): TLabBackend | null {
    return this.backendValue;
  }

  /** The bundled worker next to dist/server.js, or the TypeScript source run through tsx (tests, dev). */
  private spawn() {
    const worker = new Worker(workerEntry('lab-worker.js', new URL('./worker-source.mjs', import.meta.url)));
    worker.on('message', (message: FromWorker) => void this.onMessage(message));
    worker.on('error', (error) => this.log.error({ err: error }, 'lab worker failed'));
    worker.on('exit', (code) => {
      if (this.closed) return;
      this.log.error({ code }, 'lab worker exited; failing its runs and starting a new one');
      for (const runId of this.active) void this.finish(runId, { status: 'failed', error: 'the lab worker stopped unexpectedly' });
      this.spawn();
    });
    this.worker = worker;
  }

  start(runId: string, request: TLabRunRequest) {
    this.active.add(runId);
    this.post({ type: 'run', runId, request });
  }

  cancel(runId: string) {
    this.post({ type: 'cancel', runId });
  }

  subscribe(runId: string, listener: Listener): () => void {
    let set = this.listeners.get(runId);
    if (!set) this.listeners.set(runId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(runId);
    };
  }

  async close() {
    this.closed = true;
    await this.worker?.terminate();
  }

  private post(message: ToWorker) {
    this.worker?.postMessage(message);
  }

  private emit(event: TLabRunEvent) {
    for (const listener of this.listeners.get(event.id) ?? []) listener(event);
  }

  private async onMessage(message: FromWorker) {
    try {
      switch (message.type) {
        case 'ready':
          this.backendValue = message.backend;
          this.resolveReady({ backend: message.backend, codeVersion: message.codeVersion });
          this.log.info({ backend: message.backend, codeVersion: message.codeVersion }, 'lab worker ready');
          return;
        case 'progress': {
          const progress = Math.min(1, Math.max(0, message.fraction));
          await this.prisma.labRun.updateMany({ where: { id: message.runId, status: 'queued' }, data: { status: 'running', startedAt: new Date() } });
          await this.prisma.labRun.updateMany({ where: { id: message.runId, status: 'running' }, data: { progress, message: message.message } });
          this.emit({ id: message.runId, status: 'running', progress, message: message.message, error: null });
          return;
        }
        case 'done':
          await this.finish(message.runId, { status: 'done', result: message.result, exported: message.exported, backend: message.result.backend });
          return;
        case 'cancelled':
          await this.finish(message.runId, { status: 'cancelled' });
          return;
        case 'failed':
          await this.finish(message.runId, { status: 'failed', error: message.error });
          return;
      }
    } catch (error) {
      this.log.error({ err: error }, 'recording a lab message failed');
    }
  }

  private async finish(runId: string, outcome: { status: 'done' | 'failed' | 'cancelled'; result?: unknown; exported?: unknown; backend?: string; error?: string }) {
    this.active.delete(runId);
    const row = await this.prisma.labRun.update({
      where: { id: runId },
      data: {
        status: outcome.status,
        progress: outcome.status === 'done' ? 1 : undefined,
        message: outcome.status,
        result: outcome.result === undefined ? undefined : (outcome.result as object),
        exported: outcome.exported === undefined ? undefined : (outcome.exported as object),
        backend: outcome.backend,
        error: outcome.error ?? null,
        finishedAt: new Date(),
      },
    });
    this.emit({ id: runId, status: row.status as TLabRunEvent['status'], progress: row.progress, message: row.message, error: row.error });
  }
}
