import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import type { DatabaseConfig } from '../config';
import { withDatabaseName } from '../config';

/**
 * Driver adapter factories for the schema engine, with the fixes ../shared/PLATFORM.md records:
 * - SQLite: better-sqlite3 refuses several statements in one executeRaw, which the engine does when it
 *   replays migrations into the shadow database; fall back to executeScript.
 * - PostgreSQL: the stock shadow-database factory reuses the main database when configured by URL and drops
 *   the database before closing its pool; ours creates, uses, closes, then drops. Introspection meets the
 *   internal `"char"` type (OID 18), which the adapter does not map; it is read as text.
 */
export function migrationAdapterFactory(config: DatabaseConfig): SqlMigrationAwareDriverAdapterFactory {
  return config.provider === 'sqlite' ? sqliteMigrationFactory(config.file) : new PgMigrationFactory(config.url);
}

function sqliteMigrationFactory(file: string): SqlMigrationAwareDriverAdapterFactory {
  mkdirSync(dirname(file), { recursive: true });
  const inner = new PrismaBetterSqlite3({ url: file });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: () => inner.connect(),
    connectToShadowDb: async () => withScriptFallback(await inner.connectToShadowDb()),
  };
}

function withScriptFallback(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (query.args.length === 0 && /more than one statement/i.test(String((error as Error).message ?? error))) {
        await adapter.executeScript(query.sql);
        return 0;
      }
      throw error;
    }
  };
  return adapter;
}

const PG_INTERNAL_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** A pg Client that reports the internal `"char"` type as text, so introspection can read pg_catalog. */
class CharAsTextClient extends pg.Client {
  // pg's overloads are wider than we need: a promise, or a callback as the last argument (Pool uses that form).
  override query(...args: any[]): any {
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (err: Error | null, res: pg.QueryResult) => last(err, res && charAsText(res));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return result instanceof Promise ? result.then(charAsText) : result;
  }
}

function charAsText(res: pg.QueryResult): pg.QueryResult {
  for (const field of res.fields ?? []) {
    if (field.dataTypeID === PG_INTERNAL_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return res;
}

class PgMigrationFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = '@prisma/adapter-pg';
  constructor(private readonly url: string) {}

  private pool(url: string): pg.Pool {
    return new pg.Pool({ connectionString: url, Client: CharAsTextClient, max: 2 });
  }

  async connect(): Promise<SqlDriverAdapter> {
    return new PrismaPg(this.pool(this.url), { disposeExternalPool: true }).connect();
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `recurrence_shadow_${crypto.randomUUID().replaceAll('-', '')}`;
    await runOnMaintenanceDb(this.url, `CREATE DATABASE "${name}"`);
    const adapter = await new PrismaPg(this.pool(withDatabaseName(this.url, name)), { disposeExternalPool: true }).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await runOnMaintenanceDb(this.url, `DROP DATABASE IF EXISTS "${name}"`);
    };
    return adapter;
  }
}

/** Runs one statement on the server that holds `url`'s database (CREATE/DROP DATABASE need a separate connection). */
export async function runOnMaintenanceDb(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
