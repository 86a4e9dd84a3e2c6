import { createHash } from 'node:crypto';
import type { TLabRun, TLabRunRequest } from '@recurrence/contracts';
import { transaction, type Database, type PrismaClient } from '@recurrence/db';

type TransactionClient = Parameters<Parameters<typeof transaction>[1]>[0];
import { canonicalJson } from '@recurrence/deck';
import { HttpError, notFound } from '../errors';
import type { LabService } from '../lab/lab-service';

type RunRow = Awaited<ReturnType<PrismaClient['labRun']['findUniqueOrThrow']>>;

/** Runs one user may have queued or running at once (documented in the README). */
export const MAX_CONCURRENT_RUNS_PER_USER = 2;

/** Experiment + parameters (defaults filled in) + seed + lab code version: equal keys give equal results. */
export function labCacheKey(request: TLabRunRequest, codeVersion: string): string {
  return createHash('sha256').update(canonicalJson({ e: request.experiment, p: request.params, s: request.seed, v: codeVersion })).digest('hex');
}

export function toLabRunView(row: RunRow, cached = false): TLabRun {
  return {
    id: row.id,
    experiment: row.experiment as TLabRun['experiment'],
    params: row.params as Record<string, unknown>,
    seed: row.seed,
    codeVersion: row.codeVersion,
    status: row.status as TLabRun['status'],
    progress: row.progress,
    message: row.message,
    backend: (row.backend as TLabRun['backend']) ?? null,
    result: (row.result as TLabRun['result']) ?? null,
    error: row.error,
    cached,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

type Viewer = { id: string; role: string };
const ACTIVE = ['queued', 'running'];

/** `userId` watches `runId` (idempotent). */
async function watch(prisma: PrismaClient | TransactionClient, runId: string, userId: string) {
  await prisma.labRunWatcher.upsert({ where: { runId_userId: { runId, userId } }, create: { runId, userId }, update: {} });
}

/**
 * Starts a run, or answers from the cache: a finished run with the same key is returned as it is, and a run
 * with the same key still in progress is shared rather than trained twice. Either way the user becomes one of the
 * run's watchers (who may read and cancel it). The check of the user's limit and the new run happen in one
 * transaction that first locks the user's row (PostgreSQL: SELECT … FOR UPDATE; SQLite: one writer at a time), so
 * concurrent starts by one user are counted one after another.
 */
export async function startLabRun(db: Database, runner: LabService, userId: string | null, request: TLabRunRequest): Promise<{ run: TLabRun; created: boolean }> {
  const prisma = db.prisma;
  const { codeVersion } = await runner.ready;
  const cacheKey = labCacheKey(request, codeVersion);
  const done = await prisma.labRun.findFirst({ where: { cacheKey, status: 'done' }, orderBy: { finishedAt: 'desc' } });
  if (done) {
    if (userId !== null) await watch(prisma, done.id, userId);
    return { run: toLabRunView(done, true), created: false };
  }
  const outcome = await transaction(prisma, async (tx) => {
    if (userId !== null && db.provider === 'postgresql') await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
    const inFlight = await tx.labRun.findFirst({ where: { cacheKey, status: { in: ACTIVE } } });
    // userId null: the server warming the cache of the cards' default worked answers.
    if (userId === null) {
      if (inFlight) return { row: inFlight, created: false };
    } else {
      if (inFlight && (await tx.labRunWatcher.count({ where: { runId: inFlight.id, userId } })) > 0) return { row: inFlight, created: false };
      const mine = await tx.labRunWatcher.count({ where: { userId, run: { status: { in: ACTIVE } } } });
      if (mine >= MAX_CONCURRENT_RUNS_PER_USER) {
        throw new HttpError(429, `you already have ${mine} lab runs in progress (limit ${MAX_CONCURRENT_RUNS_PER_USER}); wait for one to finish or cancel it`);
      }
      if (inFlight) {
        await watch(tx, inFlight.id, userId);
        return { row: inFlight, created: false };
      }
    }
    const row = await tx.labRun.create({
      data: { userId, experiment: request.experiment, cacheKey, params: request.params as object, seed: request.seed, codeVersion },
    });
    if (userId !== null) await watch(tx, row.id, userId);
    return { row, created: true };
  });
  if (outcome.created) {
    try {
      await runner.start(outcome.row.id, request);
    } catch {
      // Not enqueued: the run must not stay queued for ever.
      await prisma.labRun.update({ where: { id: outcome.row.id }, data: { status: 'failed', message: 'failed', error: 'the lab queue could not be reached', finishedAt: new Date() } });
      throw new HttpError(503, 'the lab queue cannot be reached right now; try again shortly');
    }
  }
  return { run: toLabRunView(outcome.row, !outcome.created), created: outcome.created };
}

/** A run the viewer may read: one they watch, or any run for an admin; 404 otherwise (as if it did not exist). */
export async function getLabRun(prisma: PrismaClient, viewer: Viewer, runId: string): Promise<RunRow> {
  const row = await prisma.labRun.findFirst({ where: { id: runId, ...(viewer.role === 'admin' ? {} : { watchers: { some: { userId: viewer.id } } }) } });
  if (!row) throw notFound(`no lab run ${runId}`, 'params.runId');
  return row;
}

/**
 * Cancels the viewer's interest in a run: their watch ends, and the run itself stops only when nobody else is
 * waiting for it (and the server did not start it to warm a worked answer). An admin stops the run outright.
 * The answer is the run as the viewer now sees it: cancelled.
 */
export async function cancelLabRun(prisma: PrismaClient, runner: LabService, viewer: Viewer, runId: string): Promise<TLabRun> {
  const row = await getLabRun(prisma, viewer, runId);
  if (!ACTIVE.includes(row.status)) return toLabRunView(row);
  await prisma.labRunWatcher.deleteMany({ where: { runId, userId: viewer.id } });
  const others = await prisma.labRunWatcher.count({ where: { runId } });
  if (viewer.role === 'admin' || (others === 0 && row.userId !== null)) await runner.cancel(row.id);
  return { ...toLabRunView(row), status: 'cancelled' };
}

/** Runs left queued or running by a previous process can never finish: mark them failed at start-up. */
export async function failInterruptedRuns(prisma: PrismaClient): Promise<number> {
  const { count } = await prisma.labRun.updateMany({
    where: { status: { in: ['queued', 'running'] } },
    data: { status: 'failed', error: 'the server restarted during this run', finishedAt: new Date() },
  });
  return count;
}
