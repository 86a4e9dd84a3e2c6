import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

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

/**
 * Creates the SQLite file's folder if needed and checks the folder can be written (SQLite writes the file and its
 * -wal/-shm files beside it): a read-only file system or folder is refused in words naming the path, rather than
 * with SQLite's "unable to open database file".
 */
export function ensureWritableSqliteFolder(file: string): void {
  const folder = dirname(file);
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EROFS' ? 'is on a read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'is not writable by this user' : `cannot be used (${code ?? String(error)})`;
    throw new DatabaseConfigError(`the embedded database's folder ${folder} ${why}: SQLite needs to write ${file} and its -wal and -shm files there; set DATA_DIR or DATABASE_URL to a writable place`);
  }
}
