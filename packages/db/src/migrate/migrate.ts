import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { ensureWritableSqliteFolder, type DatabaseConfig } from '../config';
import { migrationAdapterFactory } from './adapters';
import { migrationsDirectory, readMigrationsList, readSchemaFiles } from './migrations';
import { openSchemaEngine } from './schema-engine';

const filters = { externalTables: [], externalEnums: [] };

/**
 * Runs `use` with a schema engine and closes every connection the engine opened. Freeing the engine does not
 * close them, and on PostgreSQL a pooled connection would keep holding the migration advisory lock.
 */
async function withEngine<T>(config: DatabaseConfig, use: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const factory = migrationAdapterFactory(config);
  const opened: SqlDriverAdapter[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => remember(await factory.connect()),
    connectToShadowDb: async () => remember(await factory.connectToShadowDb()),
  };
  function remember(adapter: SqlDriverAdapter): SqlDriverAdapter {
    opened.push(adapter);
    return adapter;
  }
  const engine = await openSchemaEngine(await readSchemaFiles(config.provider), tracked);
  try {
    return await use(engine);
  } finally {
    engine.free();
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
  }
}

/**
 * `prisma migrate deploy`: applies every migration not yet recorded in `_prisma_migrations`. `before` (tests of a
 * migration that moves data) stops short of the first migration whose folder name starts with it.
 */
export async function applyMigrations(config: DatabaseConfig, options: { before?: string } = {}): Promise<{ applied: string[] }> {
  if (config.provider === 'sqlite') ensureWritableSqliteFolder(config.file);
  const all = await readMigrationsList(config.provider);
  const before = options.before;
  const cut = before === undefined ? -1 : all.migrationDirectories.findIndex((m) => m.path.slice(m.path.indexOf('_') + 1).startsWith(before));
  if (before !== undefined && cut < 0) throw new Error(`no migration named ${before}`);
  const migrationsList = cut < 0 ? all : { ...all, migrationDirectories: all.migrationDirectories.slice(0, cut) };
  return withEngine(config, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters });
    return { applied: appliedMigrationNames };
  });
}

/** `prisma migrate status`: how the migrations folder and the database's history compare. */
export async function migrationStatus(config: DatabaseConfig) {
  const migrationsList = await readMigrationsList(config.provider);
  return withEngine(config, (engine) => engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters }));
}

export type CreatedMigration = { directory: string; sql: string } | { directory: null; sql: null };

/**
 * `prisma migrate dev --name <name>`: applies pending migrations, then writes a new migration with the SQL that
 * takes the database from the migrations folder's state to the schema's. Returns `null`s when nothing changed;
 * with `dryRun` it returns the would-be migration without writing it.
 */
export async function createMigration(config: DatabaseConfig, migrationName: string, options: { draft?: boolean; dryRun?: boolean } = {}): Promise<CreatedMigration> {
  const schemaFiles = await readSchemaFiles(config.provider);
  const migrationsList = await readMigrationsList(config.provider);
  return withEngine(config, async (engine) => {
    // Order matters: devDiagnostic fails on a database without `_prisma_migrations`.
    await engine.applyMigrations({ migrationsList, filters });
    const { action } = await engine.devDiagnostic({ migrationsList, filters });
    if (action.tag === 'reset') {
      throw new Error(`the database's migration history does not match the migrations folder (${action.reason}); reset the development database first`);
    }
    const created = await engine.createMigration({
      draft: options.draft ?? false,
      migrationName,
      migrationsList,
      schema: { files: schemaFiles },
      filters,
    });
    if (created.migrationScript === null) return { directory: null, sql: null };
    if (options.dryRun) return { directory: created.generatedMigrationName, sql: created.migrationScript };
    const baseDir = migrationsDirectory(config.provider);
    const directory = join(baseDir, created.generatedMigrationName);
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, `migration.${created.extension}`), created.migrationScript);
    if (migrationsList.lockfile.content === null) {
      await writeFile(
        join(baseDir, 'migration_lock.toml'),
        `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${config.provider}"\n`,
      );
    }
    return { directory, sql: created.migrationScript };
  });
}
