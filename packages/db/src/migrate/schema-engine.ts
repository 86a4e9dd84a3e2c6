import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

/**
 * Prisma's schema engine compiled to WebAssembly: `migrate deploy` and `migrate dev` without the native
 * binary that cannot be downloaded here. Importing the package's entry fails on Node 20 (it imports a
 * `.wasm` file), so the module is instantiated by hand with the package's JS glue as its import object.
 */
type Glue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

// @types/node does not declare the WebAssembly global; this is the slice of it used here.
const wasm = (globalThis as unknown as {
  WebAssembly: {
    instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: { __wbindgen_start(): void } } }>;
  };
}).WebAssembly;

let gluePromise: Promise<Glue> | undefined;

async function loadGlue(): Promise<Glue> {
  const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Glue;
  const packageDir = dirname(createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const bytes = await readFile(join(packageDir, 'schema_engine_bg.wasm'));
  const { instance } = await wasm.instantiate(bytes, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

export type SchemaFile = { path: string; content: string };

export async function openSchemaEngine(
  schemaFiles: SchemaFile[],
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  log: (line: string) => void = () => {},
): Promise<SchemaEngine> {
  gluePromise ??= loadGlue();
  const glue = await gluePromise;
  return glue.SchemaEngine.new(
    { datamodels: schemaFiles.map((f) => [f.path, f.content] as [string, string]) },
    log,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
