import { ZLabRunRequest } from '@recurrence/contracts';
import { runExperiment } from '@recurrence/lab';
import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabRunner } from './lab-runner';
import { startLabRun } from '../services/lab-runs';
import { buildTestApp, readLabEvents, sessionCookie, type TestApp } from '../testing';

/** Reads a server-sent event stream until it ends; returns the parsed `state` events. */
async function readEvents(t: TestApp, runId: string, cookie: string) {
  return readLabEvents(await t.app.listen({ port: 0, host: '127.0.0.1' }), runId, cookie);
}

describe.each(testProviders())('lab runs on %s', (provider) => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await buildTestApp(provider, { createLab: (log, prisma) => new LabRunner(prisma, log) });
    cookie = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
  });
  afterAll(() => t.close());

  const small = { experiment: 'positional-encoding', params: { dModel: 8, heads: 2, heatmapPositions: 8 }, seed: 3 };
  /** Trains `small` with another seed on `runner` (as the server's warm-up starts runs); how it ended. */
  const startAndWait = async (runner: LabRunner, seed: number) => {
    const { run } = await startLabRun(t.db, runner, null, ZLabRunRequest.parse({ ...small, seed }));
    await expect.poll(async () => (await t.db.prisma.labRun.findUniqueOrThrow({ where: { id: run.id } })).status, { timeout: 60_000 }).toMatch(/done|failed|cancelled/);
    return (await t.db.prisma.labRun.findUniqueOrThrow({ where: { id: run.id } })).status;
  };

  it('trains in the worker, streams progress as server-sent events, then answers the same request from the cache', async () => {
    const started = await t.app.inject({ method: 'POST', url: '/api/v1/lab/runs', headers: { cookie }, payload: small });
    expect(started.statusCode).toBe(202);
    const run = started.json();
    expect(run.cached).toBe(false);

    const events = await readEvents(t, run.id, cookie);
    expect(events.at(-1)!.status).toBe('done');

    const finished = (await t.app.inject({ method: 'GET', url: `/api/v1/lab/runs/${run.id}`, headers: { cookie } })).json();
    expect(finished.status).toBe('done');
    expect(finished.result.experiment).toBe('positional-encoding');
    expect(finished.result.backend).toBe(finished.backend);
    const none = finished.result.modes.find((m: { positions: string }) => m.positions === 'none');
    expect(none.identical).toBe(true);

    const again = await t.app.inject({ method: 'POST', url: '/api/v1/lab/runs', headers: { cookie }, payload: small });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: run.id, cached: true, status: 'done' });

    const health = (await t.app.inject({ method: 'GET', url: '/api/health' })).json();
    expect(['wasm', 'cpu', 'tensorflow', 'tensorflow-gpu']).toContain(health.labBackend);
  });

  it('starts its trainer for a run and lets it go when idle; the next run starts another', async () => {
    const runner = new LabRunner(t.db.prisma, t.app.log, { idleMs: 200 });
    try {
      expect(runner.workerRunning).toBe(false);
      const first = await startAndWait(runner, 11);
      expect(first).toBe('done');
      await expect.poll(() => runner.workerRunning, { timeout: 10_000 }).toBe(false);
      expect(await startAndWait(runner, 12)).toBe('done');
    } finally {
      await runner.close();
    }
  });

  it('with LAB_TRAINERS=2 trains a run’s architectures on the trainer’s pool: the same result as in order, rising progress, and a cancel stops it', async () => {
    const runner = new LabRunner(t.db.prisma, t.app.log, { trainers: 2 });
    try {
      expect((await runner.ready).trainers).toBe(2);
      const request = ZLabRunRequest.parse({
        experiment: 'gradient-flow',
        params: { architectures: ['rnn', 'lstm'], seqLen: 10, steps: 6, batchSize: 4, hidden: 8 },
        seed: 21,
      });
      const { run } = await startLabRun(t.db, runner, null, request);
      const progress: number[] = [];
      runner.subscribe(run.id, (event) => progress.push(event.progress));
      await expect.poll(async () => (await t.db.prisma.labRun.findUniqueOrThrow({ where: { id: run.id } })).status, { timeout: 60_000 }).toBe('done');
      const row = await t.db.prisma.labRun.findUniqueOrThrow({ where: { id: run.id } });
      const { timings: _pooled, ...pooled } = row.result as { timings: unknown };
      const { timings: _inOrder, ...inOrder } = await runExperiment(request);
      // (PostgreSQL's jsonb does not keep the keys' order: compare values.)
      expect(pooled).toEqual(JSON.parse(JSON.stringify(inOrder)));
      expect(progress.at(-1)).toBe(1);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);

      const long = ZLabRunRequest.parse({ experiment: 'gradient-flow', params: { architectures: ['rnn', 'lstm'], seqLen: 200, steps: 300 }, seed: 22 });
      const { run: cancelled } = await startLabRun(t.db, runner, null, long);
      await expect.poll(async () => (await t.db.prisma.labRun.findUniqueOrThrow({ where: { id: cancelled.id } })).status, { timeout: 60_000 }).toBe('running');
      await runner.cancel(cancelled.id);
      await expect.poll(async () => (await t.db.prisma.labRun.findUniqueOrThrow({ where: { id: cancelled.id } })).status, { timeout: 30_000 }).toBe('cancelled');
    } finally {
      await runner.close();
    }
  });

  it('exports a finished run with its initial weights, inputs and reported gradients', async () => {
    const tiny = { experiment: 'gradient-flow', params: { architectures: ['rnn'], seqLen: 10, steps: 2, batchSize: 4, hidden: 8 }, seed: 5 };
    const started = await t.app.inject({ method: 'POST', url: '/api/v1/lab/runs', headers: { cookie }, payload: tiny });
    expect(started.statusCode, started.body).toBe(202);
    const run = started.json();
    await expect.poll(async () => (await t.app.inject({ method: 'GET', url: `/api/v1/lab/runs/${run.id}`, headers: { cookie } })).json().status, { timeout: 60_000 }).toBe('done');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/lab/runs/${run.id}/export`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const exported = res.json();
    expect(exported).toMatchObject({ format: 'recurrence-lab-export/1', experiment: 'gradient-flow', seed: 5 });
    const model = exported.models[0];
    expect(model.architecture).toBe('rnn');
    expect(Object.keys(model.initialWeights).length).toBeGreaterThan(0);
    expect(model.inputs).toHaveLength(10);
    expect(model.reported.atEnd).toBeDefined();
    expect(model.reported.atInit).toBeDefined();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/lab/runs/nope/export', headers: { cookie } })).statusCode).toBe(404);
  });

  it('rejects parameters beyond their bounds with 400 naming the parameter', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/lab/runs', headers: { cookie }, payload: { experiment: 'gradient-flow', params: { seqLen: 5000 } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('body.params.seqLen');
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/lab/runs', headers: { cookie }, payload: { experiment: 'nope' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().field).toMatch(/^body/);
  });

  it('cancels a running run and limits concurrent runs per user', async () => {
    const long = (seed: number) => ({ experiment: 'gradient-flow', params: { architectures: ['lstm'], seqLen: 200, steps: 300 }, seed });
    const a = (await t.app.inject({ method: 'POST', url: '/api/v1/lab/runs', headers: { cookie }, payload: long(11) })).json();
    const b = (await t.app.inject({ method: 'POST', url: '/api/v1/lab/runs', headers: { cookie }, payload: long(12) })).json();
    const c = await t.app.inject({ method: 'POST', url: '/api/v1/lab/runs', headers: { cookie }, payload: long(13) });
    expect(c.statusCode).toBe(429);
    expect(c.json().message).toContain('limit 2');

    for (const run of [a, b]) {
      const cancel = await t.app.inject({ method: 'DELETE', url: `/api/v1/lab/runs/${run.id}`, headers: { cookie } });
      expect(cancel.statusCode).toBe(202);
    }
    for (const run of [a, b]) {
      // Cancelled, the run is no longer the user's to read: the database shows the worker stopped it.
      await expect.poll(async () => (await t.db.prisma.labRun.findUniqueOrThrow({ where: { id: run.id } })).status, { timeout: 30_000 }).toBe('cancelled');
    }
  });
});
