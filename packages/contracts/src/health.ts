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

/** Readiness: the database answers (200), or not (503 with Retry-After, as an API error). */
export const ZReadinessResponse = z.object({ status: z.literal('ready'), database: z.enum(['sqlite', 'postgresql']) });
export type TReadinessResponse = z.infer<typeof ZReadinessResponse>;
