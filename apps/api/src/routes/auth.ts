import { ZApiError, ZSessionResponse, ZSignInRequest, ZSignUpRequest } from '@recurrence/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unauthorized } from '../errors';
import { createGuest, signIn, signUp, toUserView } from '../services/accounts';
import { createSession, deleteSession, SESSION_COOKIE } from '../services/sessions';
import { SignInThrottle } from '../services/sign-in-throttle';

export const authRoutes: FastifyPluginAsyncZod<{ sessionTtlDays: number }> = async (app, { sessionTtlDays }) => {
  const errors = { 400: ZApiError, 401: ZApiError, 409: ZApiError, 429: ZApiError };
  const throttle = new SignInThrottle();

  app.post(
    '/guest',
    { schema: { tags: ['auth'], summary: 'Start studying as a guest (keeps progress when you sign up later)', response: { 201: ZSessionResponse } } },
    async (request, reply) => {
      const user = request.user ?? (await createGuest(app.db.prisma));
      if (!request.user) {
        const session = await createSession(app.db.prisma, user.id, sessionTtlDays);
        app.setSessionCookie(reply, session.token, session.expiresAt);
      }
      return reply.status(201).send({ user: toUserView(user) });
    },
  );

  app.post(
    '/sign-up',
    { schema: { tags: ['auth'], summary: 'Create an account (a guest is upgraded in place)', body: ZSignUpRequest, response: { 201: ZSessionResponse, ...errors } } },
    async (request, reply) => {
      const wasGuest = request.user?.isGuest === true;
      if (request.user && !wasGuest) throw unauthorized('sign out before creating another account');
      const user = await signUp(app.db.prisma, request.body, request.user);
      if (!wasGuest) {
        const session = await createSession(app.db.prisma, user.id, sessionTtlDays);
        app.setSessionCookie(reply, session.token, session.expiresAt);
      }
      return reply.status(201).send({ user: toUserView(user) });
    },
  );

  app.post(
    '/sign-in',
    { schema: { tags: ['auth'], summary: 'Sign in with email and password', body: ZSignInRequest, response: { 200: ZSessionResponse, ...errors } } },
    async (request, reply) => {
      throttle.check(request.body.email, request.ip);
      let user;
      try {
        user = await signIn(app.db.prisma, request.body);
      } catch (error) {
        throttle.fail(request.body.email, request.ip);
        throw error;
      }
      throttle.succeed(request.body.email);
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await deleteSession(app.db.prisma, previous);
      const session = await createSession(app.db.prisma, user.id, sessionTtlDays);
      app.setSessionCookie(reply, session.token, session.expiresAt);
      return { user: toUserView(user) };
    },
  );

  app.post(
    '/sign-out',
    { schema: { tags: ['auth'], summary: 'End this session', response: { 204: z.null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await deleteSession(app.db.prisma, token);
      app.clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    { onRequest: app.requireUser, schema: { tags: ['auth'], summary: 'The current user', response: { 200: ZSessionResponse, 401: ZApiError } } },
    async (request) => ({ user: toUserView(request.user!) }),
  );
};
