/** An error a handler or service raises on purpose: its status and message reach the client as they are. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly field?: string,
    /** Headers the answer carries, e.g. Retry-After on 429 and 503. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (field: string, message: string) => new HttpError(400, message, field);
export const unauthorized = (message = 'sign in first') => new HttpError(401, message);
export const forbidden = (message = 'not allowed for your role') => new HttpError(403, message);
export const notFound = (message: string, field?: string) => new HttpError(404, message, field);
export const conflict = (message: string, field?: string) => new HttpError(409, message, field);

/** Prisma's unique-constraint violation (P2002), the same on SQLite and PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}
