import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import type { DatabaseProvider } from '../config';
import type { SchemaFile } from './schema-engine';

/** The prisma/ workspace: one folder per provider, each with its schema files and a migrations folder. */
export function prismaDirectory(): string {
  return dirname(createRequire(import.meta.url).resolve('@recurrence/prisma/package.json'));
}

export function migrationsDirectory(provider: DatabaseProvider): string {
  return join(prismaDirectory(), provider, 'migrations');
}

export async function readSchemaFiles(provider: DatabaseProvider): Promise<SchemaFile[]> {
  const dir = join(prismaDirectory(), provider);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.prisma')).sort();
  return Promise.all(names.map(async (name) => ({ path: join(dir, name), content: await readFile(join(dir, name), 'utf8') })));
}

/** The migrations folder in the shape the schema engine expects (what the Prisma CLI reads from disk). */
export async function readMigrationsList(provider: DatabaseProvider): Promise<MigrationList> {
  const baseDir = migrationsDirectory(provider);
  const lockPath = join(baseDir, 'migration_lock.toml');
  const lockfile = { path: 'migration_lock.toml', content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null };
  if (!existsSync(baseDir)) return { baseDir, lockfile, migrationDirectories: [], shadowDbInitScript: '' };
  const entries = await readdir(baseDir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const file = join(baseDir, name, 'migration.sql');
      const content = existsSync(file)
        ? ({ tag: 'ok', value: await readFile(file, 'utf8') } as const)
        : ({ tag: 'error', value: `${file} is missing` } as const);
      return { path: name, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  return { baseDir, lockfile, migrationDirectories, shadowDbInitScript: '' };
}
