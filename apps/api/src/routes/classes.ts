import {
  CLASS_LIMITS,
  ZApiError,
  ZAssignQuizSetRequest,
  ZClassAssignmentParams,
  ZClassDetail,
  ZClassItemStatistics,
  ZClassItemStatisticsQuery,
  ZClassList,
  ZClassMemberList,
  ZClassMemberParams,
  ZClassParams,
  ZClassResults,
  ZClassSummary,
  ZCreateClassRequest,
  ZJoinClassRequest,
  ZUpdateClassRequest,
} from '@recurrence/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assignQuizSet, createClass, deleteClass, getClass, joinClass, listClasses, listMembers, removeMember, rotateJoinCode, unassignQuizSet, updateClass } from '../services/classes';
import { classItemStatistics } from '../services/class-item-statistics';
import { classResults, classResultsCsv } from '../services/quiz-results';

/** Classes: instructors create them and assign quiz sets; students join with a code. Everything needs a session. */
export const classRoutes: FastifyPluginAsyncZod = async (app) => {
  const errors = { 400: ZApiError, 401: ZApiError, 403: ZApiError, 404: ZApiError, 409: ZApiError };
  const tags = ['classes'];
  app.addHook('onRequest', app.requireUser);

  app.get('/', { schema: { tags, summary: 'Classes you teach (admins: all) and classes you joined', response: { 200: ZClassList, ...errors } } }, async (request) =>
    listClasses(app.db.prisma, request.user!),
  );

  app.post(
    '/',
    { schema: { tags, summary: 'Create a class (instructors and admins); it gets a join code', body: ZCreateClassRequest, response: { 201: ZClassSummary, ...errors } } },
    async (request, reply) => reply.status(201).send(await createClass(app.db.prisma, request.user!, request.body)),
  );

  app.post(
    '/join',
    {
      // Per account, not per address: a school's students share one address.
      config: { rateLimit: { max: CLASS_LIMITS.joinsPerHour, timeWindow: 60 * 60_000, keyGenerator: (request: FastifyRequest) => request.user?.id ?? request.ip, groupId: 'class-join' } },
      schema: { tags, summary: 'Join a class with its join code (signed-up accounts)', body: ZJoinClassRequest, response: { 200: ZClassDetail, ...errors, 429: ZApiError } },
    },
    async (request) => joinClass(app.db.prisma, request.user!, request.body.code, new Date()),
  );

  app.get(
    '/:classId',
    { schema: { tags, summary: 'A class: its instructor sees the join code, its students their own attempts', params: ZClassParams, response: { 200: ZClassDetail, ...errors } } },
    async (request) => getClass(app.db.prisma, request.user!, request.params.classId, new Date()),
  );

  app.patch(
    '/:classId',
    { schema: { tags, summary: "Rename a class, or open or close it to new students (its instructor)", params: ZClassParams, body: ZUpdateClassRequest, response: { 200: ZClassDetail, ...errors } } },
    async (request) => updateClass(app.db.prisma, request.user!, request.params.classId, request.body, new Date()),
  );

  app.delete(
    '/:classId',
    { schema: { tags, summary: 'Delete a class (its members and assignments; attempts stay with their quiz sets)', params: ZClassParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await deleteClass(app.db.prisma, request.user!, request.params.classId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/:classId/join-code',
    { schema: { tags, summary: 'Replace the join code (the old one stops working)', params: ZClassParams, response: { 200: ZClassDetail, ...errors } } },
    async (request) => rotateJoinCode(app.db.prisma, request.user!, request.params.classId, new Date()),
  );

  app.get(
    '/:classId/members',
    { schema: { tags, summary: "A class's students (its instructor)", params: ZClassParams, response: { 200: ZClassMemberList, ...errors } } },
    async (request) => listMembers(app.db.prisma, request.user!, request.params.classId),
  );

  app.delete(
    '/:classId/members/:userId',
    { schema: { tags, summary: 'Remove a student (its instructor), or leave the class (the student)', params: ZClassMemberParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await removeMember(app.db.prisma, request.user!, request.params.classId, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/:classId/assignments',
    {
      schema: { tags, summary: 'Assign one of your quiz sets to the class (study: its cards enter the students\' study queue)', params: ZClassParams, body: ZAssignQuizSetRequest, response: { 200: ZClassDetail, ...errors } },
    },
    async (request) => assignQuizSet(app.db.prisma, request.user!, request.params.classId, request.body, new Date()),
  );

  app.delete(
    '/:classId/assignments/:quizSetId',
    { schema: { tags, summary: 'Take a quiz set off the class', params: ZClassAssignmentParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await unassignQuizSet(app.db.prisma, request.user!, request.params.classId, request.params.quizSetId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/:classId/results',
    { schema: { tags, summary: 'The class dashboard: per student scores, attempts, study progress and true retention; per set', params: ZClassParams, response: { 200: ZClassResults, ...errors } } },
    async (request) => classResults(app.db.prisma, request.user!, request.params.classId, new Date()),
  );

  app.get(
    '/:classId/item-statistics',
    {
      schema: {
        tags,
        summary: "The class dashboard per question: each assigned set's item statistics over this class's attempts, and the answers awaiting grading",
        params: ZClassParams,
        querystring: ZClassItemStatisticsQuery,
        response: { 200: ZClassItemStatistics, ...errors },
      },
    },
    async (request) => classItemStatistics(app.db.prisma, request.user!, request.params.classId, request.query, new Date()),
  );

  app.get(
    '/:classId/results.csv',
    { schema: { tags, summary: 'The class dashboard as CSV (UTF-8 with BOM, one row per student)', params: ZClassParams, produces: ['text/csv'], response: { 200: z.string(), ...errors } } },
    async (request, reply) => {
      const results = await classResults(app.db.prisma, request.user!, request.params.classId, new Date());
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="class-${results.classId}-results.csv"`)
        .send(classResultsCsv(results));
    },
  );
};
