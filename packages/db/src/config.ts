import { isAbsolute, resolve } from 'node:path';

export type DatabaseProvider = 'sqlite' | 'postgresql';

export type DatabaseConfig =
  | { provider: 'sqlite'; file: string }
  | { provider: 'postgresql'; url: string };

export class DatabaseConfigError extends Error {
  override name = 'DatabaseConfigError';
}

/**
 * Reads a DATABASE_URL. Unset or empty means the embedded default: an SQLite file in `dataDir`.
 * `file:` URLs are SQLite files (relative paths resolve against `baseDir`), `postgres(ql)://` is PostgreSQL.
 */
export function parseDatabaseUrl(url: string | undefined, options: { dataDir: string; baseDir?: string }): DatabaseConfig {
  const baseDir = options.baseDir ?? process.cwd();
  if (url === undefined || url.trim() === '') {
    return { provider: 'sqlite', file: resolve(baseDir, options.dataDir, 'recurrence.db') };
  }
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new DatabaseConfigError('DATABASE_URL: a file: URL needs a path, e.g. file:./data/recurrence.db');
    return { provider: 'sqlite', file: isAbsolute(path) ? path : resolve(baseDir, path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new DatabaseConfigError('DATABASE_URL: not a valid postgresql:// URL');
    }
    return { provider: 'postgresql', url };
  }
  throw new DatabaseConfigError('DATABASE_URL: expected file:<path> or postgresql://…');
}

/** The same URL pointing at another database on the same PostgreSQL server. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** A connection URL with any password removed, for logs. */
export function redactDatabaseUrl(config: DatabaseConfig): string {
  if (config.provider === 'sqlite') return `file:${config.file}`;
  const parsed = new URL(config.url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
