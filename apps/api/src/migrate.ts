/**
 * The migrate process (bundled as dist/migrate.js; the `migrate` service of docker-compose.yml): applies pending
 * migrations to DATABASE_URL and exits, so that API replicas start on a migrated database and never race to migrate
 * it. dist/server.js forks it on every start, so that the schema engine never stays in the API's memory. The same
 * as `npm run db:migrate`, without the dev dependencies that command runs on.
 */
import { applyMigrations, DatabaseConfigError, parseDatabaseUrl, redactDatabaseUrl } from '@recurrence/db';

try {
  const config = parseDatabaseUrl(process.env.DATABASE_URL, { dataDir: process.env.DATA_DIR ?? 'data' });
  const { applied } = await applyMigrations(config);
  // Forked by dist/server.js (see migrate() there): the result goes back to it, which logs it.
  if (process.send) await new Promise((resolve) => process.send!({ applied }, resolve));
  else console.log(`${redactDatabaseUrl(config)}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
  process.exit(0);
} catch (error) {
  // A database that cannot be used as configured (e.g. a read-only folder) is said in one line, as the API says it.
  if (!(error instanceof DatabaseConfigError)) throw error;
  console.error(`recurrence: ${error.message}`);
  process.exit(1);
}
