import type { TArchitecture, TExperimentId, TLabBackend, TLabParams } from '@recurrence/contracts';

/**
 * Which backend trains a run when both wasm and the native `tensorflow` backend are there. Each eager op costs
 * ~3 µs on wasm but more on tensorflow (it crosses N-API into libtensorflow's eager runtime), while libtensorflow's
 * kernels (oneDNN, both cores) are faster on big operands: the native backend wins once the work per op is large.
 * `backendWork` estimates that work (multiply-adds of the largest matMul an op does): the recurrent cells run one op
 * sequence per time step on [batch, hidden] × [hidden, gates·hidden], so the sequence length does not enter; the
 * Transformer's ops cover the whole sequence at once (projections B·T·d², attention scores B·T²·d).
 */
export interface BackendWorkSize {
  hidden: number;
  seqLen: number;
  batchSize: number;
}

export interface RunModel {
  architecture: TArchitecture;
  size: BackendWorkSize;
}

const GATES: Record<Exclude<TArchitecture, 'transformer'>, number> = { rnn: 1, gru: 3, lstm: 4 };

export function backendWork(architecture: TArchitecture, size: BackendWorkSize): number {
  const { hidden, seqLen, batchSize } = size;
  if (architecture === 'transformer') return batchSize * seqLen * (hidden * hidden + seqLen * hidden);
  return batchSize * hidden * hidden * GATES[architecture];
}

/**
 * From these `backendWork` values on, a training step is clearly faster on tensorflow than on wasm (measured with
 * `npx tsx bench/lab/backend-crossover.ts`; table and margin in ARCHITECTURE.md, "Lab backend by run size"). Every
 * worked answer the cards quote is below them, so the cards' figures stay those of wasm.
 */
export const BACKEND_CROSSOVER = { recurrent: 1_000_000, transformer: 90_000_000 } as const;

function crossoverOf(architecture: TArchitecture): number {
  return architecture === 'transformer' ? BACKEND_CROSSOVER.transformer : BACKEND_CROSSOVER.recurrent;
}

/** True when every model a run trains is at or past the crossover (a run trains on one backend). */
export function nativeIsFaster(models: readonly RunModel[]): boolean {
  return models.length > 0 && models.every((m) => backendWork(m.architecture, m.size) >= crossoverOf(m.architecture));
}

/**
 * The models a run trains, with their sizes (parameters already validated, defaults filled in). Experiments whose
 * result is itself a timing (attention-cost) or that train nothing sizeable (positional-encoding) name none, so they
 * stay on the backend that runs small models fastest.
 */
export function runModels(experiment: TExperimentId, params: unknown): RunModel[] {
  switch (experiment) {
    case 'gradient-flow': {
      const p = params as TLabParams['gradient-flow'];
      return p.architectures.map((architecture) => ({ architecture, size: { hidden: p.hidden, seqLen: p.seqLen, batchSize: p.batchSize } }));
    }
    case 'layernorm-depth': {
      const p = params as TLabParams['layernorm-depth'];
      return [{ architecture: 'transformer', size: { hidden: p.dModel, seqLen: p.seqLen, batchSize: p.batchSize } }];
    }
    case 'attention-weights': {
      const p = params as TLabParams['attention-weights'];
      return [{ architecture: 'transformer', size: { hidden: p.dModel, seqLen: p.sentenceLength, batchSize: p.batchSize } }];
    }
    case 'lstm-gates': {
      const p = params as TLabParams['lstm-gates'];
      return [{ architecture: 'lstm', size: { hidden: p.hidden, seqLen: p.seqLen, batchSize: p.batchSize } }];
    }
    case 'attention-cost':
    case 'positional-encoding':
      return [];
  }
}

/** The backends a process has initialised: `large` for runs past the crossover, `small` for the others. */
export interface RunBackends {
  small: TLabBackend;
  large: TLabBackend;
}

/** The backend one run trains on. */
export function backendForRun(backends: RunBackends, models: readonly RunModel[]): TLabBackend {
  return backends.large !== backends.small && nativeIsFaster(models) ? backends.large : backends.small;
}
