import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { TRole } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { forbidden, unauthorized } from '../errors';
import { findSessionUser, SESSION_COOKIE } from '../services/sessions';
import { isApiPath } from './front-door';

type UserRow = Awaited<ReturnType<PrismaClient['user']['findUniqueOrThrow']>>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user (or guest), resolved from the session cookie; null without a valid session. */
    user: UserRow | null;
  }
  interface FastifyInstance {
    requireUser(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    requireRole(...roles: TRole[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date): void;
    clearSessionCookie(reply: FastifyReply): void;
  }
}

export type AuthOptions = { cookieSecure: boolean; sessionTtlDays: number };

/** Resolves the session cookie on every request; routes opt into `requireUser` / `requireRole`. */
export const authPlugin = fp<AuthOptions>(
  async (app: FastifyInstance, options) => {
    app.decorateRequest('user', null);

    app.addHook('onRequest', async (request) => {
      // Pages handed to the web app (front-door.ts) need no session lookup here.
      // Nor do the health checks: liveness must answer while the database (where sessions live) does not.
      if (!isApiPath(request.url) || request.url.startsWith('/api/health')) return;
      const token = request.cookies[SESSION_COOKIE];
      if (!token) return;
      const found = await findSessionUser(app.db.prisma, token, options.sessionTtlDays);
      request.user = found?.user ?? null;
    });

    app.decorate('requireUser', async (request: FastifyRequest) => {
      if (!request.user) throw unauthorized('no valid session: sign in, or start as a guest');
    });

    app.decorate('requireRole', (...roles: TRole[]) => async (request: FastifyRequest) => {
      if (!request.user) throw unauthorized('no valid session: sign in first');
      if (!roles.includes(request.user.role as TRole)) throw forbidden(`needs the role ${roles.join(' or ')}`);
    });

    app.decorate('setSessionCookie', (reply: FastifyReply, token: string, expiresAt: Date) => {
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: options.cookieSecure,
        path: '/',
        expires: expiresAt,
      });
    });

    app.decorate('clearSessionCookie', (reply: FastifyReply) => {
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.cookieSecure });
    });
  },
  { name: 'auth', dependencies: ['database', '@fastify/cookie'] },
);

