/**
 * Many rows in few statements, inside a Prisma transaction. Prisma's `createMany` costs about 1.4 ms a row here
 * (measured: 4,000 notes in 5.5 s on SQLite), a multi-row INSERT through `$executeRawUnsafe` about a fifth of that;
 * a 10,000-note import writes ~40,000 rows. Values are encoded as Prisma stores them: on SQLite DateTime as integer
 * milliseconds and Json as text; on PostgreSQL timestamp(3) holding UTC and jsonb.
 */
import { forgetQueryArguments, type DatabaseProvider, type Prisma } from '@recurrence/db';

export type TColumnKind = 'text' | 'int' | 'float' | 'json' | 'date';
export type TColumns = Record<string, TColumnKind>;

/**
 * Parameters per statement. Well below SQLite's 32,766 and PostgreSQL's 65,535 limits. Prisma's adapters keep every
 * query's parameters in @prisma/debug's last-100-calls history even with debugging off; each statement's are dropped
 * right after it (forgetQueryArguments), so only one statement's rows are ever held beyond the caller's.
 */
const MAX_PARAMS = 4_000;

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
 * Inserts the rows, a statement per chunk. `rows` may be a generator: only one chunk of rows is built (and encoded)
 * at a time, so a large import never holds all its rows twice. Returns how many rows were inserted.
 */
export async function insertRows(tx: Prisma.TransactionClient, provider: DatabaseProvider, table: string, columns: TColumns, rows: Iterable<Record<string, unknown>>): Promise<number> {
  const names = Object.keys(columns);
  const kinds = names.map((name) => columns[name]!);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / names.length));
  const head = `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(', ')}) VALUES `;
  let chunk: Record<string, unknown>[] = [];
  let inserted = 0;
  const flush = async () => {
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const cells = names.map((name, i) => {
        params.push(encode(kinds[i]!, row[name], provider));
        return placeholder(kinds[i]!, params.length, provider);
      });
      return `(${cells.join(', ')})`;
    });
    await tx.$executeRawUnsafe(head + tuples.join(', '), ...params);
    // Prisma keeps the arguments of its last 100 queries (see forgetQueryArguments): without this, every row written.
    forgetQueryArguments();
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
