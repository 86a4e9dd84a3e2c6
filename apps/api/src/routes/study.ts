import { ZApiError, ZNextCardQuery, ZNextCardResponse, ZReviewRequest, ZReviewResponse } from '@recurrence/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { nextCard, submitReview } from '../services/study';

export const studyRoutes: FastifyPluginAsyncZod = async (app) => {
  const errors = { 400: ZApiError, 401: ZApiError, 404: ZApiError, 409: ZApiError };
  app.addHook('onRequest', app.requireUser);

  app.get(
    '/next',
    { schema: { tags: ['study'], summary: 'The next card to study, with what each rating would schedule', querystring: ZNextCardQuery, response: { 200: ZNextCardResponse, ...errors } } },
    async (request) => nextCard(app.db.prisma, request.user!.id, request.query.deckId, new Date()),
  );

  app.post(
    '/reviews',
    { schema: { tags: ['study'], summary: 'Rate a card (idempotent by clientId)', body: ZReviewRequest, response: { 200: ZReviewResponse, 201: ZReviewResponse, ...errors } } },
    async (request, reply) => {
      const result = await submitReview(app.db.prisma, request.user!.id, request.body, new Date());
      return reply.status(result.duplicate ? 200 : 201).send(result);
    },
  );
};
