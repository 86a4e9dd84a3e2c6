import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { badRequest } from '../errors';

/**
 * A NUL (PostgreSQL's text cannot hold it: "invalid byte sequence for encoding UTF8: 0x00") or a UTF-16 surrogate
 * without its partner (not a Unicode character; it cannot be written as UTF-8). `u` makes a surrogate pair one
 * code point, so only unpaired halves match.
 */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /[\u0000\ud800-\udfff]/u;

const why = (text: string) => (text.includes('\u0000') ? 'contains a NUL character (\\u0000)' : 'contains a lone UTF-16 surrogate (not valid Unicode text)');
/** A key as it can be shown in a field name (its bad characters replaced by U+FFFD). */
const shown = (key: string) => key.replace(new RegExp(UNSTORABLE.source, 'gu'), '\ufffd');

/** The path of the first string (value or key) that cannot be stored, with the reason; depth-first, in key order. */
export function findUnstorableText(value: unknown, path: string, depth = 0): { field: string; reason: string } | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? { field: path, reason: why(value) } : null;
  // Bodies are JSON and already bounded by the body limit; the depth guard only keeps the walk off the call stack's edge.
  if (typeof value !== 'object' || value === null || depth > 256) return null;
  // An uploaded file's bytes (multipart, routes/transfer.ts) are not text: walking them key by key would cost a
  // pair per byte.
  if (ArrayBuffer.isView(value)) return null;
  for (const [key, child] of Object.entries(value)) {
    const field = `${path}.${shown(key)}`;
    if (UNSTORABLE.test(key)) return { field, reason: `its name ${why(key)}` };
    const found = findUnstorableText(child, field, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses, for every route, a request whose path parameters, query or JSON body hold text that cannot be stored:
 * 400 naming the field, before any schema or handler runs, so both databases answer alike (SQLite would store a NUL
 * that PostgreSQL refuses with a 500).
 */
export const textInputPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('preValidation', async (request: FastifyRequest) => {
      const found =
        findUnstorableText(request.params, 'params') ?? findUnstorableText(request.query, 'query') ?? findUnstorableText(request.body, 'body');
      if (found) throw badRequest(found.field, `${found.field}: ${found.reason}`);
    });
  },
  { name: 'text-input' },
);
