import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../client';
import { createScratchDatabase, testProviders, type ScratchDatabase } from '../testing';
import { applyMigrations, createMigration, migrationStatus } from './migrate';
import { readMigrationsList } from './migrations';

describe.each(testProviders())('migrations on %s', (provider) => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase(provider);
  });
  afterAll(() => scratch.drop());

  it('applies every migration in the folder to an empty database, then nothing on a second run', async () => {
    const folder = await readMigrationsList(provider);
    expect(folder.migrationDirectories.length).toBeGreaterThan(0);

    const first = await applyMigrations(scratch.config);
    expect(first.applied).toEqual(folder.migrationDirectories.map((m) => m.path));
    const second = await applyMigrations(scratch.config);
    expect(second.applied).toEqual([]);

    const status = await migrationStatus(scratch.config);
    expect(status.history).toBeNull();
    expect(status.failedMigrationNames).toEqual([]);
  });

  it('leaves a schema the generated client can write to and read from', async () => {
    const db = await openDatabase(scratch.config);
    try {
      const user = await db.prisma.user.create({ data: { email: 'a@example.com', role: 'admin' } });
      await db.prisma.deck.create({ data: { id: 'd', title: { en: 'T', zh: '题' }, description: { en: '', zh: '' } } });
      const note = await db.prisma.note.create({
        data: { deckId: 'd', slug: 'c1', type: 'basic', section: 's', position: 0, tags: ['t'], content: { nested: [1, 2] }, contentHash: 'h' },
      });
      const card = await db.prisma.card.create({ data: { noteId: note.id, deckId: 'd', ordinal: 1, position: 0 } });
      const read = await db.prisma.card.findUniqueOrThrow({ where: { id: card.id }, include: { note: true } });
      expect(read.note.content).toEqual({ nested: [1, 2] });
      expect((await db.prisma.user.findUniqueOrThrow({ where: { email: 'a@example.com' } })).id).toBe(user.id);
    } finally {
      await db.close();
    }
  });

  it('has migrations that match the schema: creating a migration now finds nothing to do', async () => {
    const fresh = await createScratchDatabase(provider);
    try {
      const created = await createMigration(fresh.config, 'schema_check', { dryRun: true });
      expect(created, 'prisma/models.prisma changed without a migration: run npm run db:migration:create -- <name>').toEqual({
        directory: null,
        sql: null,
      });
    } finally {
      await fresh.drop();
    }
  });
});
