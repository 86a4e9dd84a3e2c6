/**
 * The migrate process (bundled as dist/migrate.js; the `migrate` service of docker-compose.yml): applies pending
 * migrations to DATABASE_URL and exits, so that API replicas start on a migrated database and never race to migrate
 * it. The same as `npm run db:migrate`, without the dev dependencies that command runs on.
 */
import { applyMigrations, parseDatabaseUrl, redactDatabaseUrl } from '@recurrence/db';

const config = parseDatabaseUrl(process.env.DATABASE_URL, { dataDir: process.env.DATA_DIR ?? 'data' });
const { applied } = await applyMigrations(config);
console.log(`${redactDatabaseUrl(config)}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
process.exit(0);
