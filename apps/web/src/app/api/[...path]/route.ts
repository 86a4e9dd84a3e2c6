import type { NextRequest } from 'next/server';
import { apiOrigin } from '../../../env';

/**
 * Proxies /api/* to the Fastify API, so the browser talks to one origin. Read at request time, so the API's
 * address can change without rebuilding the web app. Streams the response (server-sent events pass through).
 */
export const dynamic = 'force-dynamic';

const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'content-length'];

async function proxy(request: NextRequest): Promise<Response> {
  const target = `${apiOrigin()}${request.nextUrl.pathname}${request.nextUrl.search}`;
  const headers = new Headers(request.headers);
  for (const name of HOP_BY_HOP) headers.delete(name);
  headers.set('x-forwarded-host', request.headers.get('host') ?? '');
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: 'manual',
      cache: 'no-store',
      signal: request.signal,
    });
  } catch {
    return Response.json({ statusCode: 502, error: 'Bad Gateway', message: 'the API server is not reachable' }, { status: 502 });
  }
  const out = new Headers();
  upstream.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-encoding' && name !== 'content-length' && name !== 'transfer-encoding') out.set(name, value);
  });
  for (const cookie of upstream.headers.getSetCookie()) out.append('set-cookie', cookie);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out });
}

export { proxy as DELETE, proxy as GET, proxy as PATCH, proxy as POST, proxy as PUT };
