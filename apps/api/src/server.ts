// First: sets a V8 flag before any WebAssembly is compiled (see the module).
import './wasm-baseline-only';
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { applyMigrations, DatabaseConfigError, openDatabase, parseDatabaseUrl, redactDatabaseUrl } from '@recurrence/db';
import pretty from 'pino-pretty';
import { buildApp } from './app';
import { syncBuiltinDecks } from './builtin-decks';
import { LabQueueClient } from './lab/lab-queue';
import { LabRunner } from './lab/lab-runner';
import { isOnlyApiOf } from './plugins/database';
import { failInterruptedRuns } from './services/lab-runs';
import { warmWorkedAnswers } from './worked-answers';
import { readApiEnv } from './env';
import { APP_VERSION } from './version';

/**
 * The process: read the environment, migrate, load the built-in decks, listen, and close cleanly on SIGINT/SIGTERM.
 */
const env = readApiEnv();
const dbConfig = parseDatabaseUrl(env.DATABASE_URL, { dataDir: env.DATA_DIR });

// JSON lines (one object per line, each request's lines carrying its requestId) for log collectors; the same lines
// made readable when the server writes to a terminal (`npm start` by hand).
const logger = {
  level: env.LOG_LEVEL,
  redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], censor: '[redacted]' },
  ...(process.stdout.isTTY ? { stream: pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }) } : {}),
};

/** A database that cannot be used as configured (e.g. a read-only folder) is said in one line, without a stack. */
const orExit = <T>(promise: Promise<T>): Promise<T> =>
  promise.catch((error: unknown) => {
    if (!(error instanceof DatabaseConfigError)) throw error;
    console.error(`recurrence: ${error.message}`);
    process.exit(1);
  });
/**
 * Built, the migrations run in a short-lived child process (dist/migrate.js, with this process's environment): Prisma's
 * schema engine, a wasm module, stays resident in whichever process applies them (~20 MB for good, ~45 MB at the
 * peak), and this process serves for days. From source (tsx: dev, tests) they run here.
 */
function migrate(): Promise<{ applied: string[] }> {
  const bundle = fileURLToPath(new URL('./migrate.js', import.meta.url));
  if (!import.meta.url.endsWith('.js') || !existsSync(bundle)) return orExit(applyMigrations(dbConfig));
  return new Promise((resolve) => {
    let result: { applied: string[] } | null = null;
    const child = fork(bundle, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (message) => (result = message as { applied: string[] }));
    // It has said why on stderr (a DatabaseConfigError in one line).
    child.on('exit', (code) => (code === 0 && result ? resolve(result) : process.exit(1)));
  });
}
const migrated = await migrate();
// The working set only where this process is the database's one API (see isOnlyApiOf).
const db = await orExit(openDatabase(dbConfig, { studyWorkingSet: isOnlyApiOf(dbConfig) }));
// SQLite: runs train in this process, so those a previous process left can never finish. PostgreSQL: lab workers
// train them and pg-boss retries the jobs of workers that died; nothing to clean up here.
if (dbConfig.provider === 'sqlite') await failInterruptedRuns(db.prisma);
const app = await buildApp({
  db,
  version: APP_VERSION,
  cookieSecure: env.COOKIE_SECURE,
  sessionTtlDays: env.SESSION_TTL_DAYS,
  selfServeInstructors: env.INSTRUCTOR_SELF_SERVE,
  logger,
  // PostgreSQL: the API enqueues lab runs for lab worker processes (npm run worker) and never trains.
  createLab: (log, prisma) =>
    dbConfig.provider === 'postgresql'
      ? LabQueueClient.open(dbConfig.url, prisma, log, { expireInSeconds: env.LAB_JOB_EXPIRE_SECONDS, retryLimit: env.LAB_JOB_RETRY_LIMIT })
      : new LabRunner(prisma, log, { nice: env.LAB_NICE, trainers: env.LAB_TRAINERS }),
  trustProxy: env.TRUST_PROXY,
  publicOrigins: env.PUBLIC_ORIGIN,
  limits: { accountsPerAddressPerHour: env.ACCOUNTS_PER_ADDRESS_PER_HOUR, guestsPerHour: env.GUESTS_PER_HOUR },
  webUpstream: env.WEB_UPSTREAM,
  importLimits: { maxUploadBytes: env.IMPORT_MAX_BYTES, maxUncompressedBytes: env.IMPORT_MAX_UNCOMPRESSED_BYTES, maxRatio: env.IMPORT_MAX_RATIO },
});
const lab = app.requireLab();
app.log.info({ database: redactDatabaseUrl(dbConfig), applied: migrated.applied }, 'database ready');
for (const report of await syncBuiltinDecks(db)) app.log.info(report, 'built-in deck synced');
if (env.LAB_WARM_ON_START) {
  void warmWorkedAnswers(db, lab).then(
    (warm) => app.log.info(warm, 'worked answers queued'),
    (error: unknown) => app.log.error({ err: error }, 'queuing worked answers failed'),
  );
}

let closing = false;
async function close(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  const timer = setTimeout(() => process.exit(1), 10_000);
  timer.unref();
  await app.close();
  await db.close();
  process.exit(0);
}
process.on('SIGINT', () => void close('SIGINT'));
process.on('SIGTERM', () => void close('SIGTERM'));

await app.listen({ host: env.HOST, port: env.PORT });
