// Generates one Prisma client per provider. PRISMA_SCHEMA_ENGINE_BINARY points at an existing
// file so the CLI does not try to download the native schema engine (which `generate` never runs).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const prismaCli = join(dirname(createRequire(import.meta.url).resolve('prisma/package.json')), 'build', 'index.js');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? (existsSync('/bin/false') ? '/bin/false' : process.execPath),
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
for (const provider of ['sqlite', 'postgresql']) {
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', join(here, provider)], { env, stdio: 'inherit', cwd: here });
}
