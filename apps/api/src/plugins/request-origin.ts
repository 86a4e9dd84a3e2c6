import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { forbidden, HttpError } from '../errors';
import { isApiPath } from './front-door';

export type RequestOriginOptions = {
  /**
   * The origins the app is served from (PUBLIC_ORIGIN), e.g. `https://recurrence.example`. Empty: the origin the
   * request itself names (its Host, and X-Forwarded-Host/-Proto when TRUST_PROXY trusts the hop).
   */
  publicOrigins: string[];
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Uploads (routes/transfer.ts) take multipart/form-data; the origin check above still applies to them. */
const MULTIPART_PATHS = new Set(['/api/v1/imports', '/api/v1/imports/preview']);

/** The request's own origin, as the browser that sent it would spell it. */
function ownOrigin(request: FastifyRequest): string | null {
  try {
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return null;
  }
}

/**
 * Cross-site request forgery: a page on another origin (another site, or another port of this host: cookies are
 * SameSite=Lax, which counts sites, not origins) can make a browser send a "simple" request — a form post or a
 * no-cors fetch with text/plain, form-encoded or multipart content — with the user's cookies. Every state-changing
 * /api request is therefore refused
 * - with 403 when its Origin is not the app's own (or, without an Origin, when Sec-Fetch-Site says another site or
 *   origin sent it; requests without either header come from non-browser clients, which carry no victim's cookies);
 * - with 415 when it carries a body type other than JSON (the API takes JSON only; a JSON request from another
 *   origin needs a CORS preflight, which this API never grants), except multipart uploads to the import routes,
 *   which the origin check alone guards (a browser names the origin of every cross-origin POST).
 */
export const requestOriginPlugin = fp<RequestOriginOptions>(
  async (app: FastifyInstance, { publicOrigins }) => {
    app.addHook('onRequest', async (request) => {
      if (SAFE_METHODS.has(request.method) || !isApiPath(request.url)) return;
      const origin = request.headers.origin;
      const allowed = publicOrigins.length > 0 ? publicOrigins : [ownOrigin(request)];
      if (origin !== undefined) {
        if (!allowed.includes(origin)) {
          throw forbidden(`cross-origin request refused: ${request.method} from ${JSON.stringify(origin)}, not from this app (PUBLIC_ORIGIN)`);
        }
      } else {
        const site = request.headers['sec-fetch-site'];
        if (site === 'cross-site' || site === 'same-site') throw forbidden(`cross-origin request refused: ${request.method} from another ${site === 'cross-site' ? 'site' : 'origin'}`);
      }
      const type = request.headers['content-type'];
      const mediaType = type?.split(';')[0]!.trim().toLowerCase();
      if (mediaType === 'multipart/form-data' && MULTIPART_PATHS.has(request.url.split('?')[0]!)) return;
      if (type !== undefined && mediaType !== 'application/json') {
        throw new HttpError(415, `headers.content-type: the API takes application/json bodies only (got ${JSON.stringify(type)})`, 'headers.content-type');
      }
    });
  },
  { name: 'request-origin' },
);
