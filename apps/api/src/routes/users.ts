import { ZAccountType, ZApiError, ZSetAccountTypeRequest, ZSetRoleRequest, ZUser, ZUserIdParams, ZUserList } from '@recurrence/contracts';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listUsers, setAccountType, setRole, toUserView } from '../services/accounts';

/** Account administration: the admin lists accounts and promotes instructors; users choose an instructor account where allowed. */
export const userRoutes: FastifyPluginAsyncZod<{ selfServeInstructors: boolean }> = async (app, { selfServeInstructors }) => {
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

  app.get(
    '/account-types',
    {
      schema: {
        tags: ['users'],
        summary: 'The account types a user may choose at sign-up and in Settings (instructor: only when the server lets users choose)',
        response: { 200: z.object({ choosable: z.array(ZAccountType) }) },
      },
    },
    async () => ({ choosable: selfServeInstructors ? ZAccountType.options : ['student' as const] }),
  );

  app.put(
    '/me/account-type',
    {
      onRequest: app.requireUser,
      schema: { tags: ['users'], summary: 'Switch your own account between student and instructor', body: ZSetAccountTypeRequest, response: { 200: ZUser, ...errors } },
    },
    async (request) => toUserView(await setAccountType(app.db.prisma, request.user!, request.body.accountType, selfServeInstructors)),
  );
};
