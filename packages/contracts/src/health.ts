import { z } from 'zod';
import { ZLabBackend } from './lab';

export const ZHealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['sqlite', 'postgresql']),
  version: z.string(),
  /** The TensorFlow.js backend the lab worker chose (null while it starts, or without a lab). */
  labBackend: ZLabBackend.nullable(),
});
export type THealthResponse = z.infer<typeof ZHealthResponse>;

/**
 * Readiness: the database answers (200), or not (503 with Retry-After, as an API error). In PostgreSQL mode `labQueue`
 * is the lab queue's backlog: jobs waiting for a lab worker and jobs being trained (null where runs train in-process).
 */
export const ZReadinessResponse = z.object({
  status: z.literal('ready'),
  database: z.enum(['sqlite', 'postgresql']),
  labQueue: z.object({ waiting: z.number().int(), active: z.number().int() }).nullable(),
});
export type TReadinessResponse = z.infer<typeof ZReadinessResponse>;
