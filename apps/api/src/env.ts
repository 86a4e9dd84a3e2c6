import { isIP } from 'node:net';
import { labTrainersProblem, parseLabTrainers } from '@recurrence/lab/trainers';
import { z } from 'zod';

/**
 * The API's configuration, read once from the environment. Every variable is listed in the README.
 * Nothing else in apps/api reads process.env.
 */
const ZBooleanString = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * TRUST_PROXY: which hops in front of the API may tell the client's address (X-Forwarded-For). Unset or `false`:
 * nobody (the API is the front door, as under `npm start`); a number: that many proxy hops; otherwise a
 * comma-separated list of proxy addresses or CIDR ranges. `true` (believe any hop) is refused: a client could
 * then pick its own address and step around every per-address limit.
 */
const ZTrustProxy = z
  .string()
  .trim()
  .default('false')
  .transform((value, ctx): false | number | string[] => {
    if (value === '' || value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(',').map((e) => e.trim());
    const bad = entries.find((e) => isIP(e.split('/')[0] ?? '') === 0);
    if (value === 'true' || bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: `must be false, a number of proxy hops, or addresses/CIDR ranges of your proxies (got ${JSON.stringify(bad ?? value)})` });
      return z.NEVER;
    }
    return entries;
  });

/**
 * PUBLIC_ORIGIN: the origins users open the app at, comma-separated (`https://recurrence.example`). State-changing
 * API requests from any other Origin are refused (cross-site request forgery). Unset: the origin each request names
 * in its Host (and X-Forwarded-Host/-Proto from a trusted proxy).
 */
const ZPublicOrigins = z
  .string()
  .trim()
  .default('')
  .transform((value, ctx): string[] => {
    if (value === '') return [];
    const origins: string[] = [];
    for (const entry of value.split(',').map((e) => e.trim())) {
      let origin: string | null = null;
      try {
        const url = new URL(entry);
        if (/^https?:$/.test(url.protocol) && url.pathname === '/' && !url.search && !url.hash && !url.username) origin = url.origin;
      } catch {
        origin = null;
      }
      if (origin === null) {
        ctx.addIssue({ code: 'custom', message: `must be origins like https://recurrence.example (scheme, host, port; no path), comma-separated (got ${JSON.stringify(entry)})` });
        return z.NEVER;
      }
      origins.push(origin);
    }
    return origins;
  });

/**
 * The nice value (0-19, Linux) of the thread that trains lab runs: the kernel serves the API's requests first and
 * training takes what is left (README: Configuration; docs/load/README.md measures it). 0 leaves it as the API's.
 */
const ZLabNice = z.coerce.number().int().min(0).max(19).default(19);

/**
 * LAB_TRAINERS: worker threads of the trainer on which the independent trainings of one run (gradient-flow's
 * architectures, layernorm-depth's placements) train at once. Unset: the CPUs less one (for the API), at least 1;
 * 1 trains them in order in the trainer itself.
 */
const ZLabTrainers = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const problem = value === undefined || value.trim() === '' ? null : labTrainersProblem(value);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return parseLabTrainers(value);
  });

export const ZApiEnv = z.object({
  /** The one public listener under `npm start`: /api is served here, every other path is handed to WEB_UPSTREAM. */
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The Next.js server that renders the pages (listening on loopback). Unset: this process serves /api only. */
  WEB_UPSTREAM: z.url({ protocol: /^https?$/ }).optional(),
  TRUST_PROXY: ZTrustProxy,
  PUBLIC_ORIGIN: ZPublicOrigins,
  /** Accounts (sign-ups and guests together) one client address may create per hour. */
  ACCOUNTS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** Guests created per hour by everyone together. */
  GUESTS_PER_HOUR: z.coerce.number().int().min(0).max(10_000_000).default(600),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().min(1).default('data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: ZBooleanString.default(false),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Train the cards' default worked answers at start-up (in the lab worker) so they are cached when revealed. */
  LAB_WARM_ON_START: ZBooleanString.default(true),
  LAB_NICE: ZLabNice,
  LAB_TRAINERS: ZLabTrainers,
  /** Users may choose an instructor account themselves; false: only an admin grants the role. */
  INSTRUCTOR_SELF_SERVE: ZBooleanString.default(true),
  /** Largest import upload in bytes; larger ones answer 413. */
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(2 ** 31).default(50_000_000),
  /** What one imported archive may unpack to, zstd layers included (zip-bomb guard). */
  IMPORT_MAX_UNCOMPRESSED_BYTES: z.coerce.number().int().min(1024 * 1024).max(2 ** 32).default(512 * 1024 * 1024),
  /** Largest expansion ratio of one archive entry of 1 MiB or more (zip-bomb guard). */
  IMPORT_MAX_RATIO: z.coerce.number().int().min(10).max(100_000).default(200),
  /** PostgreSQL mode: how long one attempt of a lab run may train; also when a dead worker's job is given back. */
  LAB_JOB_EXPIRE_SECONDS: z.coerce.number().int().min(15).max(86_400).default(600),
  /** PostgreSQL mode: attempts of a lab run after the first (its worker died or stopped mid-run). */
  LAB_JOB_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(2),
});
export type TApiEnv = z.infer<typeof ZApiEnv>;

/** The lab worker process (PostgreSQL mode; `npm run worker -w @recurrence/api`). Listed in the README. */
export const ZLabWorkerEnv = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'a lab worker needs a postgresql:// DATABASE_URL (the SQLite default trains inside the API)'),
  LOG_LEVEL: ZApiEnv.shape.LOG_LEVEL,
  LAB_NICE: ZLabNice,
  LAB_TRAINERS: ZLabTrainers,
  /** How often pg-boss's maintenance runs (it gives back the jobs of dead workers once they expire). */
  LAB_QUEUE_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** How often an idle worker asks for a job. */
  LAB_QUEUE_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  /** On SIGTERM, how long the current run may go on before it is handed back to the queue. */
  LAB_WORKER_DRAIN_SECONDS: z.coerce.number().int().min(0).max(3600).default(20),
  /** A file the worker touches every 10 s while alive (container health checks); unset: none. */
  LAB_WORKER_HEARTBEAT_FILE: z.string().min(1).optional(),
});
export type TLabWorkerEnv = z.infer<typeof ZLabWorkerEnv>;

export function readLabWorkerEnv(env: NodeJS.ProcessEnv = process.env): TLabWorkerEnv {
  return readEnv(ZLabWorkerEnv, env);
}

export function readApiEnv(env: NodeJS.ProcessEnv = process.env): TApiEnv {
  return readEnv(ZApiEnv, env);
}

function readEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  return parsed.data;
}
