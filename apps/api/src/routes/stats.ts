import { ZApiError, ZStatsQuery, ZStatsResponse } from '@recurrence/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { userStats } from '../services/stats';

export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      onRequest: app.requireUser,
      schema: { tags: ['stats'], summary: 'Your review statistics, for one deck or all', querystring: ZStatsQuery, response: { 200: ZStatsResponse, 400: ZApiError, 401: ZApiError } },
    },
    async (request) => userStats(app.db.prisma, app.compute, request.user!, request.query.deckId, new Date()),
  );
};
