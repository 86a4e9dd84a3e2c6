import { ZApiError, type TApiError } from '@recurrence/contracts';
import type { z } from 'zod';

/** An API error as the UI shows it: the message, and the field at fault when the API named one. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: TApiError,
  ) {
    super(body.message);
  }
  get field(): string | undefined {
    return this.body.field;
  }
}

/** Parses an API answer with the contract's schema; a non-2xx answer throws `ApiRequestError`. */
export async function parseApiResponse<S extends z.ZodType>(schema: S, response: Response): Promise<z.infer<S>> {
  if (response.status === 204) return schema.parse(null);
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = ZApiError.safeParse(json);
    throw new ApiRequestError(response.status, parsed.success ? parsed.data : { statusCode: response.status, error: response.statusText, message: `request failed (${response.status})` });
  }
  return schema.parse(json);
}

/**
 * Calls the API on this origin and parses the answer with the contract's schema, so a drift between API and
 * web shows up as an error here rather than as undefined fields in the UI.
 */
export async function api<S extends z.ZodType>(schema: S, path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<z.infer<S>> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
    cache: 'no-store',
    signal: init.signal,
  });
  return parseApiResponse(schema, response);
}
