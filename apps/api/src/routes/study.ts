import { ZApiError, ZCardActionParams, ZCheckRequest, ZCheckResponse, ZCardStateChange, ZNextCardQuery, ZNextCardResponse, ZReviewRequest, ZReviewResponse, ZSuspendRequest, ZUndoResponse } from '@recurrence/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { buryCard, checkAnswer, nextCard, setSuspended, submitReview, undoLastReview } from '../services/study';

export const studyRoutes: FastifyPluginAsyncZod = async (app) => {
  const errors = { 400: ZApiError, 401: ZApiError, 404: ZApiError, 409: ZApiError };
  app.addHook('onRequest', app.requireUser);

  app.get(
    '/next',
    { schema: { tags: ['study'], summary: 'The next card to study, with what each rating would schedule', querystring: ZNextCardQuery, response: { 200: ZNextCardResponse, ...errors } } },
    async (request) => nextCard(app.db, request.user!, request.query.deckId, new Date()),
  );

  app.post(
    '/reviews',
    { schema: { tags: ['study'], summary: 'Rate a card (idempotent by clientId)', body: ZReviewRequest, response: { 200: ZReviewResponse, 201: ZReviewResponse, ...errors } } },
    async (request, reply) => {
      const result = await submitReview(app.db, request.user!, request.body, new Date());
      return reply.status(result.duplicate ? 200 : 201).send(result);
    },
  );

  app.post(
    '/check',
    {
      schema: {
        tags: ['study'],
        summary: 'Grade an answer to a multiple-choice, numeric or type-in card and get its back (nothing is saved: the rating carries the answer)',
        body: ZCheckRequest,
        response: { 200: ZCheckResponse, ...errors },
      },
    },
    async (request) => checkAnswer(app.db, request.user!, request.body),
  );

  app.post(
    '/undo',
    { schema: { tags: ['study'], summary: 'Undo your latest rating (repeat to walk back further)', response: { 200: ZUndoResponse, ...errors } } },
    async (request) => undoLastReview(app.db, request.user!.id),
  );

  app.post(
    '/cards/:cardId/bury',
    { schema: { tags: ['study'], summary: 'Hide a card until tomorrow', params: ZCardActionParams, response: { 200: ZCardStateChange, ...errors } } },
    async (request) => buryCard(app.db, request.user!, request.params.cardId, new Date()),
  );

  app.put(
    '/cards/:cardId/suspended',
    {
      schema: { tags: ['study'], summary: 'Suspend or unsuspend a card', params: ZCardActionParams, body: ZSuspendRequest, response: { 200: ZCardStateChange, ...errors } },
    },
    async (request) => setSuspended(app.db, request.user!, request.params.cardId, request.body.suspended, new Date()),
  );
};
