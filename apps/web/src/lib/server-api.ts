import { cookies, headers } from 'next/headers';
import type { z } from 'zod';
import { apiOrigin } from '../env';
import { ApiRequestError, parseApiResponse } from './api';

/**
 * Calls the API from a server component, as the browser that asked for the page (its cookies and address are
 * passed on), and parses the answer with the contract's schema. Errors throw `ApiRequestError`, which the
 * nearest error boundary (`error.tsx`) shows; a 401 is the caller's to handle (`serverApiOrNull`).
 */
export async function serverApi<S extends z.ZodType>(schema: S, path: string): Promise<z.infer<S>> {
  const [jar, incoming] = await Promise.all([cookies(), headers()]);
  const forwardedFor = incoming.get('x-forwarded-for');
  const response = await fetch(`${apiOrigin()}${path}`, {
    headers: {
      cookie: jar.toString(),
      accept: 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    cache: 'no-store',
  });
  return parseApiResponse(schema, response);
}

/** The same, with `null` when nobody is signed in (401). */
export async function serverApiOrNull<S extends z.ZodType>(schema: S, path: string): Promise<z.infer<S> | null> {
  try {
    return await serverApi(schema, path);
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401) return null;
    throw error;
  }
}
