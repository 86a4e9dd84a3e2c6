import { ZApiError, ZLabExport, ZLabInfo, ZLabRun, ZLabRunParams, ZLabRunRequest, type TLabRunEvent } from '@recurrence/contracts';
import { notFound } from '../errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { cancelLabRun, getLabRun, MAX_CONCURRENT_RUNS_PER_USER, startLabRun, toLabRunView } from '../services/lab-runs';

const TERMINAL = new Set(['done', 'failed', 'cancelled']);
const HEARTBEAT_MS = 15_000;

export const labRoutes: FastifyPluginAsyncZod = async (app) => {
  const errors = { 400: ZApiError, 401: ZApiError, 403: ZApiError, 404: ZApiError, 429: ZApiError, 503: ZApiError };

  app.get('/', { schema: { tags: ['lab'], summary: 'The lab backend and limits', response: { 200: ZLabInfo } } }, async () => {
    const codeVersion = app.lab ? (await app.lab.ready).codeVersion : 'unavailable';
    return { backend: app.lab?.backend ?? null, codeVersion, maxConcurrentRunsPerUser: MAX_CONCURRENT_RUNS_PER_USER };
  });

  app.post(
    '/runs',
    {
      onRequest: app.requireUser,
      schema: {
        tags: ['lab'],
        summary: 'Start an experiment (or get the cached result of an identical one)',
        body: ZLabRunRequest,
        response: { 200: ZLabRun, 202: ZLabRun, ...errors },
      },
    },
    async (request, reply) => {
      const { run, created } = await startLabRun(app.db, app.requireLab(), request.user!.id, request.body);
      return reply.status(created || run.status !== 'done' ? 202 : 200).send(run);
    },
  );

  app.get(
    '/runs/:runId',
    { onRequest: app.requireUser, schema: { tags: ['lab'], summary: 'A run you started or asked for: its state, and its result once done', params: ZLabRunParams, response: { 200: ZLabRun, ...errors } } },
    async (request) => toLabRunView(await getLabRun(app.db.prisma, request.user!, request.params.runId)),
  );

  app.delete(
    '/runs/:runId',
    {
      onRequest: app.requireUser,
      schema: { tags: ['lab'], summary: 'Stop waiting for a run (it stops when nobody else waits for it)', params: ZLabRunParams, response: { 202: ZLabRun, ...errors } },
    },
    async (request, reply) => reply.status(202).send(await cancelLabRun(app.db.prisma, app.requireLab(), request.user!, request.params.runId)),
  );

  app.get(
    '/runs/:runId/export',
    {
      onRequest: app.requireUser,
      schema: {
        tags: ['lab'],
        summary: 'The run as re-checkable JSON: initial weights, inputs, targets, hyper-parameters and the gradients it reported',
        params: ZLabRunParams,
        response: { 200: ZLabExport, ...errors },
      },
    },
    async (request, reply) => {
      const row = await getLabRun(app.db.prisma, request.user!, request.params.runId);
      if (!row.exported) throw notFound(`no export stored for lab run ${request.params.runId}: it has not finished, or it ran before exports were kept`, 'params.runId');
      reply.header('content-disposition', `attachment; filename="lab-${row.experiment}-${row.id}.json"`);
      return row.exported as never;
    },
  );

  // Server-sent events: the run's state now, then every change until it finishes.
  app.get(
    '/runs/:runId/events',
    { onRequest: app.requireUser, schema: { tags: ['lab'], summary: 'Progress of a run you started or asked for, as server-sent events', params: ZLabRunParams } },
    async (request, reply) => {
      const runner = app.requireLab();
      const id = request.params.runId;
      const pending: TLabRunEvent[] = [];
      let write: (event: TLabRunEvent) => void = (event) => pending.push(event);
      const unsubscribe = runner.subscribe(id, (event) => write(event));
      let row;
      try {
        row = await getLabRun(app.db.prisma, request.user!, id);
      } catch (error) {
        unsubscribe();
        throw error;
      }
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' });
      let open = true;
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const close = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        unsubscribe();
        raw.end();
      };
      write = (event) => {
        if (!open) return;
        raw.write(`event: state\ndata: ${JSON.stringify(event)}\n\n`);
        if (TERMINAL.has(event.status)) close();
      };
      request.raw.on('close', close);
      write({ id: row.id, status: row.status as TLabRunEvent['status'], progress: row.progress, message: row.message, error: row.error });
      for (const event of pending) write(event);
    },
  );
};
