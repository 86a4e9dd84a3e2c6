import { ZAccountType, ZApiError, ZDeleteAccountRequest, ZUserExport, ZSetAccountTypeRequest, ZSetRoleRequest, ZUser, ZUserIdParams, ZUserList } from '@recurrence/contracts';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listUsers, setAccountType, setRole, toUserView } from '../services/accounts';
import { confirmPassword, deleteAccount, exportFileName, exportUserData } from '../services/account-data';
import { SignInThrottle } from '../services/sign-in-throttle';

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

  app.get(
    '/me/export',
    {
      onRequest: app.requireUser,
      schema: {
        tags: ['users'],
        summary: 'Download all your data as JSON (profile, settings, plans, decks and notes, card states, reviews, classes, quiz attempts, lab runs)',
        response: { 200: ZUserExport, 401: ZApiError },
      },
    },
    async (request, reply) => {
      const now = new Date();
      const data = await exportUserData(app.db.prisma, request.user!.id, now);
      reply.header('content-disposition', `attachment; filename="${exportFileName(now)}"`).header('cache-control', 'no-store');
      return data;
    },
  );

  // A wrong password counts as a failed sign-in of this session (the same throttle): a stolen session cannot guess
  // the password here faster than at sign-in.
  const throttle = new SignInThrottle(app.limitStore);
  app.delete(
    '/me',
    {
      onRequest: app.requireUser,
      schema: {
        tags: ['users'],
        summary:
          'Delete your account and everything you own (your password confirms it; a guest sends nothing). Your decks go with their notes, cards and quiz sets, your classes with their assignments. The last admin is refused (409). Signs you out.',
        body: ZDeleteAccountRequest.nullish(),
        response: { 204: z.null(), ...errors, 429: ZApiError },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const subject = [{ kind: 'device' as const, id: `session-of-${user.id}` }];
      await throttle.check(subject);
      try {
        await confirmPassword(user, request.body?.password);
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 403) await throttle.fail(subject);
        throw error;
      }
      const { runsToCancel } = await deleteAccount(app.db, user);
      for (const runId of runsToCancel) app.lab?.cancel(runId);
      app.clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );
};
