import { ZApiError, ZBrowseCard, ZCardActionParams, ZCardHistory, ZRescheduleRequest } from '@recurrence/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { cardHistory, rescheduleCard, resetCard, suspendFromBrowser } from '../services/card-browser';

/** One card, for the signed-in user: its history and what the card browser does to it. Each action can be undone (POST /study/undo). */
export const cardRoutes: FastifyPluginAsyncZod = async (app) => {
  const errors = { 400: ZApiError, 401: ZApiError, 404: ZApiError, 409: ZApiError };
  app.addHook('onRequest', app.requireUser);
  const action = { params: ZCardActionParams, response: { 200: ZBrowseCard, ...errors } };

  app.get(
    '/:cardId/history',
    { schema: { tags: ['cards'], summary: "A card's review log (your ratings, undone ones marked) and its buries, suspensions, resets and reschedules, latest first", params: ZCardActionParams, response: { 200: ZCardHistory, ...errors } } },
    async (request) => cardHistory(app.db.prisma, request.user!, request.params.cardId),
  );

  app.post(
    '/:cardId/suspend',
    { schema: { tags: ['cards'], summary: 'Take a card out of study (its schedule is kept)', ...action } },
    async (request) => suspendFromBrowser(app.db, request.user!, request.params.cardId, true, new Date()),
  );

  app.post(
    '/:cardId/unsuspend',
    { schema: { tags: ['cards'], summary: 'Put a suspended card back into study', ...action } },
    async (request) => suspendFromBrowser(app.db, request.user!, request.params.cardId, false, new Date()),
  );

  app.post(
    '/:cardId/reset',
    { schema: { tags: ['cards'], summary: 'Forget a card: it is new again (its review log is kept)', ...action } },
    async (request) => resetCard(app.db, request.user!, request.params.cardId, new Date()),
  );

  app.post(
    '/:cardId/reschedule',
    {
      schema: {
        tags: ['cards'],
        summary: "Set a studied card's due date (a day in your time zone, today or later; its memory state is kept)",
        body: ZRescheduleRequest,
        ...action,
      },
    },
    async (request) => rescheduleCard(app.db, request.user!, request.params.cardId, request.body.date, new Date()),
  );
};
