import { ZApiError, ZHealthResponse, ZReadinessResponse } from '@recurrence/contracts';
import { DATABASE_RETRY_AFTER_S, HttpError } from '../errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const healthRoutes: FastifyPluginAsyncZod<{ version: string }> = async (app, { version }) => {
  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Liveness (200 while the process runs, "degraded" when the database does not answer) and the database in use', response: { 200: ZHealthResponse } } },
    async () => {
      let status: 'ok' | 'degraded' = 'ok';
      try {
        await app.db.prisma.$queryRawUnsafe('SELECT 1');
      } catch {
        status = 'degraded';
      }
      return { status, database: app.db.provider, version, labBackend: app.lab?.backend ?? null };
    },
  );

  app.get(
    '/health/ready',
    { schema: { tags: ['health'], summary: 'Readiness: 200 when the database answers (with the lab queue backlog in PostgreSQL mode), 503 with Retry-After when it does not', response: { 200: ZReadinessResponse, 503: ZApiError } } },
    async () => {
      try {
        await app.db.prisma.$queryRawUnsafe('SELECT 1');
      } catch {
        throw new HttpError(503, 'the database cannot be reached right now', undefined, { 'retry-after': String(DATABASE_RETRY_AFTER_S) });
      }
      // The backlog is information, not a condition: a queue nobody works yet is not a reason to take this API out.
      const labQueue = app.lab ? await app.lab.backlog().catch(() => null) : null;
      return { status: 'ready' as const, database: app.db.provider, labQueue };
    },
  );
};
