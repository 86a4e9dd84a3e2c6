import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { DatabaseConfig } from './config';

/** The first bytes of each kind of backup file: an SQLite database, a pg_dump custom-format archive. */
const SQLITE_MAGIC = 'SQLite format 3\u0000';
const PG_DUMP_MAGIC = 'PGDMP';

export class BackupError extends Error {
  override name = 'BackupError';
}

/**
 * Writes a consistent copy of the database to `file` while the app keeps running:
 * - SQLite: SQLite's online backup API (better-sqlite3's `backup`), which copies the pages of one read snapshot, so a
 *   write that commits meanwhile is either wholly in the copy or not at all; the copy is a plain SQLite database.
 * - PostgreSQL: `pg_dump --format=custom` (one REPEATABLE READ snapshot), for `pg_restore`.
 * The copy is written next to `file` and renamed over it at the end, so a failed backup leaves no partial file.
 */
export async function backupDatabase(config: DatabaseConfig, file: string): Promise<{ bytes: number }> {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    if (config.provider === 'sqlite') {
      if (!existsSync(config.file)) throw new BackupError(`no database at ${config.file}`);
      const source = new SqliteDatabase(config.file, { readonly: true, fileMustExist: true });
      try {
        await source.backup(partial);
      } finally {
        source.close();
      }
      // The copy carries the database's WAL mode; a rollback journal makes it one self-contained file (opening it,
      // even read-only, then leaves no -wal and -shm beside it).
      const copy = new SqliteDatabase(partial);
      try {
        copy.pragma('journal_mode = DELETE');
      } finally {
        copy.close();
      }
    } else {
      await runPgTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`], config.url);
    }
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return { bytes: statSync(file).size };
}

/**
 * Replaces the database's content with the backup in `file`. Stop the API (and lab workers) first: the processes
 * that serve a database keep some of it in memory. A backup of an older version is brought up to date by the
 * migrations the API applies when it starts (or `npm run db:migrate`).
 * - SQLite: the online backup API again, from the backup file into the database (its WAL included), all or nothing.
 * - PostgreSQL: `pg_restore --clean --if-exists --single-transaction`: the dumped tables are dropped and recreated in
 *   one transaction, so a failed restore leaves the database as it was.
 */
export async function restoreDatabase(config: DatabaseConfig, file: string): Promise<void> {
  const kind = backupKind(file);
  if (config.provider === 'sqlite') {
    if (kind !== 'sqlite') throw new BackupError(`${file} is ${kind === 'pg_dump' ? 'a PostgreSQL (pg_dump) backup' : 'not a backup'}; DATABASE_URL names an SQLite database`);
    mkdirSync(dirname(config.file), { recursive: true });
    const backup = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    try {
      await backup.backup(config.file);
    } finally {
      backup.close();
    }
    return;
  }
  if (kind !== 'pg_dump') throw new BackupError(`${file} is ${kind === 'sqlite' ? 'an SQLite backup' : 'not a backup'}; DATABASE_URL names a PostgreSQL database (a pg_dump --format=custom file is needed)`);
  await runPgTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', file], config.url);
}

function backupKind(file: string): 'sqlite' | 'pg_dump' | 'unknown' {
  if (!existsSync(file)) throw new BackupError(`no such file: ${file}`);
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const text = head.subarray(0, read).toString('latin1');
  if (text === SQLITE_MAGIC) return 'sqlite';
  if (text.startsWith(PG_DUMP_MAGIC)) return 'pg_dump';
  return 'unknown';
}

/**
 * Runs pg_dump or pg_restore against `url`. The password goes in PGPASSWORD, not on the command line (where `ps`
 * would show it). Their messages go to this process's stderr; a non-zero exit is a BackupError.
 */
function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[], url: string): Promise<void> {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [...args, `--dbname=${parsed.toString()}`], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new BackupError(`${tool} was not found: install the PostgreSQL client tools of the server's major version (Debian: apt-get install postgresql-client)`)
          : error,
      ),
    );
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new BackupError(`${tool} failed (${signal ?? `exit code ${code}`})`))));
  });
}
