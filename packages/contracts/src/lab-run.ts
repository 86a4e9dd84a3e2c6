import { z } from 'zod';
import { ZExperimentId, ZLabBackend, ZLabResult } from './lab';

export const ZLabRunStatus = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export type TLabRunStatus = z.infer<typeof ZLabRunStatus>;

/** A lab run as the API reports it. `cached` is true when the answer came from an earlier identical run. */
export const ZLabRun = z.object({
  id: z.string(),
  experiment: ZExperimentId,
  params: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  codeVersion: z.string(),
  status: ZLabRunStatus,
  progress: z.number().min(0).max(1),
  message: z.string(),
  backend: ZLabBackend.nullable(),
  result: ZLabResult.nullable(),
  error: z.string().nullable(),
  cached: z.boolean(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});
export type TLabRun = z.infer<typeof ZLabRun>;

export const ZLabRunParams = z.strictObject({ runId: z.string().min(1).max(64) });

/** One server-sent event on /lab/runs/:id/events: the run's state whenever it changes. */
export const ZLabRunEvent = ZLabRun.pick({ id: true, status: true, progress: true, message: true, error: true });
export type TLabRunEvent = z.infer<typeof ZLabRunEvent>;

export const ZLabInfo = z.object({
  backend: ZLabBackend.nullable(),
  codeVersion: z.string(),
  maxConcurrentRunsPerUser: z.number().int(),
});
export type TLabInfo = z.infer<typeof ZLabInfo>;
