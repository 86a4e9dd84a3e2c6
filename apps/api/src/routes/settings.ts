import { ZApiError, ZOptimizeResponse, ZStudySettings, ZStudySettingsPatch } from '@recurrence/contracts';
import { optimizeForUser } from '../services/optimize';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getSettings, publicSettings, updateSettings } from '../services/settings';

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireUser);
  const errors = { 400: ZApiError, 401: ZApiError };

  app.get('/', { schema: { tags: ['settings'], summary: 'Your scheduling settings', response: { 200: ZStudySettings, ...errors } } }, async (request) =>
    publicSettings(await getSettings(app.db.prisma, request.user!.id)),
  );

  app.patch(
    '/',
    { schema: { tags: ['settings'], summary: 'Change scheduling settings', body: ZStudySettingsPatch, response: { 200: ZStudySettings, ...errors } } },
    async (request) => publicSettings(await updateSettings(app.db.prisma, request.user!.id, request.body)),
  );

  app.post(
    '/optimize',
    { schema: { tags: ['settings'], summary: 'Fit FSRS parameters to your own reviews', response: { 200: ZOptimizeResponse, ...errors } } },
    async (request) => optimizeForUser(app.db.prisma, app.compute, request.user!.id),
  );
};
