// Server-side only: read by server components that call the API (lib/server-api.ts).
/**
 * The web server's configuration. API_ORIGIN is where the Fastify API listens, for server components that call it
 * while rendering a page; `npm start` sets it to the API's own listener (the front door). The browser never sees
 * it: it calls `/api` on the page's origin, which the API serves itself.
 */
export function apiOrigin(): string {
  const explicit = process.env.API_ORIGIN;
  if (explicit) return explicit.replace(/\/$/, '');
  return `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
}
