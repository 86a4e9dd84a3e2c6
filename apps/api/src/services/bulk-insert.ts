/**
 * Many rows in few statements, inside a transaction opened with `transaction(db.prisma, …)`. Prisma's `createMany`
 * costs about 1.4 ms a row here (measured: 4,000 notes in 5.5 s on SQLite); a 10,000-note import writes ~40,000 rows.
 * The rows go through the transaction's own driver connection (transactionConnection in @recurrence/db), not
 * Prisma's `$executeRawUnsafe`, which builds objects for every parameter (the fallback, should the connection not be
 * known): on SQLite one prepared statement per table, on PostgreSQL multi-row INSERTs, about a fifth of
 * `createMany`'s cost. Values are encoded as Prisma stores them: on SQLite DateTime as integer milliseconds and
 * Json as text; on PostgreSQL timestamp(3) holding UTC and jsonb.
 */
import { forgetQueryArguments, transactionConnection, type Database, type DatabaseProvider, type Prisma } from '@recurrence/db';

export type TColumnKind = 'text' | 'int' | 'float' | 'json' | 'date';
export type TColumns = Record<string, TColumnKind>;

/**
 * Parameters per multi-row statement (PostgreSQL), well below its 65,535 limit. On the Prisma fallback, its adapters keep
 * every query's parameters in @prisma/debug's last-100-calls history even with debugging off; each statement's are
 * dropped right after it (forgetQueryArguments), so only one statement's rows are ever held beyond the caller's.
 */
const MAX_PARAMS = 4_000;

/** Rows written on SQLite between two turns of the event loop (the driver is synchronous). */
const SQLITE_ROWS_PER_TURN = 2_000;

function encode(kind: TColumnKind, value: unknown, provider: DatabaseProvider): unknown {
  if (value === null || value === undefined) return null;
  if (kind === 'json') return JSON.stringify(value);
  if (kind === 'date') return provider === 'sqlite' ? (value as Date).getTime() : (value as Date).toISOString();
  return value;
}

function placeholder(kind: TColumnKind, n: number, provider: DatabaseProvider): string {
  if (provider === 'sqlite') return '?';
  if (kind === 'json') return `$${n}::jsonb`;
  if (kind === 'date') return `$${n}::timestamp(3)`;
  return `$${n}`;
}

/**
 * Inserts the rows. `rows` may be a generator: rows are built (and encoded) as they are written, so a large import
 * never holds all its rows twice. Must run inside `transaction(db.prisma, …)` with `tx` its client: the rows commit or
 * roll back with it. Returns how many rows were inserted.
 */
export async function insertRows(tx: Prisma.TransactionClient, db: Database, table: string, columns: TColumns, rows: Iterable<Record<string, unknown>>): Promise<number> {
  const names = Object.keys(columns);
  const kinds = names.map((name) => columns[name]!);
  const head = `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(', ')}) VALUES `;
  const connection = transactionConnection();
  if (connection?.provider === 'sqlite') {
    // The transaction was begun on this connection (by Prisma's adapter): these rows are part of it while it is open.
    const stillOpen = () => {
      if (!connection.isOpen()) throw new Error(`${table}: the transaction ended before all its rows were written`);
    };
    stillOpen();
    const insert = connection.sqlite.prepare(`${head}(${names.map(() => '?').join(', ')})`);
    const values: unknown[] = new Array(names.length);
    let inserted = 0;
    for (const row of rows) {
      for (let i = 0; i < names.length; i++) values[i] = encode(kinds[i]!, row[names[i]!], 'sqlite');
      insert.run(values);
      if (++inserted % SQLITE_ROWS_PER_TURN === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        stillOpen();
      }
    }
    return inserted;
  }
  const pg = connection?.provider === 'postgresql' ? connection.pg : null;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / names.length));
  let chunk: Record<string, unknown>[] = [];
  let inserted = 0;
  const flush = async () => {
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const cells = names.map((name, i) => {
        params.push(encode(kinds[i]!, row[name], db.provider));
        return placeholder(kinds[i]!, params.length, db.provider);
      });
      return `(${cells.join(', ')})`;
    });
    if (pg) {
      await pg.query(head + tuples.join(', '), params);
    } else {
      await tx.$executeRawUnsafe(head + tuples.join(', '), ...params);
      // Prisma keeps the arguments of its last 100 queries (see forgetQueryArguments): without this, every row written.
      forgetQueryArguments();
    }
    inserted += chunk.length;
    chunk = [];
  };
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === perStatement) await flush();
  }
  if (chunk.length > 0) await flush();
  return inserted;
}
