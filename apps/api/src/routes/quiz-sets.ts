import {
  ZApiError,
  ZAttemptList,
  ZAttemptListQuery,
  ZAttemptView,
  ZCreateQuizSetRequest,
  ZItemStatistics,
  ZQuizSet,
  ZQuizSetForTaker,
  ZQuizSetList,
  ZQuizSetParams,
  ZShareTokenParams,
  ZStartAttemptRequest,
  ZStatisticsQuery,
  ZUpdateQuizSetRequest,
} from '@recurrence/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAttempts, setByToken, setForTaker, startAttempt } from '../services/attempts';
import { takeAccess } from '../services/quiz-sets';
import { createQuizSet, deleteQuizSet, getQuizSet, listQuizSets, rotateShareToken, updateQuizSet } from '../services/quiz-sets';
import { quizSetStatistics, statisticsCsv, statisticsNotes } from '../services/quiz-results';

/** Quiz sets: decks an instructor publishes for graded attempts. Everything needs a session (a guest may take a linked set). */
export const quizSetRoutes: FastifyPluginAsyncZod = async (app) => {
  const errors = { 400: ZApiError, 401: ZApiError, 403: ZApiError, 404: ZApiError, 409: ZApiError };
  const tags = ['quiz sets'];
  app.addHook('onRequest', app.requireUser);

  app.get('/', { schema: { tags, summary: 'Your quiz sets (instructors; admins: all)', response: { 200: ZQuizSetList, ...errors } } }, async (request) =>
    listQuizSets(app.db.prisma, request.user!),
  );

  app.post(
    '/',
    { schema: { tags, summary: 'Publish one of your decks (or a built-in one) as a quiz set', body: ZCreateQuizSetRequest, response: { 201: ZQuizSet, ...errors } } },
    async (request, reply) => reply.status(201).send(await createQuizSet(app.db.prisma, request.user!, request.body)),
  );

  app.get(
    '/shared/:token',
    { schema: { tags, summary: 'The quiz set a share link opens, with your attempts of it', params: ZShareTokenParams, response: { 200: ZQuizSetForTaker, ...errors } } },
    async (request) => setByToken(app.db.prisma, request.user!, request.params.token, new Date()),
  );

  app.get(
    '/:quizSetId',
    { schema: { tags, summary: 'A quiz set with its settings, classes and counts (its instructor)', params: ZQuizSetParams, response: { 200: ZQuizSet, ...errors } } },
    async (request) => getQuizSet(app.db.prisma, request.user!, request.params.quizSetId),
  );

  app.patch(
    '/:quizSetId',
    { schema: { tags, summary: 'Change a quiz set\'s settings (attempts already started keep theirs)', params: ZQuizSetParams, body: ZUpdateQuizSetRequest, response: { 200: ZQuizSet, ...errors } } },
    async (request) => updateQuizSet(app.db.prisma, request.user!, request.params.quizSetId, request.body),
  );

  app.delete(
    '/:quizSetId',
    { schema: { tags, summary: 'Delete a quiz set and every attempt of it', params: ZQuizSetParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await deleteQuizSet(app.db.prisma, request.user!, request.params.quizSetId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/:quizSetId/share-link',
    { schema: { tags, summary: 'Share by a new link (an earlier link stops working)', params: ZQuizSetParams, response: { 200: ZQuizSet, ...errors } } },
    async (request) => rotateShareToken(app.db.prisma, request.user!, request.params.quizSetId),
  );

  app.get(
    '/:quizSetId/taking',
    {
      schema: {
        tags,
        summary: 'A quiz set as its taker sees it, with their own attempts (through a class it is assigned to, or its share token)',
        params: ZQuizSetParams,
        querystring: ZStartAttemptRequest,
        response: { 200: ZQuizSetForTaker, ...errors },
      },
    },
    async (request) => {
      const access = await takeAccess(app.db.prisma, request.user!, request.params.quizSetId, request.query);
      return setForTaker(app.db.prisma, request.user!, access, new Date());
    },
  );

  app.post(
    '/:quizSetId/attempts',
    {
      schema: {
        tags,
        summary: 'Start an attempt (201), or get back your attempt that is still open (200)',
        params: ZQuizSetParams,
        body: ZStartAttemptRequest,
        response: { 200: ZAttemptView, 201: ZAttemptView, ...errors },
      },
    },
    async (request, reply) => {
      const { view, created } = await startAttempt(app.db.prisma, request.user!, request.params.quizSetId, request.body, new Date());
      return reply.status(created ? 201 : 200).send(view);
    },
  );

  app.get(
    '/:quizSetId/attempts',
    { schema: { tags, summary: "The set's attempts, for grading (its instructor)", params: ZQuizSetParams, querystring: ZAttemptListQuery, response: { 200: ZAttemptList, ...errors } } },
    async (request) =>
      listAttempts(app.db.prisma, request.user!, request.params.quizSetId, { classId: request.query.classId, awaitingGrading: request.query.awaitingGrading === 'true' }, new Date()),
  );

  app.get(
    '/:quizSetId/statistics',
    {
      schema: { tags, summary: 'Item statistics (Moodle\'s facility and discrimination indices, common wrong answers)', params: ZQuizSetParams, querystring: ZStatisticsQuery, response: { 200: ZItemStatistics, ...errors } },
    },
    async (request) => quizSetStatistics(app.db.prisma, request.user!, request.params.quizSetId, request.query, new Date()),
  );

  app.get(
    '/:quizSetId/statistics.csv',
    {
      schema: {
        tags,
        summary: 'Item statistics as CSV (UTF-8 with BOM, one row per question)',
        params: ZQuizSetParams,
        querystring: ZStatisticsQuery.extend({ lang: z.enum(['en', 'zh']).default('en') }).strict(),
        produces: ['text/csv'],
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const { lang, ...query } = request.query;
      const stats = await quizSetStatistics(app.db.prisma, request.user!, request.params.quizSetId, query, new Date());
      const csv = statisticsCsv(stats, await statisticsNotes(app.db.prisma, stats), lang);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="quiz-${stats.quizSetId}-statistics.csv"`).send(csv);
    },
  );
};
