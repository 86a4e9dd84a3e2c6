import type { optimizeParameters, planInterview, retentionWorkload } from '@recurrence/srs';
import type { TPasswordScore } from '../services/password-score';

type Args<F extends (...a: never[]) => unknown> = Parameters<F>;

/** An operation's input and output, as sent to and answered by a worker thread. */
export type WorkerOps = Record<string, { input: unknown; output: unknown }>;

/** The compute worker's operations (worker.ts). */
export type ComputeOps = {
  plan: { input: Args<typeof planInterview>[0]; output: ReturnType<typeof planInterview> };
  workload: {
    input: { cards: Args<typeof retentionWorkload>[0]; now: Date; options: Args<typeof retentionWorkload>[2] };
    output: ReturnType<typeof retentionWorkload>;
  };
  optimize: { input: { log: Args<typeof optimizeParameters>[0]; options: Args<typeof optimizeParameters>[1] }; output: Awaited<ReturnType<typeof optimizeParameters>> };
};

/** The password worker's one operation (password-worker.ts). */
export type PasswordOps = {
  password: { input: { password: string; userInputs: readonly string[] }; output: TPasswordScore };
};

export type WorkerRequest<Ops extends WorkerOps> = { [K in keyof Ops]: { id: number; op: K; input: Ops[K]['input'] } }[keyof Ops];
export type ComputeRequest = WorkerRequest<ComputeOps>;
export type PasswordRequest = WorkerRequest<PasswordOps>;
export type WorkerResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
