import { fork, type ChildProcess } from 'node:child_process';
import type { TLabBackend, TLabRunEvent, TLabRunRequest } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import type { FastifyBaseLogger } from 'fastify';
import { workerEntry } from '../worker-entry';
import { RunListeners, type LabRunListener as Listener, type LabService } from './lab-service';
import type { FromWorker, ToWorker } from './messages';
import type { ProcessPriority } from './process-priority';

export type LabOutcome = 'done' | 'failed' | 'cancelled';
/** What the trainer process reported when it was ready. */
export type TrainerInfo = { backend: TLabBackend; codeVersion: string; priority: ProcessPriority; trainers: number };
const ACTIVE = ['queued', 'running'];
/** How long the lab trainer process outlives its last run (see LabRunner.ensureWorker). */
export const LAB_IDLE_MS = 30_000;

/**
 * Runs lab experiments in a trainer process and records their progress and results in the database.
 * Listeners (server-sent event streams) hear every state change of the runs they watch; `onEvent` (the lab worker
 * process: NOTIFY) hears them all. A run's row is only written while it is queued or running, so a run cancelled
 * from another process stays cancelled, and its training is stopped at its next progress report.
 */
export class LabRunner implements LabService {
  private worker: ChildProcess | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private backendValue: TLabBackend | null = null;
  private readonly listeners = new RunListeners();
  private readonly active = new Set<string>();
  private readonly settle = new Map<string, (outcome: LabOutcome) => void>();
  /** Runs whose end the caller records itself (a lab worker handing a run back, or timing it out). */
  private readonly abandoned = new Set<string>();
  private closed = false;
  private readonly readyInfo: Promise<TrainerInfo>;
  private resolveReady!: (info: TrainerInfo) => void;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly log: FastifyBaseLogger,
    private readonly options: {
      onEvent?: (event: TLabRunEvent) => Promise<void>;
      /** The trainer process's nice value, on all its threads (LAB_NICE); 0 or unset: the API's own priority. */
      nice?: number;
      /** How long the trainer outlives its last run (default LAB_IDLE_MS). */
      idleMs?: number;
      /** Worker threads of the trainer for a run's independent trainings (LAB_TRAINERS); default 1: in order. */
      trainers?: number;
    } = {},
  ) {
    this.readyInfo = new Promise((resolve) => (this.resolveReady = resolve));
  }

  /** Resolves once a worker has chosen its backend (starting one if none has yet); the code version is part of every cache key. */
  get ready(): Promise<TrainerInfo> {
    if (this.backendValue === null) this.ensureWorker();
    return this.readyInfo;
  }

  get backend(): TLabBackend | null {
    return this.backendValue;
  }

  /** Whether a trainer process is alive now (it is started by a run and exits when idle). */
  get workerRunning(): boolean {
    return this.worker !== null;
  }

  /**
   * The trainer process, started on demand. TensorFlow.js and its wasm memory (which never shrinks: 150+ MB after the
   * default worked answers) live in it, so it exits once it has had no run for `idleMs` (LAB_IDLE_MS) and the
   * next run starts a new one (its backend is chosen again, ~1 s).
   */
  private ensureWorker(): ChildProcess {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    return this.worker ?? this.spawn();
  }

  /** No run left: let the worker go after `idleMs`, unless a run comes first. */
  private retireWhenIdle() {
    if (this.active.size > 0 || !this.worker || this.closed) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      const worker = this.worker;
      if (!worker || this.active.size > 0) return;
      this.worker = null;
      this.log.info('lab worker idle; stopping it until the next run');
      worker.kill('SIGKILL');
    }, this.options.idleMs ?? LAB_IDLE_MS);
    this.idleTimer.unref();
  }

  /**
   * The trainer: a child process (the bundle next to dist/server.js, or the TypeScript source run through tsx in tests
   * and dev), not a worker thread, so that lowering its priority reaches every thread training uses — V8's garbage
   * collection helpers are shared by all the threads of a process and did ~40% as much work as the training itself —
   * and its memory is not the API's. Structured-clone IPC carries the messages a worker thread's port did.
   */
  private spawn(): ChildProcess {
    const worker = fork(workerEntry('lab-worker.js', new URL('./worker-source.mjs', import.meta.url)), [String(this.options.nice ?? 0), String(this.options.trainers ?? 1)], {
      serialization: 'advanced',
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    worker.on('message', (message: FromWorker) => void this.onMessage(message));
    worker.on('error', (error) => this.log.error({ err: error }, 'lab trainer failed'));
    worker.on('exit', (code, signal) => {
      // Closed, or retired when idle: not a failure.
      if (this.closed || this.worker !== worker) return;
      this.worker = null;
      this.log.error({ code, signal }, 'lab trainer exited; failing its runs');
      for (const runId of this.active) void this.finish(runId, { status: 'failed', error: 'the lab worker stopped unexpectedly' });
    });
    this.worker = worker;
    return worker;
  }

  async start(runId: string, request: TLabRunRequest) {
    void this.run(runId, request);
  }

  /** Trains the run; resolves with how it ended once that is recorded. */
  run(runId: string, request: TLabRunRequest): Promise<LabOutcome> {
    this.active.add(runId);
    const outcome = new Promise<LabOutcome>((resolve) => this.settle.set(runId, resolve));
    this.ensureWorker().send({ type: 'run', runId, request } satisfies ToWorker);
    return outcome;
  }

  async cancel(runId: string) {
    this.post({ type: 'cancel', runId });
  }

  /** Stops training a run without recording its end: the caller writes the run's state once `run` resolves. */
  abandon(runId: string) {
    this.abandoned.add(runId);
    this.post({ type: 'cancel', runId });
  }

  async backlog() {
    return null;
  }

  subscribe(runId: string, listener: Listener): () => void {
    return this.listeners.add(runId, listener);
  }

  async close() {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = this.worker;
    if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.kill('SIGKILL');
    });
  }

  private post(message: ToWorker) {
    if (this.worker?.connected) this.worker.send(message);
  }

  private async emit(event: TLabRunEvent) {
    for (const listener of this.listeners.of(event.id) ?? []) listener(event);
    await this.options.onEvent?.(event);
  }

  private async onMessage(message: FromWorker) {
    try {
      switch (message.type) {
        case 'ready':
          this.backendValue = message.backend;
          this.resolveReady({ backend: message.backend, codeVersion: message.codeVersion, priority: message.priority, trainers: message.trainers });
          this.log.info(
            {
              backend: message.backend,
              largeRunBackend: message.largeRunBackend,
              codeVersion: message.codeVersion,
              priority: message.priority,
              trainers: message.trainers,
            },
            'lab worker ready',
          );
          this.retireWhenIdle();
          return;
        case 'progress': {
          const progress = Math.min(1, Math.max(0, message.fraction));
          await this.prisma.labRun.updateMany({ where: { id: message.runId, status: 'queued' }, data: { status: 'running', startedAt: new Date() } });
          const { count } = await this.prisma.labRun.updateMany({ where: { id: message.runId, status: 'running' }, data: { progress, message: message.message } });
          // Cancelled (or finished) elsewhere: stop training it.
          if (count === 0) return void this.cancel(message.runId);
          await this.emit({ id: message.runId, status: 'running', progress, message: message.message, error: null });
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

  private async finish(runId: string, outcome: { status: LabOutcome; result?: unknown; exported?: unknown; backend?: string; error?: string }) {
    this.active.delete(runId);
    const settle = this.settle.get(runId);
    this.settle.delete(runId);
    try {
      if (!this.abandoned.delete(runId)) await this.record(runId, outcome);
    } finally {
      settle?.(outcome.status);
      this.retireWhenIdle();
    }
  }

  private async record(runId: string, outcome: { status: LabOutcome; result?: unknown; exported?: unknown; backend?: string; error?: string }) {
    const { count } = await this.prisma.labRun.updateMany({
      where: { id: runId, status: { in: ACTIVE } },
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
    if (count === 0) return; // cancelled elsewhere first: that state stands
    const row = await this.prisma.labRun.findUniqueOrThrow({ where: { id: runId } });
    await this.emit({ id: runId, status: row.status as TLabRunEvent['status'], progress: row.progress, message: row.message, error: row.error });
  }
}
