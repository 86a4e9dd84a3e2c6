/**
 * Creates a migration for each provider from the current schema (`npm run db:migration:create -- <name>`).
 * SQLite runs against a scratch file; PostgreSQL against a scratch database on the server named by
 * MIGRATION_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres), dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDatabaseName } from '../config';
import { runOnMaintenanceDb } from '../migrate/adapters';
import { applyMigrations, createMigration } from '../migrate/migrate';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration:create -- <name>   (name: lower-case letters, digits, underscores)');
  process.exit(2);
}
const only = process.argv[3] as 'sqlite' | 'postgresql' | undefined;

if (only !== 'postgresql') {
  const dir = mkdtempSync(join(tmpdir(), 'recurrence-migrate-'));
  try {
    const result = await createMigration({ provider: 'sqlite', file: join(dir, 'dev.db') }, name);
    console.log(result.directory ? `sqlite: created ${result.directory}` : 'sqlite: schema unchanged, no migration');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (only !== 'sqlite') {
  const server = process.env.MIGRATION_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const database = `recurrence_migrate_${process.pid}`;
  await runOnMaintenanceDb(server, `CREATE DATABASE "${database}"`);
  try {
    const url = withDatabaseName(server, database);
    const result = await createMigration({ provider: 'postgresql', url }, name);
    console.log(result.directory ? `postgresql: created ${result.directory}` : 'postgresql: schema unchanged, no migration');
    await applyMigrations({ provider: 'postgresql', url });
  } finally {
    await runOnMaintenanceDb(server, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}
// The wasm engine leaves a timer armed; nothing else is pending.
process.exit(0);
