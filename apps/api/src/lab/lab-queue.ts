import type { TLabRunEvent, TLabRunRequest } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { LAB_CODE_VERSION } from '@recurrence/lab/version';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { RunListeners, type LabBacklog, type LabRunListener, type LabService } from './lab-service';

/**
 * Lab runs in PostgreSQL mode (see ARCHITECTURE.md, "Lab runs"): the API enqueues each new run on pg-boss
 * (`LAB_QUEUE`); lab worker processes (lab-queue-worker.ts) take jobs one at a time, train them and write progress
 * and results to the run's row. Every state change is announced with NOTIFY on `RUN_CHANNEL` (payload: the event),
 * which every API process LISTENs to, so any replica can stream any run. A cancel is written to the row by the API
 * and announced on `CANCEL_CHANNEL` (payload: the run id) to the worker training it.
 */
export const LAB_QUEUE = 'lab-run';
/** Jobs whose retries are used up (pg-boss dead letter): a worker marks their runs failed. */
export const LAB_DEAD_LETTER_QUEUE = 'lab-run-dead';
export const RUN_CHANNEL = 'recurrence_lab_run';
export const CANCEL_CHANNEL = 'recurrence_lab_cancel';

export type LabJob = { runId: string; request: TLabRunRequest };

/**
 * How jobs are sent (LAB_JOB_EXPIRE_SECONDS, LAB_JOB_RETRY_LIMIT; README, Configuration). `expireInSeconds` is how
 * long one attempt may train: a worker stops a run that reaches it (the run fails), and a job whose worker died is
 * given back by pg-boss's maintenance once it is that old.
 */
export type LabQueueSettings = { expireInSeconds: number; retryLimit: number };
export const DEFAULT_LAB_QUEUE_SETTINGS: LabQueueSettings = { expireInSeconds: 600, retryLimit: 2 };

const ACTIVE = ['queued', 'running'];
/** NOTIFY payloads are limited to 8000 bytes; messages and errors are cut well below that. */
const MAX_TEXT = 1000;

/** pg-boss on the app's database (its own schema, `pgboss`, created on first start). */
export function createBoss(url: string, options: { applicationName: string; max: number; supervise: boolean; maintenanceIntervalSeconds?: number }): PgBoss {
  return new PgBoss({
    connectionString: url,
    application_name: options.applicationName,
    max: options.max,
    supervise: options.supervise,
    schedule: false,
    ...(options.maintenanceIntervalSeconds ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds } : {}),
  });
}

/** Creates the queues (idempotent: pg-boss ignores a queue that exists). */
export async function ensureLabQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(LAB_DEAD_LETTER_QUEUE);
  await boss.createQueue(LAB_QUEUE, { name: LAB_QUEUE, deadLetter: LAB_DEAD_LETTER_QUEUE });
}

const cut = (text: string | null) => (text === null ? null : text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);

export function runEventOf(row: { id: string; status: string; progress: number; message: string; error: string | null }): TLabRunEvent {
  return { id: row.id, status: row.status as TLabRunEvent['status'], progress: row.progress, message: cut(row.message) ?? '', error: cut(row.error) };
}

/** Announces a run's new state to every API process (delivered when the surrounding statement commits). */
export async function notifyRunEvent(prisma: PrismaClient, event: TLabRunEvent): Promise<void> {
  await prisma.$executeRawUnsafe('SELECT pg_notify($1, $2)', RUN_CHANNEL, JSON.stringify(runEventOf(event)));
}

/**
 * One dedicated connection that LISTENs to `channels`. When it drops it reconnects (every second until it
 * succeeds) and calls `onReconnect`, since notifications sent meanwhile are lost.
 */
export class PgListener {
  private client: pg.Client | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly channels: string[],
    private readonly onNotification: (channel: string, payload: string) => void,
    private readonly log: FastifyBaseLogger,
    private readonly onReconnect: () => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'recurrence-lab-listen' });
    client.on('notification', (message) => this.onNotification(message.channel, message.payload ?? ''));
    client.on('error', (error) => {
      this.log.warn({ err: error }, 'lab notification connection failed; reconnecting');
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    await client.connect();
    for (const channel of this.channels) await client.query(`LISTEN ${channel}`);
    this.client = client;
  }

  private lost(client: pg.Client) {
    if (this.closed || this.client !== client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    const retry = () => {
      if (this.closed) return;
      this.connect().then(
        () => this.onReconnect(),
        () => setTimeout(retry, 1000).unref(),
      );
    };
    setTimeout(retry, 1000).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}

/** How often a streamed run's row is read again, in case a notification was lost (a reconnect, a network blip). */
const POLL_MS = 5_000;

/**
 * The API's side of the lab in PostgreSQL mode: it never trains. `start` enqueues a job, `cancel` marks the run
 * cancelled and tells the workers, and `subscribe` hears the workers' NOTIFYs (with a slow poll of the rows as a
 * fallback), so a run's event stream can be served by any API process.
 */
export class LabQueueClient implements LabService {
  readonly backend = null;
  readonly ready = Promise.resolve({ codeVersion: LAB_CODE_VERSION });
  private readonly listeners = new RunListeners();
  /** The last event delivered per streamed run, so the poll only repeats what changed. */
  private readonly last = new Map<string, string>();
  private readonly poll: NodeJS.Timeout;

  private constructor(
    private readonly boss: PgBoss,
    private readonly listener: PgListener,
    private readonly prisma: PrismaClient,
    private readonly settings: LabQueueSettings,
    private readonly log: FastifyBaseLogger,
  ) {
    this.poll = setInterval(() => void this.refresh(), POLL_MS);
    this.poll.unref();
  }

  static async open(url: string, prisma: PrismaClient, log: FastifyBaseLogger, settings: LabQueueSettings = DEFAULT_LAB_QUEUE_SETTINGS): Promise<LabQueueClient> {
    // The API only sends and counts: workers run pg-boss's maintenance (expiry, retries, archiving).
    const boss = createBoss(url, { applicationName: 'recurrence-api-queue', max: 2, supervise: false });
    boss.on('error', (error: unknown) => log.error({ err: error }, 'lab queue error'));
    await boss.start();
    await ensureLabQueues(boss);
    let client: LabQueueClient | null = null;
    const listener = new PgListener(url, [RUN_CHANNEL], (_channel, payload) => client?.onNotification(payload), log, () => void client?.refresh());
    await listener.start();
    client = new LabQueueClient(boss, listener, prisma, settings, log);
    return client;
  }

  async start(runId: string, request: TLabRunRequest): Promise<void> {
    const job: LabJob = { runId, request };
    await this.boss.send(LAB_QUEUE, job, {
      retryLimit: this.settings.retryLimit,
      retryDelay: 0,
      expireInSeconds: this.settings.expireInSeconds,
      deadLetter: LAB_DEAD_LETTER_QUEUE,
    });
  }

  /** Cancelled here and now (a queued job is then skipped by its worker); the worker training it stops it. */
  async cancel(runId: string): Promise<void> {
    const { count } = await this.prisma.labRun.updateMany({
      where: { id: runId, status: { in: ACTIVE } },
      data: { status: 'cancelled', message: 'cancelled', finishedAt: new Date() },
    });
    if (count === 0) return;
    await this.prisma.$executeRawUnsafe('SELECT pg_notify($1, $2)', CANCEL_CHANNEL, runId);
    const row = await this.prisma.labRun.findUniqueOrThrow({ where: { id: runId } });
    await notifyRunEvent(this.prisma, runEventOf(row));
  }

  subscribe(runId: string, listener: LabRunListener): () => void {
    return this.listeners.add(runId, listener, () => this.last.delete(runId));
  }

  async backlog(): Promise<LabBacklog> {
    const waiting = await this.boss.getQueueSize(LAB_QUEUE, { before: 'active' });
    const notDone = await this.boss.getQueueSize(LAB_QUEUE, { before: 'completed' });
    return { waiting, active: notDone - waiting };
  }

  async close(): Promise<void> {
    clearInterval(this.poll);
    await this.listener.close();
    await this.boss.stop({ graceful: false, wait: true });
  }

  private deliver(event: TLabRunEvent) {
    const set = this.listeners.of(event.id);
    if (!set) return;
    const key = JSON.stringify(event);
    if (this.last.get(event.id) === key) return;
    this.last.set(event.id, key);
    for (const listener of set) listener(event);
  }

  private onNotification(payload: string) {
    try {
      this.deliver(JSON.parse(payload) as TLabRunEvent);
    } catch (error) {
      this.log.warn({ err: error }, 'unreadable lab notification');
    }
  }

  /** Reads the rows of the streamed runs and delivers any state the notifications did not bring. */
  private async refresh() {
    const ids = this.listeners.runs();
    if (ids.length === 0) return;
    try {
      const rows = await this.prisma.labRun.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, progress: true, message: true, error: true } });
      for (const row of rows) this.deliver(runEventOf(row));
    } catch (error) {
      this.log.warn({ err: error }, 'reading streamed lab runs failed');
    }
  }
}
