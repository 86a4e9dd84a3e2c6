import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { clearLogs } from '@prisma/debug';
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
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

/** A `pg` client: what a PostgreSQL transaction's statements can be sent through. */
export type PgConnection = { query(text: string, values?: unknown[]): Promise<unknown> };

/**
 * The driver connection of the `transaction(prisma, …)` the current code runs in, for bulk writes without Prisma's
 * per-parameter objects; everything else goes through Prisma. SQLite: the better-sqlite3 connection under Prisma's
 * adapter; `isOpen()` must be true before each statement (it turns false when Prisma sends COMMIT or ROLLBACK, e.g.
 * on its timeout, after which the connection may be in another transaction or none). PostgreSQL: the pooled client the
 * transaction was begun on; its `query` refuses once the transaction has ended, so no row can land outside it.
 */
export type TransactionConnection = { provider: 'sqlite'; sqlite: Sqlite.Database; isOpen(): boolean } | { provider: 'postgresql'; pg: PgConnection };

type OpenTransaction = { connection: TransactionConnection | null };

/** Set by transaction(…) around its work; filled in by the wrapped adapters' startTransaction. */
const openTransaction = new AsyncLocalStorage<OpenTransaction>();

/** The driver connection of the transaction this code runs in (see TransactionConnection), or null outside one. */
export function transactionConnection(): TransactionConnection | null {
  return openTransaction.getStore()?.connection ?? null;
}

type StartTransaction = SqlDriverAdapter['startTransaction'];
type AdapterTransaction = Awaited<ReturnType<StartTransaction>>;

/**
 * Wraps a driver adapter factory so that each transaction Prisma starts inside transaction(…) records its connection in
 * that call's AsyncLocalStorage context (Prisma starts it from the `$transaction` call, in its async context), and
 * marks it ended when Prisma sends COMMIT or ROLLBACK through it. `connectionOf` reads the adapter's and the
 * transaction's `client`; an adapter version that keeps it elsewhere answers null, and callers fall back to Prisma.
 */
function recordingTransactions(
  factory: SqlDriverAdapterFactory,
  connectionOf: (adapter: SqlDriverAdapter, tx: AdapterTransaction, isOpen: () => boolean) => TransactionConnection | null,
): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      const start: StartTransaction = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => {
        const tx = await start(isolationLevel);
        const store = openTransaction.getStore();
        if (!store || store.connection) return tx;
        let open = true;
        const executeRaw = tx.executeRaw.bind(tx);
        tx.executeRaw = (query) => {
          if (/^\s*(COMMIT|ROLLBACK)\s*$/i.test(query.sql)) open = false;
          return executeRaw(query);
        };
        const [commit, rollback] = [tx.commit.bind(tx), tx.rollback.bind(tx)];
        tx.commit = () => ((open = false), commit());
        tx.rollback = () => ((open = false), rollback());
        store.connection = connectionOf(adapter, tx, () => open);
        return tx;
      };
      return adapter;
    },
  };
}

const sqliteConnectionOf = (adapter: SqlDriverAdapter, _tx: AdapterTransaction, isOpen: () => boolean): TransactionConnection | null => {
  const client = (adapter as unknown as { client?: Sqlite.Database }).client;
  return typeof client?.prepare === 'function' ? { provider: 'sqlite', sqlite: client, isOpen } : null;
};

const pgConnectionOf = (_adapter: SqlDriverAdapter, tx: AdapterTransaction, isOpen: () => boolean): TransactionConnection | null => {
  const client = (tx as unknown as { client?: PgConnection }).client;
  if (typeof client?.query !== 'function') return null;
  const query = (text: string, values?: unknown[]) => (isOpen() ? client.query(text, values) : Promise.reject(new Error('the transaction has ended')));
  return { provider: 'postgresql', pg: { query } };
};

/**
 * An interactive Prisma transaction that is safe next to the study store: on SQLite it waits its turn at the
 * database's write gate (see WriteGate). Use this instead of `prisma.$transaction(fn)`.
 */
export function transaction<T>(prisma: PrismaClient, work: (tx: TransactionClient) => Promise<T>, options?: { timeout?: number; maxWait?: number }): Promise<T> {
  const run = () => prisma.$transaction(work, options);
  const gate = gates.get(prisma);
  // Bound, so the transaction starts in this call's context even when the gate runs it later.
  return openTransaction.run({ connection: null }, () => {
    const start = AsyncLocalStorage.bind(run);
    return gate ? gate.run(start) : start();
  });
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
    const prisma = new SqliteClient({ adapter: recordingTransactions(new PrismaBetterSqlite3({ url: config.file }, { timestampFormat: 'unixepoch-ms' }), sqliteConnectionOf) });
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
  const prisma = new PostgresqlClient({ adapter: recordingTransactions(new PrismaPg({ connectionString: config.url, max: 10 }, { statementNameGenerator: statementNamer() }), pgConnectionOf) });
  await prisma.$queryRawUnsafe('SELECT 1');
  const study = studyStore(openPostgresStudyStore(config.url));
  return { provider: 'postgresql', prisma: prisma as unknown as PrismaClient, study, close: async () => (await study.close(), await prisma.$disconnect()) };
}
