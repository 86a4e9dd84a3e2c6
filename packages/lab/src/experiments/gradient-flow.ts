import * as tf from '@tensorflow/tfjs-core';
import { ZArchitecture, type TArchitecture, type TGradientFlowParams, type TGradientFlowResult, type TLabExportModel } from '@recurrence/contracts';
import { classifierStep, initClassifier, type ClassifierConfig, type TokenBatch } from '../models/classifier';
import { cloneParams, countParams, disposeParams, type ParamMap } from '../models/params';
import { sinusoidalTable } from '../models/transformer';
import { Rng } from '../random';
import { longRangeBatch, longRangeVocab, type LongRangeTask } from '../tasks/long-range';
import { Adam } from '../training/adam';
import { exportWeights } from '../export-format';
import type { TrainingPlan } from '../parallel/trainings';
import { finiteOrNull, formatExp, sig, type RunContext } from './context';

/**
 * gradient-flow: train each architecture on the long-range task (the target is the first token, the
 * other T-1 tokens are noise) for N Adam steps, then measure on a fixed probe batch how much gradient
 * reaches every position: ‖∂L/∂x_t‖ for the input embeddings and, for recurrent models, ‖∂L/∂h_t‖.
 * The same measurement is taken at initialisation. Reference: γ^(T-1-t), aligned to 1 at the last
 * position (a signal that shrinks by γ per step of distance from the loss).
 */

export interface GradientFlowRecorder {
  models: TLabExportModel[];
}

/** Transformer feed-forward width used by gradient-flow (2·d keeps the default run quick). */
const FFN_MULTIPLIER = 2;

export function gradientFlowConfig(architecture: TArchitecture, p: TGradientFlowParams): ClassifierConfig {
  const task: LongRangeTask = { classes: p.classes, noiseTokens: p.noiseTokens };
  return {
    architecture,
    vocab: longRangeVocab(task),
    hidden: p.hidden,
    classes: p.classes,
    forgetBias: p.forgetBias,
    transformer: {
      heads: p.heads,
      layers: p.layers,
      ffn: FFN_MULTIPLIER * p.hidden,
      positions: p.positions,
      norm: p.norm,
      maxLen: p.seqLen,
    },
  };
}

interface Profile {
  step: number;
  inputGradNorm: number[];
  hiddenGradNorm: number[] | null;
  firstToLastRatio: number | null;
  loss: number | null;
}

function measure(cfg: ClassifierConfig, params: ParamMap, probe: TokenBatch, step: number, sinusoidal?: tf.Tensor2D): Profile {
  const recurrent = cfg.architecture !== 'transformer';
  const r = classifierStep(cfg, params, probe, {
    inputGradNorms: true,
    hiddenGradNorms: recurrent,
    ...(sinusoidal ? { sinusoidal } : {}),
  });
  const x = r.inputGradNorms!;
  const last = x[x.length - 1]!;
  return {
    step,
    inputGradNorm: x.map((v) => sig(v)),
    hiddenGradNorm: recurrent ? r.hiddenGradNorms!.map((v) => sig(v)) : null,
    firstToLastRatio: last > 0 ? finiteOrNull(sig(x[0]! / last)) : null,
    loss: finiteOrNull(sig(r.loss)),
  };
}

function tokensTimeMajor(batch: TokenBatch): number[][] {
  const out: number[][] = [];
  for (let t = 0; t < batch.T; t++) out.push(Array.from(batch.tokens.subarray(t * batch.B, (t + 1) * batch.B)));
  return out;
}

type GradientFlowBody = Omit<TGradientFlowResult, 'experiment' | 'params' | 'seed' | 'backend' | 'codeVersion' | 'timings'>;

/** One architecture's training: its part of the result, and with `record` what the export needs of it. */
interface ArchitectureTraining {
  result: TGradientFlowResult['architectures'][number];
  exported: TLabExportModel | null;
}

/**
 * Trains one architecture. Every random number comes from streams forked off the run's seed by label (probe, eval,
 * init per architecture, the training batches every architecture shares), so each architecture is a pure function of
 * (params, seed) and trains the same on any thread.
 */
async function trainArchitecture(p: TGradientFlowParams, architecture: TArchitecture, ctx: RunContext, record: boolean): Promise<ArchitectureTraining> {
  const T = p.seqLen;
  const task: LongRangeTask = { classes: p.classes, noiseTokens: p.noiseTokens };
  const rng = new Rng(ctx.seed);
  const probe = longRangeBatch(task, rng.fork('probe'), T, p.batchSize);
  const evalBatches = [0, 1, 2, 3].map((i) => longRangeBatch(task, rng.fork(`eval${i}`), T, p.batchSize));
  const cfg = gradientFlowConfig(architecture, p);
  const sinusoidal =
    architecture === 'transformer' && p.positions === 'sinusoidal' ? tf.tensor2d(sinusoidalTable(T, p.hidden), [T, p.hidden]) : undefined;
  const params = initClassifier(cfg, rng.fork(`init:${architecture}`));
  const initial = record ? cloneParams(params) : null;
  // Every architecture sees the same training batches.
  const data = rng.fork('train');
  const adam = new Adam({ learningRate: p.learningRate });
  try {
    const atInit = ctx.time(`${architecture}.measureMs`, () => measure(cfg, params, probe, 0, sinusoidal));
    const lossCurve: (number | null)[] = [];
    const accuracyCurve: number[] = [];
    const t0 = performance.now();
    for (let s = 1; s <= p.steps; s++) {
      const batch = longRangeBatch(task, data, T, p.batchSize);
      const r = classifierStep(cfg, params, batch, { withGrads: true, ...(sinusoidal ? { sinusoidal } : {}) });
      adam.step(params, r.grads!);
      disposeParams(r.grads!);
      lossCurve.push(finiteOrNull(sig(r.loss)));
      accuracyCurve.push(r.accuracy);
      await ctx.tick(s / p.steps, `${architecture}: step ${s}/${p.steps}, loss ${r.loss.toFixed(3)}`);
    }
    ctx.addTiming(`${architecture}.trainMs`, performance.now() - t0);
    const atEnd = ctx.time(`${architecture}.measureMs`, () => measure(cfg, params, probe, p.steps, sinusoidal));
    let correct = 0;
    for (const batch of evalBatches) {
      const r = classifierStep(cfg, params, batch, sinusoidal ? { sinusoidal } : {});
      correct += r.accuracy * batch.B;
    }
    const result = {
      architecture,
      parameterCount: countParams(params),
      lossCurve,
      accuracyCurve,
      atInit,
      atEnd,
      finalAccuracy: sig(correct / (evalBatches.length * p.batchSize), 4),
    };
    const exported: TLabExportModel | null = initial
      ? {
          name: architecture,
          architecture,
          hyperParameters: {
            ...cfg,
            seqLen: T,
            batchSize: p.batchSize,
            learningRate: p.learningRate,
            steps: p.steps,
            loss: 'mean softmax cross-entropy over the batch',
          },
          initialWeights: exportWeights(initial),
          finalWeights: exportWeights(params),
          inputs: tokensTimeMajor(probe),
          targets: Array.from(probe.targets),
          reported: {
            atInit: { loss: atInit.loss, inputGradNorm: atInit.inputGradNorm, hiddenGradNorm: atInit.hiddenGradNorm },
            atEnd: { loss: atEnd.loss, inputGradNorm: atEnd.inputGradNorm, hiddenGradNorm: atEnd.hiddenGradNorm },
          },
        }
      : null;
    return { result, exported };
  } finally {
    adam.dispose();
    disposeParams(params);
    if (initial) disposeParams(initial);
    sinusoidal?.dispose();
  }
}

function combineGradientFlow(p: TGradientFlowParams, trained: ArchitectureTraining[], recorder?: GradientFlowRecorder): GradientFlowBody {
  const T = p.seqLen;
  const results = trained.map((t) => t.result);
  if (recorder) for (const t of trained) if (t.exported) recorder.models.push(t.exported);
  const reference = Array.from({ length: T }, (_, t) => sig(p.gamma ** (T - 1 - t)));
  const chance = 1 / p.classes;
  const lines = results.map((r) => {
    const ratio = formatExp(r.atEnd.firstToLastRatio);
    return (
      `${r.architecture}: after ${p.steps} steps ‖∂L/∂x_0‖ / ‖∂L/∂x_${T - 1}‖ = ${ratio}` +
      ` (at init ${formatExp(r.atInit.firstToLastRatio)}; γ^${T - 1} = ${formatExp(p.gamma ** (T - 1))}),` +
      ` accuracy ${(100 * r.finalAccuracy).toFixed(1)}% (chance ${(100 * chance).toFixed(0)}%).`
    );
  });
  return {
    reference: { gamma: p.gamma, curve: reference },
    architectures: results,
    summary: { chanceAccuracy: chance, lines },
  };
}

/**
 * Relative time of a training step at the default sizes (bench/lab/parallel-trainings.ts on wasm, 2026-12-02: RNN
 * 23–33 ms, LSTM 72–105 ms, Transformer 255–312 ms; the GRU not measured, taken as the LSTM): the pool starts the
 * Transformer first.
 */
const TRAINING_COST: Record<TArchitecture, number> = { rnn: 1, gru: 3, lstm: 3, transformer: 10 };

/** gradient-flow's independent trainings: one per architecture, in the order asked for. */
export const gradientFlowPlan: TrainingPlan<TGradientFlowParams, TArchitecture, ArchitectureTraining, GradientFlowBody, GradientFlowRecorder> = {
  parts: (p) => [...p.architectures],
  // The params refuse a repeated architecture.
  maxParts: ZArchitecture.options.length,
  train: trainArchitecture,
  combine: combineGradientFlow,
  cost: (_p, architecture) => TRAINING_COST[architecture],
};

