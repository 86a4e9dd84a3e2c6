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
