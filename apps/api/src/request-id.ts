import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header that carries a request's id: read from a proxy in front (nginx's $request_id), sent back on every answer. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What an incoming id may look like: short, and nothing that could forge a log line or a header. */
const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * A request's id, unique across every API process: the one a proxy in front gave it when well-formed (so one id
 * follows the request through nginx and the API's logs), else a new UUID. Fastify logs it on every line of the
 * request (`requestId`) and the answer carries it back.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && WELL_FORMED.test(given) ? given : randomUUID();
}
