/**
 * The lab worker process (PostgreSQL mode): takes lab jobs from pg-boss one at a time and trains them in a worker
 * thread (the same LabRunner the embedded SQLite mode uses inside the API), writing progress and results to the run's
 * row and announcing each change with NOTIFY. Run any number of these, on any host that reaches the database.
 *
 * - A worker that dies mid-run leaves its job active; pg-boss's maintenance (run by every worker) fails it once it
 *   is LAB_JOB_EXPIRE_SECONDS old and retries it on another worker, up to LAB_JOB_RETRY_LIMIT times; after that
 *   the dead-letter job marks the run failed.
 * - One attempt trains at most its job's expiry (less a margin): a longer run is stopped and fails, so a live
 *   worker's job is never given to a second worker.
 * - Cancel: the API marks the run cancelled and NOTIFYs its id; the worker training it stops (and its next progress
 *   write would notice too).
 * - SIGTERM: take no new job, let the current run finish for LAB_WORKER_DRAIN_SECONDS, then hand it back (the run
 *   is queued again and the job retried elsewhere), and exit.
 */
// First: sets a V8 flag before any WebAssembly is compiled (see the module).
import './wasm-baseline-only';
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { openDatabase, parseDatabaseUrl } from '@recurrence/db';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import type PgBoss from 'pg-boss';
import { readLabWorkerEnv } from './env';
import { CANCEL_CHANNEL, createBoss, ensureLabQueues, LAB_DEAD_LETTER_QUEUE, LAB_QUEUE, notifyRunEvent, PgListener, runEventOf, type LabJob } from './lab/lab-queue';
import { LabRunner } from './lab/lab-runner';

const ACTIVE = ['queued', 'running'];
/** An attempt is stopped this long before pg-boss would expire its job. */
const EXPIRY_MARGIN_S = 10;

const env = readLabWorkerEnv();
const log = pino({ level: env.LOG_LEVEL, base: { worker: `${hostname()}:${process.pid}` } }) as unknown as FastifyBaseLogger;
const workerId = `${hostname()}:${process.pid}`;
const db = await openDatabase(parseDatabaseUrl(env.DATABASE_URL, { dataDir: '.' }), { studyWorkingSet: false });
const prisma = db.prisma;

const boss = createBoss(env.DATABASE_URL, { applicationName: 'recurrence-lab-worker', max: 3, supervise: true, maintenanceIntervalSeconds: env.LAB_QUEUE_MAINTENANCE_SECONDS });
boss.on('error', (error: unknown) => log.error({ err: error }, 'lab queue error'));
await boss.start();
await ensureLabQueues(boss);

const runner = new LabRunner(prisma, log, { onEvent: (event) => notifyRunEvent(prisma, event), nice: env.LAB_NICE, trainers: env.LAB_TRAINERS });
const { backend, codeVersion } = await runner.ready;

/** The run this worker trains now, and whether a cancel for it arrived before its training started. */
let current: { runId: string; cancelRequested: boolean; done: Promise<unknown> } | null = null;
let stopping = false;
let handingBack = false;

const cancels = new PgListener(
  env.DATABASE_URL,
  [CANCEL_CHANNEL],
  (_channel, runId) => {
    if (current?.runId !== runId) return;
    current.cancelRequested = true;
    void runner.cancel(runId);
  },
  log,
);
await cancels.start();

async function setRun(runId: string, data: { status: string; progress?: number; message: string; error?: string | null; finishedAt?: Date | null; startedAt?: Date }) {
  const { count } = await prisma.labRun.updateMany({ where: { id: runId, status: { in: ACTIVE } }, data });
  if (count > 0) await notifyRunEvent(prisma, runEventOf(await prisma.labRun.findUniqueOrThrow({ where: { id: runId } })));
  return count > 0;
}

async function train(job: PgBoss.JobWithMetadata<LabJob>): Promise<object> {
  const { runId, request } = job.data;
  const attempt = job.retryCount + 1;
  const started = await setRun(runId, { status: 'running', progress: 0, startedAt: new Date(), message: attempt > 1 ? `attempt ${attempt}, on ${workerId}` : `started on ${workerId}` });
  // Cancelled (or finished) before this worker got to it: nothing to train.
  if (!started || current?.cancelRequested) return { runId, skipped: true };
  log.info({ runId, attempt, experiment: request.experiment }, 'training a lab run');

  let timedOut = false;
  const budgetS = Math.max(1, job.expireInSeconds - EXPIRY_MARGIN_S);
  const timer = setTimeout(() => {
    timedOut = true;
    runner.abandon(runId);
  }, budgetS * 1000);
  let outcome: string;
  try {
    outcome = await runner.run(runId, request);
  } finally {
    clearTimeout(timer);
  }
  if (timedOut) {
    await setRun(runId, { status: 'failed', message: 'failed', error: `the run trained longer than the ${budgetS} s one attempt may take (LAB_JOB_EXPIRE_SECONDS)`, finishedAt: new Date() });
    return { runId, outcome: 'timed out' };
  }
  if (handingBack) {
    await setRun(runId, { status: 'queued', progress: 0, message: 'handed back by a stopping lab worker; waiting for another' });
    // Failing the job makes pg-boss retry it now on another worker (it counts as an attempt).
    await boss.fail(LAB_QUEUE, job.id, { message: `handed back by ${workerId} on shutdown` });
    return { runId, outcome: 'handed back' };
  }
  log.info({ runId, outcome }, 'lab run finished');
  return { runId, outcome };
}

const workOptions = { batchSize: 1, includeMetadata: true as const, pollingIntervalSeconds: env.LAB_QUEUE_POLL_SECONDS };
await boss.work<LabJob>(LAB_QUEUE, workOptions, async ([job]) => {
  if (!job) return null;
  const entry = { runId: job.data.runId, cancelRequested: false, done: Promise.resolve() as Promise<unknown> };
  current = entry;
  const done = train(job);
  entry.done = done.catch(() => undefined);
  try {
    return await done;
  } finally {
    current = null;
  }
});

// A job whose attempts are used up (its workers kept dying): the run fails for good.
await boss.work<LabJob>(LAB_DEAD_LETTER_QUEUE, workOptions, async ([job]) => {
  if (!job) return null;
  await setRun(job.data.runId, { status: 'failed', message: 'failed', error: 'the lab workers training this run stopped before it finished, on every attempt', finishedAt: new Date() });
  return null;
});

log.info({ backend, codeVersion, queue: LAB_QUEUE }, 'lab worker ready');

// Liveness for container health checks (the worker image's HEALTHCHECK): the event loop touches this file every
// 10 s while it turns; training runs in a worker thread, so a long run does not stall it.
if (env.LAB_WORKER_HEARTBEAT_FILE) {
  const file = env.LAB_WORKER_HEARTBEAT_FILE;
  const beat = () => writeFile(file, `${new Date().toISOString()}\n`).catch((error: unknown) => log.warn({ err: error, file }, 'heartbeat file not written'));
  void beat();
  setInterval(() => void beat(), 10_000).unref();
}

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal, running: current?.runId ?? null }, 'lab worker stopping: taking no new jobs');
  await boss.offWork(LAB_QUEUE);
  await boss.offWork(LAB_DEAD_LETTER_QUEUE);
  const running = current;
  if (running) {
    const finished = await Promise.race([running.done.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), env.LAB_WORKER_DRAIN_SECONDS * 1000))]);
    if (!finished) {
      handingBack = true;
      runner.abandon(running.runId);
      await running.done;
    }
  }
  await boss.stop({ graceful: true, timeout: 5_000, wait: true });
  await cancels.close();
  await runner.close();
  await db.close();
  log.info('lab worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
