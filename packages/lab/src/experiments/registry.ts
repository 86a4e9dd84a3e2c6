import {
  LAB_PARAMS_SCHEMAS,
  ZLabResult,
  ZLabRunRequest,
  type TExperimentId,
  type TLabExport,
  type TLabParams,
  type TLabResult,
  type TLabResultFor,
} from '@recurrence/contracts';
import type { z } from 'zod';
import { useRunBackend, type SelectBackendOptions } from '../backend';
import { LabParamsError } from '../errors';
import { LAB_CODE_VERSION } from '../version';
import { runAttentionCost } from './attention-cost';
import { runAttentionWeights } from './attention-weights';
import type { TrainerPool } from '../parallel/pool';
import { runTrainings, type AnyTrainingPlan } from '../parallel/trainings';
import { RunContext, type RunOptions } from './context';
import { gradientFlowPlan, type GradientFlowRecorder } from './gradient-flow';
import { layerNormDepthPlan } from './layernorm-depth';
import { runLstmGates } from './lstm-gates';
import { runPositionalEncoding } from './positional-encoding';

export interface LabRunOptions extends RunOptions {
  /** Backend selection (first call in the process wins; default: GPU → native → wasm → cpu), then per run by size. */
  backend?: SelectBackendOptions;
  /**
   * Worker threads for the independent trainings of a run (LAB_TRAINERS ≥ 2). Without it, or for a run on a backend
   * other than the pool's, they train one after another on this thread; the result is the same to the bit.
   */
  trainers?: TrainerPool;
}

export interface ExperimentRunOptions extends LabRunOptions {
  seed?: number;
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

type Body<E extends TExperimentId> = Omit<TLabResultFor<E>, 'experiment' | 'params' | 'seed' | 'backend' | 'codeVersion' | 'timings'>;

export interface ExperimentDefinition<E extends TExperimentId> {
  id: E;
  title: string;
  paramsSchema: (typeof LAB_PARAMS_SCHEMAS)[E];
  /**
   * Validates `params` (omitted fields take their defaults; throws LabParamsError naming the fields), runs,
   * and resolves to a zod-validated result.
   */
  run(params: z.input<(typeof LAB_PARAMS_SCHEMAS)[E]>, options?: ExperimentRunOptions): Promise<TLabResultFor<E>>;
}

function parseParams<E extends TExperimentId>(id: E, params: unknown): TLabParams[E] {
  const parsed = LAB_PARAMS_SCHEMAS[id].safeParse(params ?? {});
  if (!parsed.success) {
    const issues = issuesOf(parsed.error).map((i) => ({ ...i, path: i.path ? `params.${i.path}` : 'params' }));
    throw new LabParamsError(`Invalid ${id} params: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data as TLabParams[E];
}

type RunBody<E extends TExperimentId> = (params: TLabParams[E], ctx: RunContext, recorder?: GradientFlowRecorder) => Promise<Body<E>>;

/** `body`: the whole run on this thread; or a `TrainingPlan`: independent trainings, on the pool when there is one. */
function define<E extends TExperimentId>(
  id: E,
  title: string,
  body: RunBody<E> | AnyTrainingPlan,
): ExperimentDefinition<E> & { runRecorded: typeof runRecorded; plan: AnyTrainingPlan | null } {
  async function runRecorded(
    params: TLabParams[E],
    options: ExperimentRunOptions = {},
    recorder?: GradientFlowRecorder,
  ): Promise<TLabResultFor<E>> {
    // Per run: small runs on wasm, runs past the measured crossover on the native backend when it is there.
    const backend = await useRunBackend(id, params, options.backend);
    const seed = options.seed ?? 0;
    const ctx = new RunContext(seed, backend, { ...(options.onProgress ? { onProgress: options.onProgress } : {}), cancelled: () => options.signal?.aborted === true });
    ctx.checkCancelled();
    ctx.progress(0, `${id}: starting on ${backend}`);
    const out: Body<E> =
      typeof body === 'function'
        ? await body(params, ctx, recorder)
        : await runTrainings<Body<E>>(id, body, params, ctx, {
            ...(options.trainers ? { pool: options.trainers } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
            ...(recorder ? { recorder } : {}),
          });
    const result = {
      experiment: id,
      params,
      seed,
      backend,
      codeVersion: LAB_CODE_VERSION,
      timings: ctx.finishTimings(),
      ...out,
    };
    ctx.progress(1, `${id}: done`);
    return ZLabResult.parse(result) as TLabResultFor<E>;
  }
  return {
    id,
    title,
    paramsSchema: LAB_PARAMS_SCHEMAS[id],
    run: async (params, options) => runRecorded(parseParams(id, params), options),
    runRecorded,
    plan: typeof body === 'function' ? null : body,
  };
}

export const experiments = {
  'gradient-flow': define('gradient-flow', 'Gradient flow through RNN, LSTM, GRU and Transformer', gradientFlowPlan),
  'attention-cost': define('attention-cost', 'Cost of self-attention vs an LSTM layer', runAttentionCost),
  'positional-encoding': define('positional-encoding', 'Why a Transformer needs positions', (p, ctx) => runPositionalEncoding(p, ctx)),
  'layernorm-depth': define('layernorm-depth', 'Pre-LN vs Post-LN gradients across depth', layerNormDepthPlan),
  'attention-weights': define('attention-weights', 'What a trained attention layer looks at', (p, ctx) => runAttentionWeights(p, ctx)),
  'lstm-gates': define('lstm-gates', 'LSTM gates along a sequence', (p, ctx) => runLstmGates(p, ctx)),
} satisfies { [E in TExperimentId]: ExperimentDefinition<E> };

/** The most trainings one run has (gradient-flow with every architecture): a larger pool would leave threads idle. */
export const MOST_TRAININGS_PER_RUN = Math.max(
  1,
  ...Object.values(experiments as Record<string, { plan: AnyTrainingPlan | null }>).map((e) => e.plan?.maxParts ?? 1),
);

/** The independent trainings of an experiment, for a TrainerPool thread (training-worker.ts). */
export function trainingPlanOf(id: string): AnyTrainingPlan {
  const plan = (experiments as Record<string, { plan: AnyTrainingPlan | null }>)[id]?.plan;
  if (!plan) throw new Error(`${id} is not an experiment of independent trainings`);
  return plan;
}

/** Validates a request (unknown input) into a typed one, or throws LabParamsError naming the fields. */
export function parseLabRequest(request: unknown): z.infer<typeof ZLabRunRequest> {
  const parsed = ZLabRunRequest.safeParse(request);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    throw new LabParamsError(`Invalid lab request: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}

/**
 * Validates the request (throws LabParamsError naming the fields), selects the backend once per process,
 * runs the experiment and returns its zod-validated result. Rejects with LabCancelledError if
 * `options.signal` aborts.
 */
export async function runExperiment(request: unknown, options: LabRunOptions = {}): Promise<TLabResult> {
  const req = parseLabRequest(request);
  const def = experiments[req.experiment] as unknown as ExperimentDefinition<TExperimentId>;
  return def.run(req.params as never, { ...options, seed: req.seed });
}

/**
 * Like runExperiment, and also returns the export (format documented in README.md): for gradient-flow the
 * initial and final weights, the probe batch and every gradient norm the run reported, for the others the
 * request and result (re-run to reproduce).
 */
export async function runExperimentWithExport(
  request: unknown,
  options: LabRunOptions = {},
): Promise<{ result: TLabResult; exported: TLabExport }> {
  const req = parseLabRequest(request);
  const recorder: GradientFlowRecorder = { models: [] };
  const def = experiments[req.experiment];
  const result = (await (def.runRecorded as (p: unknown, o: ExperimentRunOptions, r: GradientFlowRecorder) => Promise<TLabResult>)(
    req.params,
    { ...options, seed: req.seed },
    recorder,
  )) as TLabResult;
  const exported: TLabExport = {
    format: 'recurrence-lab-export/1',
    experiment: req.experiment,
    codeVersion: LAB_CODE_VERSION,
    seed: req.seed,
    backend: result.backend,
    params: req.params as Record<string, unknown>,
    models: recorder.models,
    result,
  };
  return { result, exported };
}
