import { ZSessionResponse, type TUser } from '@recurrence/contracts';
import { notFound } from 'next/navigation';
import type { z } from 'zod';
import { ApiRequestError } from '../../lib/api';
import { serverApi, serverApiOrNull } from '../../lib/server-api';

/** The signed-in user (or guest), or null. */
export async function currentUser(): Promise<TUser | null> {
  return (await serverApiOrNull(ZSessionResponse, '/api/v1/auth/me'))?.user ?? null;
}

/** An API read for a page about one thing: a 404 (not there, or not yours to see) shows the not-found page. */
export async function serverApiOrNotFound<S extends z.ZodType>(schema: S, path: string): Promise<z.infer<S>> {
  try {
    return await serverApi(schema, path);
  } catch (error) {
    if (error instanceof ApiRequestError && (error.status === 404 || error.status === 403)) notFound();
    throw error;
  }
}
