import { z } from 'zod';

/**
 * The API's configuration, read once from the environment. Every variable is listed in the README.
 * Nothing else in apps/api reads process.env.
 */
const ZBooleanString = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const ZApiEnv = z.object({
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().min(1).default('data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: ZBooleanString.default(false),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Train the cards' default worked answers at start-up (in the lab worker) so they are cached when revealed. */
  LAB_WARM_ON_START: ZBooleanString.default(true),
});
export type TApiEnv = z.infer<typeof ZApiEnv>;

export function readApiEnv(env: NodeJS.ProcessEnv = process.env): TApiEnv {
  const parsed = ZApiEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  return parsed.data;
}
