import { ZApiError, ZSetRoleRequest, ZUser, ZUserIdParams, ZUserList } from '@recurrence/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listUsers, setRole, toUserView } from '../services/accounts';

/** Account administration: the admin lists accounts and promotes instructors. */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const adminOnly = app.requireRole('admin');
  const errors = { 400: ZApiError, 401: ZApiError, 403: ZApiError, 404: ZApiError, 409: ZApiError };

  app.get(
    '/',
    { onRequest: adminOnly, schema: { tags: ['users'], summary: 'All accounts (admin)', response: { 200: ZUserList, ...errors } } },
    async () => ({ users: (await listUsers(app.db.prisma)).map(toUserView) }),
  );

  app.put(
    '/:userId/role',
    {
      onRequest: adminOnly,
      schema: { tags: ['users'], summary: "Set an account's role (admin)", params: ZUserIdParams, body: ZSetRoleRequest, response: { 200: ZUser, ...errors } },
    },
    async (request) => toUserView(await setRole(app.db.prisma, request.user!, request.params.userId, request.body.role)),
  );
};
