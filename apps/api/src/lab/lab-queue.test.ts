import type { TLabRunRequest } from '@recurrence/contracts';
import { applyMigrations } from '@recurrence/db';
import { createScratchDatabase, type ScratchDatabase } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, readLabEvents, sessionCookie, startLabWorker, type TestApp } from '../testing';
import { LabQueueClient } from './lab-queue';

/**
 * PostgreSQL mode: two API processes (apps here, each with its own connections and LISTEN connection) enqueue lab
 * runs on pg-boss, and separate lab worker processes train them. The API never trains.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL;

/** One attempt may train 50 s; a killed worker's job is given back once it is that old (maintenance every 1 s). */
const EXPIRE_S = 60;

type Worker = ReturnType<typeof startLabWorker>;

/** Small gradient-flow runs (a few seconds each on a busy 2-core machine), distinct by seed. */
const run = (seed: number, steps = 6): TLabRunRequest => ({ experiment: 'gradient-flow', params: { architectures: ['rnn'], seqLen: 40, steps, batchSize: 8, hidden: 16 }, seed }) as TLabRunRequest;
/**
 * A run that takes seconds even on an idle machine (12.5 times the work of `run(seed, 400)`, 18% of the compute budget):
 * 400 small steps finished within a 1 s drain on an idle CI machine, so the worker finished it instead of handing it back.
 */
const longRun = (seed: number): TLabRunRequest =>
  ({ experiment: 'gradient-flow', params: { architectures: ['rnn'], seqLen: 100, steps: 500, batchSize: 32, hidden: 64 }, seed }) as TLabRunRequest;

/** A result without its wall-clock timings (the only part that differs between two trainings of one seed). */
function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'timings').map(([k, v]) => [k, withoutTimings(v)]));
  return value;
}

describe.skipIf(!postgresUrl)('lab runs on pg-boss workers (PostgreSQL)', () => {
  let scratch: ScratchDatabase;
  let a: TestApp;
  let b: TestApp;
  let originB: string;
  const workers: Worker[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase('postgresql');
    await applyMigrations(scratch.config);
    const url = (scratch.config as { url: string }).url;
    const createLab = (log: Parameters<typeof LabQueueClient.open>[2], prisma: Parameters<typeof LabQueueClient.open>[1]) =>
      LabQueueClient.open(url, prisma, log, { expireInSeconds: EXPIRE_S, retryLimit: 2 });
    a = await buildTestApp('postgresql', { createLab }, scratch);
    b = await buildTestApp('postgresql', { createLab }, scratch);
    originB = await b.app.listen({ port: 0, host: '127.0.0.1' });
    await worker(); // a worker process starts in seconds, or in minutes on a loaded machine
  }, 300_000);

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await a?.close();
    await b?.close();
    await scratch?.drop();
  });

  const url = () => (scratch.config as { url: string }).url;
  async function worker() {
    const w = startLabWorker(url());
    workers.push(w);
    await w.ready;
    return w;
  }
  const guest = async () => sessionCookie(await a.app.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
  const start = async (cookie: string, request: TLabRunRequest) => {
    const res = await a.app.inject({ method: 'POST', url: '/api/v1/lab/runs', headers: { cookie }, payload: request });
    expect(res.statusCode, res.body).toBe(202);
    return res.json() as { id: string; status: string };
  };
  const row = (id: string) => a.db.prisma.labRun.findUniqueOrThrow({ where: { id } });
  const waitFor = (check: () => Promise<boolean>, timeout: number) => expect.poll(check, { timeout, interval: 200 }).toBe(true);

  it('enqueues a run that a worker process trains; another API process streams its progress and result', async () => {
    const w1 = workers[0]!;
    const cookie = await guest();
    const started = await start(cookie, run(1, 20));
    expect(a.app.lab!.backend).toBeNull(); // the API does not train

    const events = await readLabEvents(originB, started.id, cookie);
    expect(events[0]!.status).toMatch(/queued|running/);
    const progress = events.filter((e) => e.status === 'running' && e.progress > 0 && e.progress < 1);
    expect(progress.length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ status: 'done', progress: 1 });
    expect(w1.trained()).toEqual([started.id]);

    const finished = (await b.app.inject({ method: 'GET', url: `/api/v1/lab/runs/${started.id}`, headers: { cookie } })).json();
    expect(finished).toMatchObject({ status: 'done', backend: expect.any(String) });
    expect(finished.result.experiment).toBe('gradient-flow');

    const ready = (await a.app.inject({ method: 'GET', url: '/api/health/ready' })).json();
    expect(ready).toMatchObject({ status: 'ready', database: 'postgresql', labQueue: { waiting: 0, active: 0 } });
  }, 300_000);

  it('shares several runs between two worker processes', async () => {
    const w1 = workers[0]!;
    const w2 = await worker();
    const before = w1.trained().length;
    const [ada, bob] = [await guest(), await guest()];
    const runs = [await start(ada, run(21)), await start(ada, run(22)), await start(bob, run(23)), await start(bob, run(24))];
    for (const r of runs) await waitFor(async () => (await row(r.id)).status === 'done', 240_000);
    const byW1 = w1.trained().slice(before);
    const byW2 = w2.trained();
    expect([...byW1, ...byW2].sort()).toEqual(runs.map((r) => r.id).sort());
    expect(byW1.length).toBeGreaterThan(0);
    expect(byW2.length).toBeGreaterThan(0);
  }, 400_000);

  it('retries on the other worker the run of a worker killed mid-run, with the result of a clean run', async () => {
    const [w1, w2] = [workers[0]!, workers[1]!];
    const cookie = await guest();
    // Long enough to be still training when it is killed, however fast the machine.
    const request = longRun(31);
    const started = await start(cookie, request);
    await waitFor(async () => (await row(started.id)).progress > 0, 120_000);
    const victim = w1.trained().includes(started.id) ? w1 : w2;
    const survivor = victim === w1 ? w2 : w1;
    expect((await row(started.id)).status).toBe('running');
    victim.child.kill('SIGKILL');
    await victim.exited;

    // Given back once its job expires (EXPIRE_S), then trained again from the start on the surviving worker.
    await waitFor(async () => ['done', 'failed'].includes((await row(started.id)).status), (EXPIRE_S + 120) * 1000);
    const retried = await row(started.id);
    expect(retried.status).toBe('done');
    expect(survivor.trained()).toContain(started.id);

    // A clean run of the same request: the finished run leaves the cache, and the request trains again.
    await a.db.prisma.labRun.update({ where: { id: started.id }, data: { cacheKey: 'moved-aside' } });
    const clean = await start(cookie, request);
    expect(clean.id).not.toBe(started.id);
    await waitFor(async () => (await row(clean.id)).status === 'done', 180_000);
    expect(withoutTimings((await row(clean.id)).result)).toEqual(withoutTimings(retried.result));
    workers.push(startLabWorker(url())); // two workers again
    await workers.at(-1)!.ready;
  }, 600_000);

  it('cancels, through another API process, a run a worker is training: the worker stops it', async () => {
    const cookie = await guest();
    const started = await start(cookie, run(41, 400));
    await waitFor(async () => (await row(started.id)).progress > 0, 120_000);
    const trainer = workers.find((w) => w.trained().includes(started.id))!;
    const cancelled = await b.app.inject({ method: 'DELETE', url: `/api/v1/lab/runs/${started.id}`, headers: { cookie } });
    expect(cancelled.statusCode).toBe(202);
    expect((await row(started.id)).status).toBe('cancelled');
    // The worker's training ends as cancelled (long before its 400 steps), and its job completes.
    await waitFor(async () => trainer.lines.some((l) => l.msg === 'lab run finished' && l.runId === started.id && l.outcome === 'cancelled'), 60_000);
    const after = await row(started.id);
    expect(after.status).toBe('cancelled');
    expect(after.result).toBeNull();
  }, 300_000);

  it('on SIGTERM, hands the current run back to the queue, and another worker finishes it', async () => {
    const stopping = startLabWorker(url(), { LAB_WORKER_DRAIN_SECONDS: '1' });
    await stopping.ready;
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGSTOP'); // only the new worker takes the job
    const cookie = await guest();
    // Long enough not to finish within the 1 s drain, however fast the machine.
    const started = await start(cookie, longRun(51));
    try {
      await waitFor(async () => (await row(started.id)).progress > 0, 120_000);
    } finally {
      stopping.child.kill('SIGTERM');
      expect(await stopping.exited).toBe(0);
      for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGCONT');
    }
    expect(stopping.trained()).toEqual([started.id]);
    expect(stopping.lines.some((l) => l.msg === 'lab worker stopped')).toBe(true);
    await waitFor(async () => (await row(started.id)).status === 'done', 240_000);
    expect(workers.some((w) => w.trained().includes(started.id))).toBe(true);
  }, 400_000);
});
