import { ZHealthResponse } from '@recurrence/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const healthRoutes: FastifyPluginAsyncZod<{ version: string }> = async (app, { version }) => {
  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Liveness and the database in use', response: { 200: ZHealthResponse } } },
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
};
