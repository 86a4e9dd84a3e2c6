/** `npm run db:migrate`: applies pending migrations to the database DATABASE_URL names (default: the embedded SQLite file). */
import { parseDatabaseUrl, redactDatabaseUrl } from '../config';
import { applyMigrations } from '../migrate/migrate';

const config = parseDatabaseUrl(process.env.DATABASE_URL, { dataDir: process.env.DATA_DIR ?? 'data', baseDir: process.env.INIT_CWD });
const { applied } = await applyMigrations(config);
console.log(`${redactDatabaseUrl(config)}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
process.exit(0);
