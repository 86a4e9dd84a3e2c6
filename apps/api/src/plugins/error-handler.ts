import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { TApiError } from '@recurrence/contracts';
import { DATABASE_RETRY_AFTER_S, HttpError, isDatabaseUnavailable, STORAGE_RETRY_AFTER_S, storageProblem } from '../errors';

const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function body(statusCode: number, message: string, extra: Partial<TApiError> = {}): TApiError {
  return { statusCode, error: reasons[statusCode] ?? 'Error', message, ...extra };
}

/** `/email` in the body → `body.email`; `/items/0/id` → `body.items.0.id`. */
function fieldName(context: string | undefined, instancePath: string): string {
  const path = instancePath.split('/').filter(Boolean).join('.');
  return [context ?? 'body', path].filter(Boolean).join('.');
}

/**
 * Errors the router raises before any route or error handler runs (Fastify's `frameworkErrors` option): a path that is
 * not valid percent-encoded UTF-8 (e.g. `%ED%A0%80`, a lone surrogate) and a path parameter over the router's length
 * limit. Without it Fastify answers with its own body, which names no field and echoes the whole path.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply.status(414).send(body(414, 'params: a path parameter is longer than the 100 characters any id may have', { field: 'params' }));
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return reply.status(400).send(body(400, 'params: the path is not valid percent-encoded UTF-8', { field: 'params' }));
  }
  return reply.status(500).send(body(500, 'something went wrong on our side; it has been logged'));
}

/**
 * One shape for every error: 400 names the field at fault, 4xx keep their message, and anything unexpected is
 * logged and answered with a bare 500 (no stack trace, no internals).
 */
export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(error)) {
        const issues = error.validation.map((v) => ({
          field: fieldName(error.validationContext, v.instancePath),
          message: v.message ?? 'invalid',
        }));
        const first = issues[0] ?? { field: error.validationContext ?? 'body', message: 'invalid' };
        return reply.status(400).send(body(400, `${first.field}: ${first.message}`, { field: first.field, issues }));
      }
      if (error instanceof HttpError) {
        if (error.headers) reply.headers(error.headers);
        return reply.status(error.statusCode).send(body(error.statusCode, error.message, error.field ? { field: error.field } : {}));
      }
      if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && error.statusCode === 400)) {
        return reply.status(400).send(body(400, 'body: malformed JSON', { field: 'body' }));
      }
      if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
        return reply.status(400).send(body(400, 'body: empty JSON body', { field: 'body' }));
      }
      const status = error.statusCode;
      // Fastify's and its plugins' own 400s (body parsing, the multipart reader) are about the body.
      if (status === 400) return reply.status(400).send(body(400, `body: ${error.message}`, { field: 'body' }));
      if (status !== undefined && status > 400 && status < 500) {
        return reply.status(status).send(body(status, error.message));
      }
      if (isDatabaseUnavailable(error)) {
        request.log.warn({ err: error }, 'database unreachable');
        reply.header('retry-after', String(DATABASE_RETRY_AFTER_S));
        return reply.status(503).send(body(503, 'the database cannot be reached right now; try again in a few seconds'));
      }
      const storage = storageProblem(error);
      if (storage) {
        // Nothing was written (the transaction rolled back); the operator has to act, so it is logged as an error.
        request.log.error({ err: error }, storage === 'full' ? 'database storage full' : 'database storage read-only');
        reply.header('retry-after', String(STORAGE_RETRY_AFTER_S));
        const what = storage === 'full' ? "the server's disk is full" : "the server's database is read-only";
        return reply.status(503).send(body(503, `${what}: nothing was saved; try again once an administrator has fixed it`));
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send(body(500, 'something went wrong on our side; it has been logged'));
    });

    app.setNotFoundHandler((request, reply) => {
      reply.status(404).send(body(404, `no route for ${request.method} ${request.url.split('?')[0]}`));
    });
  },
  { name: 'error-handler' },
);
