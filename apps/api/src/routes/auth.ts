import { ZApiError, ZSessionResponse, ZSignInRequest, ZSignUpRequest } from '@recurrence/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError, unauthorized } from '../errors';
import { clientAddress, SIGN_INS_PER_ADDRESS_PER_MINUTE } from '../plugins/rate-limits';
import { createGuest, signIn, signUp, toUserView } from '../services/accounts';
import { DEVICE_COOKIE, DEVICE_COOKIE_PATH, DEVICE_TTL_MS, findDevice, rememberDevice } from '../services/known-devices';
import { createSession, deleteSession, SESSION_COOKIE } from '../services/sessions';
import { mergeGuestInto } from '../services/guest-merge';
import { SignInThrottle, type ThrottleSubject } from '../services/sign-in-throttle';
import { assertStrongPassword } from '../services/password-strength';

const HOUR = 60 * 60 * 1000;

export const authRoutes: FastifyPluginAsyncZod<{ sessionTtlDays: number; cookieSecure: boolean; selfServeInstructors: boolean }> = async (app, { sessionTtlDays, cookieSecure, selfServeInstructors }) => {
  const errors = { 400: ZApiError, 401: ZApiError, 403: ZApiError, 409: ZApiError, 429: ZApiError };
  const throttle = new SignInThrottle(app.limitStore);
  const { accountsPerAddressPerHour, guestsPerHour } = app.requestLimits;
  const perAddressPerHour = { rateLimit: { max: accountsPerAddressPerHour, timeWindow: HOUR, groupId: 'new-account' } };

  /** A new session for `userId`; the session the request came with (a guest's, a previous user's) ends. */
  async function startSession(request: FastifyRequest, reply: FastifyReply, userId: string) {
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await deleteSession(app.db.prisma, previous);
    const session = await createSession(app.db.prisma, userId, sessionTtlDays);
    app.setSessionCookie(reply, session.token, session.expiresAt);
    const device = await rememberDevice(app.db.prisma, userId, request.cookies[DEVICE_COOKIE]);
    reply.setCookie(DEVICE_COOKIE, device, { httpOnly: true, sameSite: 'lax', secure: cookieSecure, path: DEVICE_COOKIE_PATH, expires: new Date(Date.now() + DEVICE_TTL_MS) });
  }

  app.post(
    '/guest',
    {
      config: perAddressPerHour,
      schema: { tags: ['auth'], summary: 'Start studying as a guest (keeps progress when you sign up later)', response: { 201: ZSessionResponse, 429: ZApiError } },
    },
    async (request, reply) => {
      if (request.user) return reply.status(201).send({ user: toUserView(request.user) });
      await app.limitTotal('guests', guestsPerHour, HOUR, 'this server has taken all the guests it takes this hour; create an account instead');
      const user = await createGuest(app.db.prisma);
      const session = await createSession(app.db.prisma, user.id, sessionTtlDays);
      app.setSessionCookie(reply, session.token, session.expiresAt);
      return reply.status(201).send({ user: toUserView(user) });
    },
  );

  app.post(
    '/sign-up',
    {
      config: perAddressPerHour,
      schema: { tags: ['auth'], summary: 'Create an account (a guest is upgraded in place)', body: ZSignUpRequest, response: { 201: ZSessionResponse, ...errors } },
    },
    async (request, reply) => {
      if (request.user && !request.user.isGuest) throw unauthorized('sign out before creating another account');
      await assertStrongPassword(app.passwords, request.body.password, [request.body.email, request.body.displayName ?? '']);
      const user = await signUp(app.db.prisma, request.body, request.user, selfServeInstructors);
      // A guest's session is replaced too (its token may have been planted: session fixation).
      await startSession(request, reply, user.id);
      return reply.status(201).send({ user: toUserView(user) });
    },
  );

  app.post(
    '/sign-in',
    {
      config: { rateLimit: { max: SIGN_INS_PER_ADDRESS_PER_MINUTE, timeWindow: 60_000 } },
      schema: { tags: ['auth'], summary: 'Sign in with email and password', body: ZSignInRequest, response: { 200: ZSessionResponse, ...errors } },
    },
    async (request, reply) => {
      const subjects = await throttleSubjects(request, request.body.email);
      await throttle.check(subjects);
      let user;
      try {
        user = await signIn(app.db.prisma, request.body);
      } catch (error) {
        if (error instanceof HttpError && error.statusCode === 401) await throttle.fail(subjects);
        throw error;
      }
      // The right password ends the account's and the device's count; the address's stays (one's own account
      // must not reset the count of guesses at others').
      await throttle.succeed([...subjects.filter((s) => s.kind === 'device'), { kind: 'account', id: request.body.email }]);
      await startSession(request, reply, user.id);
      // A guest signing in to an existing account keeps what they studied as a guest.
      const merged = request.user?.isGuest && request.user.id !== user.id ? await mergeGuestInto(app.db, request.user.id, user.id) : undefined;
      return { user: toUserView(user), ...(merged ? { merged } : {}) };
    },
  );

  /**
   * Whose failures an attempt counts against. From a device that signed in to this account before, or with a
   * session of this account, only that device's (or session's) own count applies; from anywhere else, the
   * account's and the client address's.
   */
  async function throttleSubjects(request: FastifyRequest, email: string): Promise<ThrottleSubject[]> {
    const account = await app.db.prisma.user.findUnique({ where: { email }, select: { id: true } });
    if (account) {
      const device = await findDevice(app.db.prisma, request.cookies[DEVICE_COOKIE]);
      if (device?.userId === account.id) return [{ kind: 'device', id: device.id }];
      if (request.user?.id === account.id) return [{ kind: 'device', id: `session-of-${account.id}` }];
    }
    return [
      { kind: 'account', id: email },
      { kind: 'address', id: clientAddress(request) },
    ];
  }

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
