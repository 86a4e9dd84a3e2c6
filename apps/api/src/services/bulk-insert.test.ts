import { applyMigrations, openDatabase, transaction, transactionConnection, type Database, type PgConnection } from '@recurrence/db';
import { createScratchDatabase, testProviders, type ScratchDatabase } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows, type TColumns } from './bulk-insert';
import { createDeck } from './note-writer';

const NOTE_COLUMNS: TColumns = { id: 'text', deckId: 'text', slug: 'text', type: 'text', section: 'text', position: 'int', tags: 'json', content: 'json', contentHash: 'text', experimentId: 'text', createdAt: 'date', updatedAt: 'date' };
const createdAt = new Date('2026-03-04T05:06:07.089Z');
const notes = (deckId: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    id: `${deckId}-n${i}`, deckId, slug: `note-${i}`, type: 'basic', section: 's', position: i, tags: ['a', `t${i}`],
    content: { front: `Front ${i}`, nested: { n: i, ok: true } }, contentHash: `h${i}`, experimentId: i % 2 ? null : `e${i}`, createdAt, updatedAt: createdAt,
  }));

describe.each(testProviders())('insertRows on %s', (provider) => {
  let scratch: ScratchDatabase;
  let db: Database;
  let userId: string;
  const newDeck = async (id: string) => transaction(db.prisma, (tx) => createDeck(tx, userId, { title: { en: id, zh: id }, description: { en: '', zh: '' } }, 'import', id));

  beforeAll(async () => {
    scratch = await createScratchDatabase(provider);
    await applyMigrations(scratch.config);
    db = await openDatabase(scratch.config);
    userId = (await db.prisma.user.create({ data: { email: 'bulk@example.com' } })).id;
  });
  afterAll(async () => {
    await db.close();
    await scratch.drop();
  });

  it('writes every row (more than one statement or event-loop turn holds) as Prisma reads them back', async () => {
    await newDeck('deck-ok');
    const rows = notes('deck-ok', 4_321);
    const inserted = await transaction(db.prisma, (tx) => insertRows(tx, db, 'Note', NOTE_COLUMNS, rows));
    expect(inserted).toBe(4_321);
    const back = await db.prisma.note.findMany({ where: { deckId: 'deck-ok' }, orderBy: { position: 'asc' } });
    expect(back.map(({ retiredAt: _, ...note }) => note)).toEqual(rows);
  });

  it('writes nothing when the transaction fails after its rows were inserted', async () => {
    await newDeck('deck-failed');
    await expect(
      transaction(db.prisma, async (tx) => {
        await insertRows(tx, db, 'Note', NOTE_COLUMNS, notes('deck-failed', 2_500));
        // A later statement of the same transaction fails: the unique (deckId, slug) of a row written above.
        await insertRows(tx, db, 'Note', NOTE_COLUMNS, [{ ...notes('deck-failed', 1)[0]!, id: 'another-id' }]);
      }),
    ).rejects.toThrow();
    expect(await db.prisma.note.count({ where: { deckId: 'deck-failed' } })).toBe(0);
    // The connection is usable afterwards, in and out of transactions.
    await transaction(db.prisma, (tx) => insertRows(tx, db, 'Note', NOTE_COLUMNS, notes('deck-failed', 3)));
    expect(await db.prisma.note.count({ where: { deckId: 'deck-failed' } })).toBe(3);
  });

  it('writes no row once Prisma has ended the transaction (its timeout), not even outside it', async () => {
    await newDeck('deck-late');
    await expect(
      transaction(
        db.prisma,
        async (tx) => {
          await new Promise((resolve) => setTimeout(resolve, 400));
          await insertRows(tx, db, 'Note', NOTE_COLUMNS, notes('deck-late', 10));
        },
        { timeout: 100 },
      ),
    ).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await db.prisma.note.count({ where: { deckId: 'deck-late' } })).toBe(0);
  });

  it.runIf(provider === 'postgresql')('sends the rows through the pooled client of the transaction it runs in, none outside one', async () => {
    expect(transactionConnection()).toBeNull();
    const [ours, theirs] = await Promise.all(
      [1, 2].map(() =>
        transaction(db.prisma, async (tx) => {
          const pid = (await tx.$queryRawUnsafe<{ pid: number }[]>('SELECT pg_backend_pid() AS pid'))[0]!.pid;
          const connection = transactionConnection();
          expect(connection?.provider).toBe('postgresql');
          const pg = (connection as { pg: PgConnection }).pg;
          const viaClient = ((await pg.query('SELECT pg_backend_pid() AS pid')) as { rows: { pid: number }[] }).rows[0]!.pid;
          return { pid, viaClient };
        }),
      ),
    );
    expect(ours!.viaClient).toBe(ours!.pid);
    expect(theirs!.viaClient).toBe(theirs!.pid);
    expect(ours!.pid).not.toBe(theirs!.pid);
  });

  it.runIf(provider === 'sqlite')('writes through the connection under Prisma, inside the transaction it runs in, none outside one', async () => {
    expect(transactionConnection()).toBeNull();
    await transaction(db.prisma, async () => {
      const connection = transactionConnection();
      expect(connection?.provider).toBe('sqlite');
      if (connection?.provider !== 'sqlite') return;
      expect(connection.isOpen()).toBe(true);
      expect(connection.sqlite.inTransaction).toBe(true);
    });
  });
});
