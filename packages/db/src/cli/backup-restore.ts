/**
 * `npm run db:backup -- <file>`: a consistent copy of the database DATABASE_URL names (default: the embedded SQLite
 * file), taken while the app runs. `npm run db:restore -- <file>`: replaces that database with such a backup (stop
 * the app first). A relative file name is taken from the folder npm was run in.
 */
import { resolve } from 'node:path';
import { BackupError, backupDatabase, restoreDatabase } from '../backup';
import { parseDatabaseUrl, redactDatabaseUrl } from '../config';

const cwd = process.env.INIT_CWD ?? process.cwd();
const [mode, file] = process.argv.slice(2);
if ((mode !== 'backup' && mode !== 'restore') || !file) {
  console.error(`usage: npm run db:${mode === 'restore' ? 'restore' : 'backup'} -- <file>`);
  process.exit(2);
}
const config = parseDatabaseUrl(process.env.DATABASE_URL, { dataDir: process.env.DATA_DIR ?? 'data', baseDir: cwd });
const path = resolve(cwd, file);
try {
  if (mode === 'backup') {
    const { bytes } = await backupDatabase(config, path);
    console.log(`${redactDatabaseUrl(config)} → ${path} (${bytes} bytes, ${config.provider === 'sqlite' ? 'SQLite database' : 'pg_dump custom format'})`);
  } else {
    await restoreDatabase(config, path);
    console.log(`${path} → ${redactDatabaseUrl(config)}: restored (the API applies any newer migrations when it starts)`);
  }
} catch (error) {
  console.error(error instanceof BackupError ? `${mode} failed: ${error.message}` : error);
  process.exit(1);
}
