import { createHash } from 'node:crypto';

export interface StatementNameLimits {
  /** Distinct statement texts this process names; later ones run unnamed (planned each time, as before). */
  maxStatements: number;
  /** Statements with more parameters than this (bulk inserts, long IN lists) are not worth keeping prepared. */
  maxParameters: number;
}

/**
 * Names for the PostgreSQL statements Prisma's queries send (`statementNameGenerator` of @prisma/adapter-pg), so pg
 * prepares each text once per connection and PostgreSQL stops parsing and planning it on every call. Without names
 * every Prisma query is an unnamed statement: parse + plan + execute each time. Measured on a next-card request
 * (five Prisma queries and the study store's prepared statement, PostgreSQL 15, `log_min_duration_statement = 0`):
 * parse and bind (planning) of the Prisma queries took 2.5 ms of the server's CPU, their executions 0.1 ms.
 *
 * A name is a hash of the text, so one name never stands for two texts (pg refuses that, and a name reused for
 * another text after an eviction would run the old one). pg keeps every named statement of a connection until it
 * closes, so the set is bounded: the first `maxStatements` texts with at most `maxParameters` parameters are named,
 * and the rest run unnamed. The application's queries are a fixed set of shapes (a few hundred at most), so the
 * bound is there for what varies by input — IN lists of any length, bulk inserts — not for the steady state.
 */
export function statementNamer({ maxStatements, maxParameters }: StatementNameLimits = { maxStatements: 1_000, maxParameters: 64 }) {
  const names = new Map<string, string>();
  // The empty name is the protocol's unnamed statement: parsed for this one call.
  return (query: { sql: string; args: unknown[] }): string => {
    if (query.args.length > maxParameters) return '';
    const known = names.get(query.sql);
    if (known !== undefined) return known;
    if (names.size >= maxStatements) return '';
    const name = `prisma_${createHash('sha256').update(query.sql).digest('base64url').slice(0, 24)}`;
    names.set(query.sql, name);
    return name;
  };
}
