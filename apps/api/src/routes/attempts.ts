import { ZApiError, ZAttemptParams, ZAttemptView, ZGradeRequest, ZResponseParams, ZSaveAnswerRequest, ZSaveAnswerResponse } from '@recurrence/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { gradeResponse, saveAnswer, submitAttempt, viewAttempt } from '../services/attempts';

/** Attempts: the taker answers and submits; the set's instructor grades. */
export const attemptRoutes: FastifyPluginAsyncZod = async (app) => {
  const errors = { 400: ZApiError, 401: ZApiError, 403: ZApiError, 404: ZApiError, 409: ZApiError };
  const tags = ['attempts'];
  app.addHook('onRequest', app.requireUser);

  app.get(
    '/:attemptId',
    {
      schema: {
        tags,
        summary: 'An attempt: while open, the questions without their answers; once submitted, marks, comments and (if the set shows them) the answers',
        params: ZAttemptParams,
        response: { 200: ZAttemptView, ...errors },
      },
    },
    async (request) => viewAttempt(app.db.prisma, request.user!, request.params.attemptId, new Date()),
  );

  app.put(
    '/:attemptId/responses/:slot',
    {
      schema: { tags, summary: 'Save (or clear, with null) your answer to one question of your open attempt', params: ZResponseParams, body: ZSaveAnswerRequest, response: { 200: ZSaveAnswerResponse, ...errors } },
    },
    async (request) => saveAnswer(app.db.prisma, request.user!, request.params.attemptId, request.params.slot, request.body.answer, new Date()),
  );

  app.post(
    '/:attemptId/submit',
    { schema: { tags, summary: 'Submit your attempt: it is marked at once, except written answers', params: ZAttemptParams, response: { 200: ZAttemptView, ...errors } } },
    async (request) => submitAttempt(app.db.prisma, request.user!, request.params.attemptId, new Date()),
  );

  app.put(
    '/:attemptId/responses/:slot/grade',
    { schema: { tags, summary: 'Mark one question of a submitted attempt, with a comment (the set\'s instructor)', params: ZResponseParams, body: ZGradeRequest, response: { 200: ZAttemptView, ...errors } } },
    async (request) => gradeResponse(app.db.prisma, request.user!, request.params.attemptId, request.params.slot, request.body, new Date()),
  );
};
