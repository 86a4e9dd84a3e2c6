import { describe, expect, it } from 'vitest';
import { statementNamer } from './statement-names';

const query = (sql: string, parameters = 1) => ({ sql, args: Array.from({ length: parameters }, (_, i) => i) });

describe('statementNamer', () => {
  it('gives one text one name, and two texts two names', () => {
    const name = statementNamer();
    const a = name(query('SELECT "id" FROM "User" WHERE "id" = $1'));
    expect(a).toMatch(/^prisma_[\w-]{24}$/);
    expect(name(query('SELECT "id" FROM "User" WHERE "id" = $1'))).toBe(a);
    expect(name(query('SELECT "id" FROM "Deck" WHERE "id" = $1'))).not.toBe(a);
    // Another process (another namer) names the same text alike.
    expect(statementNamer()(query('SELECT "id" FROM "User" WHERE "id" = $1'))).toBe(a);
  });

  it('names at most maxStatements texts; later ones, and those with many parameters, run unnamed', () => {
    const name = statementNamer({ maxStatements: 2, maxParameters: 3 });
    expect(name(query('SELECT 1', 4))).toBe('');
    const first = name(query('SELECT $1'));
    const second = name(query('SELECT $1, $2', 2));
    expect([first, second].every((n) => n.startsWith('prisma_'))).toBe(true);
    expect(name(query('SELECT $1, $2, $3', 3))).toBe('');
    // The named ones keep their names once the set is full.
    expect(name(query('SELECT $1'))).toBe(first);
  });
});
