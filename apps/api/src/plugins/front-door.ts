import replyFrom from '@fastify/reply-from';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { TApiError } from '@recurrence/contracts';
import { pageNonce } from './security-headers';

export type FrontDoorOptions = {
  /** The Next.js server that renders the pages, e.g. `http://127.0.0.1:3001`. */
  webUpstream: string;
};

/** Paths this process answers itself; everything else is a page of the web app. */
export const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

const badGateway: TApiError = { statusCode: 502, error: 'Bad Gateway', message: 'the web app is not reachable; try again in a moment' };

/**
 * The API as the front door (`npm start`): /api is served in-process, so API requests pass no proxy at all;
 * every other path (pages, `/_next/*` assets) is streamed to the Next.js server by @fastify/reply-from (undici,
 * keep-alive, no buffering of either direction). Pages are read-only: only GET and HEAD are forwarded, so no
 * request body ever reaches Next; every write goes to /api and its body limit. An unknown /api path keeps the
 * API's JSON 404 instead of reaching Next.
 */
export const frontDoorPlugin = fp<FrontDoorOptions>(
  async (app: FastifyInstance, { webUpstream }) => {
    await app.register(replyFrom, {
      base: webUpstream,
      undici: { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 },
    });
    app.route({
      method: 'GET',
      url: '/*',
      schema: { hide: true },
      handler: (request, reply) => {
        if (isApiPath(request.url)) return reply.callNotFound();
        return reply.from(request.url, {
          rewriteRequestHeaders: (req, headers) => ({
            ...headers,
            'x-forwarded-for': req.ip,
            'x-forwarded-host': req.headers.host ?? '',
            'x-forwarded-proto': req.protocol,
            // Next.js reads the nonce for its scripts from this request header; the response carries the same one.
            'content-security-policy': `script-src 'nonce-${pageNonce(reply.raw)}'`,
          }),
          onError: (res, { error }) => {
            request.log.warn({ err: error }, 'web app unreachable');
            res.status(502).send(badGateway);
          },
        });
      },
    });
  },
  { name: 'front-door', dependencies: ['security-headers'] },
);
