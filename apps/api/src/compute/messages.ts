import type { optimizeParameters, planInterview, retentionWorkload } from '@recurrence/srs';
import type { TPasswordScore } from '../services/password-strength';

type Args<F extends (...a: never[]) => unknown> = Parameters<F>;

export type ComputeOps = {
  plan: { input: Args<typeof planInterview>[0]; output: ReturnType<typeof planInterview> };
  workload: {
    input: { cards: Args<typeof retentionWorkload>[0]; now: Date; options: Args<typeof retentionWorkload>[2] };
    output: ReturnType<typeof retentionWorkload>;
  };
  password: { input: { password: string; userInputs: readonly string[] }; output: TPasswordScore };
  optimize: { input: { log: Args<typeof optimizeParameters>[0]; options: Args<typeof optimizeParameters>[1] }; output: Awaited<ReturnType<typeof optimizeParameters>> };
};

export type ComputeRequest = { [K in keyof ComputeOps]: { id: number; op: K; input: ComputeOps[K]['input'] } }[keyof ComputeOps];
export type ComputeResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
