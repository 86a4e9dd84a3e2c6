import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresqlClient } from '@recurrence/prisma/postgresql';
import { PrismaClient as SqliteClient } from '@recurrence/prisma/sqlite';
import type { DatabaseConfig, DatabaseProvider } from './config';

/**
 * One client type for both providers. The two generated clients come from the same models file, so their
 * model APIs are identical; the PostgreSQL client is typed as the SQLite one to give callers a single type.
 */
export type PrismaClient = SqliteClient;
export { Prisma } from '@recurrence/prisma/sqlite';

export type Database = {
  readonly provider: DatabaseProvider;
  readonly prisma: PrismaClient;
  close(): Promise<void>;
};

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.provider === 'sqlite') {
    mkdirSync(dirname(config.file), { recursive: true });
    const prisma = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: config.file }, { timestampFormat: 'unixepoch-ms' }) });
    // WAL lets readers run while a rating is written; busy_timeout makes a second writer wait instead of failing.
    await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await prisma.$queryRawUnsafe('PRAGMA busy_timeout = 5000');
    return { provider: 'sqlite', prisma, close: () => prisma.$disconnect() };
  }
  const prisma = new PostgresqlClient({ adapter: new PrismaPg({ connectionString: config.url, max: 10 }) });
  await prisma.$queryRawUnsafe('SELECT 1');
  return { provider: 'postgresql', prisma: prisma as unknown as PrismaClient, close: () => prisma.$disconnect() };
}
