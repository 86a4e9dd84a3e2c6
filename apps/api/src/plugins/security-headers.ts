import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isApiPath } from './front-door';

const nonces = new WeakMap<ServerResponse, string>();

/**
 * The script nonce of one page response: the same value in the Content-Security-Policy header (helmet asks for it)
 * and in the request handed to Next.js, which puts it on every script it renders (it reads the nonce from the
 * request's `content-security-policy` header).
 */
export function pageNonce(res: ServerResponse): string {
  let nonce = nonces.get(res);
  if (nonce === undefined) {
    nonce = randomBytes(16).toString('base64');
    nonces.set(res, nonce);
  }
  return nonce;
}

/**
 * Pages run only the scripts carrying this response's nonce, and what those load ('strict-dynamic'): an injected
 * `<script>` or inline handler does not run. /api and /api/docs run scripts from this origin only (Swagger UI has no
 * inline script).
 */
const scriptSources = (req: IncomingMessage, res: ServerResponse) =>
  isApiPath(req.url ?? '/') ? "'self'" : `'self' 'nonce-${pageNonce(res)}' 'strict-dynamic'`;

/**
 * Security headers on every answer of this process (@fastify/helmet), pages handed to Next.js and /api alike:
 * the CSP above, never framed (clickjacking of the rating buttons), no plugins, no <base> tricks, forms only to us;
 * nosniff; no referrer (share links carry tokens in their path). HSTS only where the app is served over HTTPS
 * (COOKIE_SECURE), and without subdomains, which may not be ours.
 */
export const securityHeadersPlugin = fp<{ https: boolean }>(
  async (app: FastifyInstance, { https }) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': [scriptSources as (req: unknown, res: unknown) => string],
          'script-src-attr': ["'none'"],
          // React and Swagger UI set inline styles; styles cannot run code.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'base-uri': ["'none'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          'object-src': ["'none'"],
        },
      },
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    });
  },
  { name: 'security-headers' },
);
