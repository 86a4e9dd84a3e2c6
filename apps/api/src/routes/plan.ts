import { ZApiError, ZInterviewDateRequest, ZPlanParams, ZPlanResponse } from '@recurrence/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deletePlan, listPlans, setPlan } from '../services/plan';

export const planRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireUser);
  const errors = { 400: ZApiError, 401: ZApiError, 404: ZApiError };

  app.get('/', { schema: { tags: ['plan'], summary: 'Your interview dates with their plan and forecast', response: { 200: ZPlanResponse, ...errors } } }, async (request) => ({
    plans: await listPlans(app.db.prisma, app.compute, request.user!.id, new Date()),
  }));

  app.put(
    '/:deckId',
    {
      schema: {
        tags: ['plan'],
        summary: 'Set the interview date for a deck ("*" for all decks)',
        params: ZPlanParams,
        body: ZInterviewDateRequest,
        response: { 200: z.object({ moved: z.number().int() }), ...errors },
      },
    },
    async (request) => setPlan(app.db, request.user!, request.params.deckId, request.body.date, request.body.targetRetention, new Date()),
  );

  app.delete(
    '/:deckId',
    { schema: { tags: ['plan'], summary: 'Remove an interview date', params: ZPlanParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await deletePlan(app.db.prisma, request.user!.id, request.params.deckId);
      return reply.status(204).send(null);
    },
  );
};
