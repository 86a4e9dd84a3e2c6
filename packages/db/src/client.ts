import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { clearLogs } from '@prisma/debug';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type Sqlite from 'better-sqlite3';
import { PrismaClient as PostgresqlClient } from '@recurrence/prisma/postgresql';
import { PrismaClient as SqliteClient } from '@recurrence/prisma/sqlite';
import { ensureWritableSqliteFolder, type DatabaseConfig, type DatabaseProvider } from './config';
import { statementNamer } from './statement-names';
import { openPostgresStudyStore, openSqliteStudyStore, withWorkingSet, WriteGate, type StudyStore, type StudyTables } from './study-store';

/**
 * One client type for both providers. The two generated clients come from the same models file, so their
 * model APIs are identical; the PostgreSQL client is typed as the SQLite one to give callers a single type.
 */
export type PrismaClient = SqliteClient;
import { Prisma } from '@recurrence/prisma/sqlite';
export { Prisma };

export type Database = {
  readonly provider: DatabaseProvider;
  readonly prisma: PrismaClient;
  /** The study hot path (next card, rating, undo) on prepared statements, with its working set when opened so. */
  readonly study: StudyStore;
  close(): Promise<void>;
};

type TransactionClient = Prisma.TransactionClient;

const gates = new WeakMap<PrismaClient, WriteGate>();
const sqliteConnections = new WeakMap<PrismaClient, () => Sqlite.Database | null>();

/**
 * SQLite: the better-sqlite3 connection Prisma's adapter queries through (one per client), or null before Prisma
 * has connected; null on PostgreSQL. A statement run on it inside `transaction(prisma, …)` belongs to that
 * transaction: the adapter began it on this connection, and commits or rolls it back there. For bulk writes
 * (a prepared statement per row, without Prisma's per-parameter objects); everything else goes through Prisma.
 */
export function sqliteConnectionOf(prisma: PrismaClient): Sqlite.Database | null {
  return sqliteConnections.get(prisma)?.() ?? null;
}

/** A `pg` client: what a PostgreSQL transaction's statements can be sent through. */
export type PgConnection = { query(text: string, values?: unknown[]): Promise<unknown> };

/** The transaction(…) the current code runs in; on PostgreSQL, the pooled client Prisma's adapter began it on. */
const openTransaction = new AsyncLocalStorage<{ pg: PgConnection | null }>();

/**
 * PostgreSQL: the pooled `pg` client of the `transaction(prisma, …)` this code runs in (its callback), or null outside
 * one. Statements sent through it are part of that transaction. For bulk writes only; everything else goes through
 * Prisma.
 */
export function pgTransactionConnection(): PgConnection | null {
  return openTransaction.getStore()?.pg ?? null;
}

/**
 * Prisma's pg adapter factory, whose adapter tells the transaction(…) that started a transaction which pooled client it
 * was begun on (the adapter's transaction keeps it as `client`). Prisma starts the transaction from the
 * `$transaction` call, in its async context.
 */
function rememberingTransactionClients(factory: PrismaPg): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      const start = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => {
        const tx = await start(isolationLevel);
        const store = openTransaction.getStore();
        const client = (tx as unknown as { client?: PgConnection }).client;
        // An adapter version that keeps it elsewhere: callers fall back to Prisma's queries.
        if (store && store.pg === null && typeof client?.query === 'function') store.pg = client;
        return tx;
      };
      return adapter;
    },
  };
}

/** Prisma's better-sqlite3 adapter factory, remembering the connection it opens (its adapter's `client`). */
function rememberingConnection(factory: PrismaBetterSqlite3): { adapter: SqlDriverAdapterFactory; connection: () => Sqlite.Database | null } {
  let connection: Sqlite.Database | null = null;
  const adapter: SqlDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const opened = await factory.connect();
      const client = (opened as unknown as { client?: Sqlite.Database }).client;
      // An adapter version that keeps it elsewhere: callers fall back to Prisma's queries.
      connection = typeof client?.prepare === 'function' ? client : null;
      return opened;
    },
  };
  return { adapter, connection: () => connection };
}

/**
 * An interactive Prisma transaction that is safe next to the study store: on SQLite it waits its turn at the
 * database's write gate (see WriteGate). Use this instead of `prisma.$transaction(fn)`.
 */
export function transaction<T>(prisma: PrismaClient, work: (tx: TransactionClient) => Promise<T>, options?: { timeout?: number; maxWait?: number }): Promise<T> {
  const run = () => prisma.$transaction(work, options);
  const gate = gates.get(prisma);
  return openTransaction.run({ pg: null }, () => (gate ? gate.run(run) : run()));
}

/**
 * Drops the arguments of the last queries that Prisma keeps in memory. Both driver adapters pass every query (its SQL
 * and all its parameters) to @prisma/debug, which keeps the last 100 calls even with debugging off (for crash reports).
 * A bulk write of ~100 multi-row INSERTs kept every row of it alive until the end: ~75 MB of a 10,000-note import
 * (heap snapshot: the rows' JSON strings retained by `argsHistory`). Call it after each large statement.
 */
export function forgetQueryArguments(): void {
  clearLogs();
}

export type OpenOptions = {
  /**
   * Keep the study state of active users in this process (see withWorkingSet). For the one process that serves
   * a database (the API); whoever else writes study state must call `study.forgetUser`.
   */
  studyWorkingSet?: boolean;
};

export async function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Promise<Database> {
  const studyStore = (store: StudyStore & StudyTables): StudyStore => (options.studyWorkingSet ? withWorkingSet(store) : store);
  if (config.provider === 'sqlite') {
    ensureWritableSqliteFolder(config.file);
    const { adapter, connection } = rememberingConnection(new PrismaBetterSqlite3({ url: config.file }, { timestampFormat: 'unixepoch-ms' }));
    const prisma = new SqliteClient({ adapter });
    sqliteConnections.set(prisma, connection);
    // WAL lets readers run while a rating is written; busy_timeout makes a second writer wait instead of failing.
    // synchronous = NORMAL (per connection; the study store sets it too): in WAL mode a commit no longer waits for
    // an fsync, only checkpoints do. A crash of the process loses nothing; a power loss can lose the last commits,
    // never consistency. SQLite's documentation recommends it for WAL.
    await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await prisma.$queryRawUnsafe('PRAGMA busy_timeout = 5000');
    await prisma.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
    const gate = new WriteGate();
    gates.set(prisma, gate);
    const study = studyStore(openSqliteStudyStore(config.file, gate));
    return { provider: 'sqlite', prisma, study, close: async () => (await study.close(), await prisma.$disconnect()) };
  }
  const prisma = new PostgresqlClient({ adapter: rememberingTransactionClients(new PrismaPg({ connectionString: config.url, max: 10 }, { statementNameGenerator: statementNamer() })) });
  await prisma.$queryRawUnsafe('SELECT 1');
  const study = studyStore(openPostgresStudyStore(config.url));
  return { provider: 'postgresql', prisma: prisma as unknown as PrismaClient, study, close: async () => (await study.close(), await prisma.$disconnect()) };
}
