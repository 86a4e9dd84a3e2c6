// Server-side only: read by the /api proxy route.
/**
 * The web server's configuration. API_ORIGIN is where the Fastify API listens; the browser never sees it,
 * because /api/* is proxied through this origin (one origin: cookies work without CORS).
 */
export function apiOrigin(): string {
  const explicit = process.env.API_ORIGIN;
  if (explicit) return explicit.replace(/\/$/, '');
  return `http://127.0.0.1:${process.env.API_PORT ?? '4000'}`;
}
