import { createHash } from 'node:crypto';
import type { TLabRun, TLabRunRequest } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { canonicalJson } from '@recurrence/deck';
import { HttpError, notFound } from '../errors';
import type { LabRunner } from '../lab/lab-runner';

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

/**
 * Starts a run, or answers from the cache: a finished run with the same key is returned as it is, and a run
 * with the same key still in progress is shared rather than trained twice.
 */
export async function startLabRun(prisma: PrismaClient, runner: LabRunner, userId: string | null, request: TLabRunRequest): Promise<{ run: TLabRun; created: boolean }> {
  const { codeVersion } = await runner.ready;
  const cacheKey = labCacheKey(request, codeVersion);
  const done = await prisma.labRun.findFirst({ where: { cacheKey, status: 'done' }, orderBy: { finishedAt: 'desc' } });
  if (done) return { run: toLabRunView(done, true), created: false };
  const inFlight = await prisma.labRun.findFirst({ where: { cacheKey, status: { in: ['queued', 'running'] } } });
  if (inFlight) return { run: toLabRunView(inFlight, true), created: false };

  // userId null: the server warming the cache of the cards' default worked answers.
  const mine = userId === null ? 0 : await prisma.labRun.count({ where: { userId, status: { in: ['queued', 'running'] } } });
  if (mine >= MAX_CONCURRENT_RUNS_PER_USER) {
    throw new HttpError(429, `you already have ${mine} lab runs in progress (limit ${MAX_CONCURRENT_RUNS_PER_USER}); wait for one to finish or cancel it`);
  }
  const row = await prisma.labRun.create({
    data: { userId, experiment: request.experiment, cacheKey, params: request.params as object, seed: request.seed, codeVersion },
  });
  runner.start(row.id, request);
  return { run: toLabRunView(row), created: true };
}

export async function getLabRun(prisma: PrismaClient, runId: string): Promise<RunRow> {
  const row = await prisma.labRun.findUnique({ where: { id: runId } });
  if (!row) throw notFound(`no lab run ${runId}`, 'params.runId');
  return row;
}

export async function cancelLabRun(prisma: PrismaClient, runner: LabRunner, user: { id: string; role: string }, runId: string): Promise<RunRow> {
  const row = await getLabRun(prisma, runId);
  if (row.userId !== user.id && user.role !== 'admin') throw new HttpError(403, 'only the user who started a run can cancel it');
  if (row.status === 'queued' || row.status === 'running') runner.cancel(row.id);
  return row;
}

/** Runs left queued or running by a previous process can never finish: mark them failed at start-up. */
export async function failInterruptedRuns(prisma: PrismaClient): Promise<number> {
  const { count } = await prisma.labRun.updateMany({
    where: { status: { in: ['queued', 'running'] } },
    data: { status: 'failed', error: 'the server restarted during this run', finishedAt: new Date() },
  });
  return count;
}
