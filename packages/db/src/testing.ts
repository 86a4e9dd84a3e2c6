import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseConfig, DatabaseProvider } from './config';
import { withDatabaseName } from './config';
import { runOnMaintenanceDb } from './migrate/adapters';

/** One statement on the server's maintenance database (tests that change a database from outside, e.g. refuse its connections). */
export { runOnMaintenanceDb };

/**
 * The databases a test suite runs against: SQLite always, PostgreSQL when TEST_POSTGRES_URL names a server
 * (e.g. postgresql://postgres@127.0.0.1:5432/postgres). A newcomer without PostgreSQL still gets a passing run.
 */
export function testProviders(): DatabaseProvider[] {
  return process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgresql'] : ['sqlite'];
}

export type ScratchDatabase = { config: DatabaseConfig; drop(): Promise<void> };

/** A new, empty database of the given provider; `drop()` removes it (the PostgreSQL database or the SQLite folder). */
export async function createScratchDatabase(provider: DatabaseProvider): Promise<ScratchDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'recurrence-test-'));
    return { config: { provider, file: join(dir, 'test.db') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) throw new Error('TEST_POSTGRES_URL is not set');
  const name = `recurrence_test_${process.pid}_${crypto.randomUUID().slice(0, 8)}`;
  await runOnMaintenanceDb(server, `CREATE DATABASE "${name}"`);
  return {
    config: { provider, url: withDatabaseName(server, name) },
    drop: () => runOnMaintenanceDb(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

type CardCreator = {
  note: { create(args: { data: { id?: string; deckId: string; slug: string; type: string; section: string; position: number; tags: string[]; content: object; contentHash: string; retiredAt?: Date | null } }): Promise<{ id: string }> };
  card: { create(args: { data: { id?: string; noteId: string; deckId: string; ordinal: number; position: number; retiredAt?: Date | null } }): Promise<{ id: string }> };
};

/**
 * A note with one card (ordinal 1) for tests below the deck sync: the note's slug is `slug`, the card's id `id`
 * (random when omitted).
 */
export async function createTestCard(
  prisma: CardCreator,
  card: { id?: string; deckId: string; slug: string; position: number; content?: object; retiredAt?: Date | null; ordinal?: number },
): Promise<{ id: string; noteId: string }> {
  const note = await prisma.note.create({
    data: { deckId: card.deckId, slug: card.slug, type: 'basic', section: 's', position: card.position, tags: [], content: card.content ?? {}, contentHash: card.slug, retiredAt: card.retiredAt ?? null },
  });
  const created = await prisma.card.create({
    data: { ...(card.id ? { id: card.id } : {}), noteId: note.id, deckId: card.deckId, ordinal: card.ordinal ?? 1, position: card.position, retiredAt: card.retiredAt ?? null },
  });
  return { id: created.id, noteId: note.id };
}
