import type { TLabRunEvent, TLabRunRequest } from '@recurrence/contracts';
import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabRunner } from './lab-runner';
import { buildTestApp, sessionCookie, type TestApp } from '../testing';

/** A runner that trains nothing: it records what it was asked to start and cancel (runs stay queued). */
function recordingRunner() {
  const calls = { started: [] as string[], cancelled: [] as string[] };
  const runner = {
    backend: 'cpu',
    ready: Promise.resolve({ backend: 'cpu', codeVersion: 'test' }),
    start: (runId: string, _request: TLabRunRequest) => void calls.started.push(runId),
    cancel: (runId: string) => void calls.cancelled.push(runId),
    subscribe: (_runId: string, _listener: (event: TLabRunEvent) => void) => () => undefined,
    close: async () => undefined,
  };
  return { runner: runner as unknown as LabRunner, calls };
}

const request = (seed: number) => ({ experiment: 'positional-encoding', params: { dModel: 8, heads: 2, heatmapPositions: 8 }, seed });

/**
 * Who may start, read and cancel lab runs. Before: 3–4 runs got past the per-user limit of 2 under concurrent starts
 * on PostgreSQL, a run shared by an identical request could be cancelled by its starter under the other user, and
 * runs, exports and event streams answered anyone with the id, without a session.
 */
describe.each(testProviders())('lab run access on %s', (provider) => {
  let t: TestApp;
  let calls: ReturnType<typeof recordingRunner>['calls'];
  const cookies: Record<'ada' | 'bob' | 'admin' | 'eve', string> = { ada: '', bob: '', admin: '', eve: '' };

  beforeAll(async () => {
    const recording = recordingRunner();
    calls = recording.calls;
    t = await buildTestApp(provider, { createLab: () => recording.runner });
    for (const name of ['admin', 'ada', 'bob', 'eve'] as const) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: `${name}@example.com`, password: 'correct horse battery' } });
      cookies[name] = sessionCookie(r);
    }
  });
  afterAll(() => t.close());

  const start = (who: keyof typeof cookies, seed: number) => t.app.inject({ method: 'POST', url: '/api/v1/lab/runs', headers: { cookie: cookies[who] }, payload: request(seed) });
  const get = (who: keyof typeof cookies | null, url: string) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who] } : {} });

  it('8 concurrent starts by one user: exactly 2 runs start, the other 6 answer 429', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => start('eve', 100 + i)));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([202, 202, 429, 429, 429, 429, 429, 429]);
    expect(await t.db.prisma.labRun.count({ where: { userId: (await get('eve', '/api/v1/auth/me')).json().user.id } })).toBe(2);
  });

  it('a run, its export and its event stream: 401 without a session, 404 for another user, readable by its watchers and admins', async () => {
    const started = await start('ada', 1);
    expect(started.statusCode).toBe(202);
    const id = started.json().id as string;
    for (const url of [`/api/v1/lab/runs/${id}`, `/api/v1/lab/runs/${id}/export`, `/api/v1/lab/runs/${id}/events`]) {
      expect({ url, status: (await get(null, url)).statusCode }).toEqual({ url, status: 401 });
      expect({ url, status: (await get('bob', url)).statusCode }).toEqual({ url, status: 404 });
    }
    expect((await get('ada', `/api/v1/lab/runs/${id}`)).statusCode).toBe(200);
    expect((await get('admin', `/api/v1/lab/runs/${id}`)).statusCode).toBe(200);
    // Not exported yet (the run has not finished): 404 for its owner too, with the reason.
    expect((await get('ada', `/api/v1/lab/runs/${id}/export`)).json().message).toContain('no export stored');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/lab/runs/${id}`, headers: { cookie: cookies.bob } })).statusCode).toBe(404);
  });

  it('a run shared by an identical request: one user cancelling only ends their own interest', async () => {
    const first = await start('ada', 2);
    const shared = await start('bob', 2);
    expect(shared.json()).toMatchObject({ id: first.json().id, cached: true });
    const id = first.json().id as string;
    expect(calls.started.filter((r) => r === id)).toHaveLength(1);

    const cancelled = await t.app.inject({ method: 'DELETE', url: `/api/v1/lab/runs/${id}`, headers: { cookie: cookies.ada } });
    expect([cancelled.statusCode, cancelled.json().status]).toEqual([202, 'cancelled']);
    expect(calls.cancelled).not.toContain(id);
    expect((await get('bob', `/api/v1/lab/runs/${id}`)).json().status).toBe('queued');
    expect((await get('ada', `/api/v1/lab/runs/${id}`)).statusCode).toBe(404);

    // The last watcher leaving stops it.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/lab/runs/${id}`, headers: { cookie: cookies.bob } })).statusCode).toBe(202);
    expect(calls.cancelled).toContain(id);
  });
});
