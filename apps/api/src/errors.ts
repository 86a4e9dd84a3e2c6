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

/**
 * SQLSTATEs that mean "the database cannot serve now" rather than "this query is wrong": connection exceptions
 * (class 08), the server shutting down or starting (57P01–57P03), too many connections (53300).
 */
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[123]|53300)$/;
/** Driver-adapter error kinds and Prisma codes of the same meaning (P1001 can't reach, P1017 connection closed, P2024 pool timeout). */
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const UNAVAILABLE_MESSAGES = /not currently accepting connections|Connection terminated|connection timeout|terminating connection due to administrator command/i;

/** Calls `test` on an error and on what it wraps (Prisma's `meta.driverAdapterError`, `cause`), until one says true. */
function anyWrapped(error: unknown, test: (e: { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown }) => boolean, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const e = error as { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  return test(e) || anyWrapped(e.meta?.driverAdapterError, test, depth + 1) || anyWrapped(e.cause, test, depth + 1);
}

const codesOf = (e: { code?: unknown; kind?: unknown; originalCode?: unknown }) => [e.code, e.kind, e.originalCode].filter((c): c is string => typeof c === 'string');

/**
 * Whether an error means the database is unreachable (refused, terminated, shutting down, not accepting
 * connections), looked for through Prisma's wrapping (`meta.driverAdapterError`, `cause`) and raw pg errors alike:
 * such errors answer 503 with Retry-After instead of 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return anyWrapped(
    error,
    (e) =>
      codesOf(e).some((code) => UNAVAILABLE_KINDS.has(code) || UNAVAILABLE_NODE_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code)) ||
      (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)),
  );
}

/**
 * Whether a write failed because the database's storage cannot take it: the disk is full (SQLite's SQLITE_FULL,
 * PostgreSQL's 53100 disk_full) or the file or database is read-only (SQLITE_READONLY*, 25006). Prisma's SQLite
 * adapter passes such errors on with the generic code and SQLite's message, so the message is read too.
 */
export function storageProblem(error: unknown): 'full' | 'read-only' | undefined {
  const full = (e: Parameters<Parameters<typeof anyWrapped>[1]>[0]) =>
    codesOf(e).some((c) => c === 'SQLITE_FULL' || c === '53100') || (typeof e.message === 'string' && /database or disk is full|no space left on device|could not extend file/i.test(e.message));
  const readOnly = (e: Parameters<Parameters<typeof anyWrapped>[1]>[0]) =>
    codesOf(e).some((c) => c.startsWith('SQLITE_READONLY') || c === '25006') || (typeof e.message === 'string' && /attempt to write a readonly database|read-only file system/i.test(e.message));
  if (anyWrapped(error, full)) return 'full';
  if (anyWrapped(error, readOnly)) return 'read-only';
  return undefined;
}

/** Seconds a client is told to wait before retrying a write the database's storage refused. */
export const STORAGE_RETRY_AFTER_S = 60;

/** Seconds a client is told to wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_S = 5;
