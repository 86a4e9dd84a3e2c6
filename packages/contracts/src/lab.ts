import { z } from 'zod';

/**
 * Lab experiments: parameters (with the documented limits that keep one request from exhausting the
 * server) and results. The lab package (`@recurrence/lab`) produces these; the API validates requests with
 * `ZLabRunRequest` and the web app parses responses with `ZLabResult`.
 *
 * Limits: every numeric parameter has explicit bounds; experiments whose cost is a product of several
 * parameters also carry a combined budget (a refinement naming the field to lower). The largest run the
 * limits allow takes well under a minute on 2 CPU cores with the wasm backend (see packages/lab/README.md).
 */

export const ZExperimentId = z.enum([
  'gradient-flow',
  'attention-cost',
  'positional-encoding',
  'layernorm-depth',
  'attention-weights',
  'lstm-gates',
]);
export type TExperimentId = z.infer<typeof ZExperimentId>;

/** Which TensorFlow.js backend ran the experiment. */
export const ZLabBackend = z.enum(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
export type TLabBackend = z.infer<typeof ZLabBackend>;

export const ZArchitecture = z.enum(['rnn', 'lstm', 'gru', 'transformer']);
export type TArchitecture = z.infer<typeof ZArchitecture>;

export const ZPositionEncoding = z.enum(['none', 'sinusoidal', 'learned']);
export type TPositionEncoding = z.infer<typeof ZPositionEncoding>;

/** Which keys each query may see: all of them, or (causal) only itself and earlier positions. */
export const ZAttentionMask = z.enum(['none', 'causal']);
export type TAttentionMask = z.infer<typeof ZAttentionMask>;

/** Where layer norm sits: Pre-LN `x + F(LN(x))` or Post-LN `LN(x + F(x))`. */
export const ZNormPlacement = z.enum(['pre', 'post']);
export type TNormPlacement = z.infer<typeof ZNormPlacement>;

export const ZLabSeed = z.number().int().min(0).max(2 ** 32 - 1);

const int = (min: number, max: number, dflt: number) => z.number().int().min(min).max(max).default(dflt);
const num = (min: number, max: number, dflt: number) => z.number().min(min).max(max).default(dflt);

/** A number that may be absent because the computation overflowed (NaN/Infinity are not JSON). */
const ZMaybeNumber = z.number().nullable();
const ZNumbers = z.array(z.number());
const ZMaybeNumbers = z.array(ZMaybeNumber);
const ZMatrix = z.array(z.array(z.number()));

const powerOfTwo = (min: number, max: number, dflt: number) =>
  z
    .number()
    .int()
    .min(min)
    .max(max)
    .refine((n) => Number.isInteger(Math.log2(n)), { message: 'must be a power of two', params: { rule: 'powerOfTwo' } })
    .default(dflt);

/**
 * Cost budgets for parameters whose cost is a product. Units are calibrated on 2 CPU cores with the wasm
 * backend (see packages/lab/README.md, "Limits"); at the limit a run takes roughly 40–45 s.
 */
export const LAB_LIMITS = {
  /** gradient-flow: see gradientFlowWork (≈ 5 µs per unit). */
  gradientFlowWork: 9_000_000,
  /** Attention scores held per training step in gradient-flow: batchSize × heads × seqLen². */
  attentionScores: 12_000_000,
  /** layernorm-depth: (steps + 2) × depth × seqLen × batchSize × unit(dModel, seqLen) (≈ 72 µs per unit). */
  layerNormWork: 600_000,
  /** lstm-gates: steps × seqLen × max(batchSize, 32) × (max(hidden, 32)/64)² (≈ 20 µs per unit). */
  lstmGatesWork: 2_000_000,
  /** attention-cost: batchSize × heads × maxSeqLen² (scores held by the longest forward pass). */
  attentionCostScores: 2 * 2048 ** 2,
} as const;

/**
 * Relative cost of one sequence position for one training step in gradient-flow (vanilla RNN at
 * hidden = 64 is 1). Recurrent cells scale with hidden²; the transformer with layers × (d² projections +
 * T·d attention).
 */
export function gradientFlowUnitCost(architecture: TArchitecture, hidden: number, seqLen = 100, layers = 2): number {
  const w = Math.max(hidden, 32) / 64;
  switch (architecture) {
    case 'rnn':
      return w * w;
    case 'gru':
    case 'lstm':
      return 3 * w * w;
    case 'transformer':
      return 6 * layers * (0.8 * w * w + 0.2 * w * (seqLen / 100));
  }
}

/**
 * gradient-flow cost in units: steps × seqLen × Σ_architectures unit × batch, where recurrent models count
 * at least 32 sequences per batch (their per-time-step overhead does not shrink with the batch).
 */
export function gradientFlowWork(p: {
  architectures: readonly TArchitecture[];
  steps: number;
  seqLen: number;
  batchSize: number;
  hidden: number;
  layers: number;
}): number {
  return p.architectures.reduce((total, a) => {
    const batch = a === 'transformer' ? p.batchSize : Math.max(p.batchSize, 32);
    return total + p.steps * p.seqLen * batch * gradientFlowUnitCost(a, p.hidden, p.seqLen, p.layers);
  }, 0);
}

/** Relative cost of one position of one layer for one step in layernorm-depth (dModel 32, seqLen 32 → 1). */
export function layerNormUnitCost(dModel: number, seqLen: number): number {
  const w = dModel / 32;
  return 0.7 * w * w + 0.3 * w * (seqLen / 32);
}

/**
 * One combined cost limit of an experiment's parameters: what the parameters use and the limit. The API refuses a
 * request over any of its budgets (400 naming `field`); the lab form shows the same numbers while it is edited, so
 * the rule exists once, here.
 */
export type TLabBudget = {
  name: 'gradientFlowWork' | 'attentionScores' | 'attentionCostScores' | 'layerNormWork' | 'lstmGatesWork';
  used: number;
  limit: number;
  /** The field a refusal names. */
  field: string;
  /** The parameters that lower the cost, in the order a person would try them. */
  lower: readonly string[];
  /** The rule in symbols, for the API's English message. */
  formula: string;
};

function gradientFlowBudgets(p: Parameters<typeof gradientFlowWork>[0] & { heads: number }): TLabBudget[] {
  const budgets: TLabBudget[] = [
    {
      name: 'gradientFlowWork',
      used: gradientFlowWork(p),
      limit: LAB_LIMITS.gradientFlowWork,
      field: 'steps',
      lower: ['steps', 'seqLen', 'batchSize', 'hidden', 'architectures'],
      formula: 'steps × seqLen × batch × architecture cost',
    },
  ];
  if (p.architectures.includes('transformer')) {
    budgets.push({
      name: 'attentionScores',
      used: p.batchSize * p.heads * p.seqLen ** 2,
      limit: LAB_LIMITS.attentionScores,
      field: 'batchSize',
      lower: ['batchSize', 'heads', 'seqLen'],
      formula: 'batchSize × heads × seqLen² attention scores',
    });
  }
  return budgets;
}

function attentionCostBudgets(p: { batchSize: number; heads: number; maxSeqLen: number }): TLabBudget[] {
  return [
    {
      name: 'attentionCostScores',
      used: p.batchSize * p.heads * p.maxSeqLen ** 2,
      limit: LAB_LIMITS.attentionCostScores,
      field: 'batchSize',
      lower: ['batchSize', 'heads', 'maxSeqLen'],
      formula: 'batchSize × heads × maxSeqLen²',
    },
  ];
}

function layerNormBudgets(p: { steps: number; depth: number; seqLen: number; batchSize: number; dModel: number }): TLabBudget[] {
  return [
    {
      name: 'layerNormWork',
      used: (p.steps + 2) * p.depth * p.seqLen * p.batchSize * layerNormUnitCost(p.dModel, p.seqLen),
      limit: LAB_LIMITS.layerNormWork,
      field: 'steps',
      lower: ['steps', 'depth', 'seqLen', 'batchSize', 'dModel'],
      formula: '(steps + 2) × depth × seqLen × batchSize × cost(dModel, seqLen)',
    },
  ];
}

function lstmGatesBudgets(p: { steps: number; seqLen: number; batchSize: number; hidden: number }): TLabBudget[] {
  return [
    {
      name: 'lstmGatesWork',
      used: p.steps * p.seqLen * Math.max(p.batchSize, 32) * (Math.max(p.hidden, 32) / 64) ** 2,
      limit: LAB_LIMITS.lstmGatesWork,
      field: 'steps',
      lower: ['steps', 'seqLen', 'batchSize', 'hidden'],
      formula: 'steps × seqLen × max(batchSize, 32) × (hidden/64)²',
    },
  ];
}

/**
 * The cost budgets of an experiment's parameters (complete and in range: check each field first); empty for the
 * experiments that have none.
 */
export function labBudgets(experiment: TExperimentId, params: Record<string, unknown>): TLabBudget[] {
  const p = params as never;
  switch (experiment) {
    case 'gradient-flow':
      return gradientFlowBudgets(p);
    case 'attention-cost':
      return attentionCostBudgets(p);
    case 'layernorm-depth':
      return layerNormBudgets(p);
    case 'lstm-gates':
      return lstmGatesBudgets(p);
    default:
      return [];
  }
}

function addBudgetIssues(budgets: TLabBudget[], ctx: z.RefinementCtx): void {
  for (const b of budgets) {
    if (b.used <= b.limit) continue;
    const names = b.lower.join(', ').replace(/, ([^,]*)$/, ' or $1');
    ctx.addIssue({
      code: 'custom',
      path: [b.field],
      message: `${b.formula} = ${Math.round(b.used)} exceeds ${b.limit}; lower ${names}`,
      params: { budget: b.name },
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// gradient-flow

export const ZGradientFlowParams = z
  .strictObject({
    architectures: z
      .array(ZArchitecture)
      .min(1, 'tick at least one architecture')
      .max(4)
      .refine((a) => new Set(a).size === a.length, 'architectures must be distinct')
      .default(['rnn', 'lstm', 'transformer']),
    /** Sequence length T; the target is the class of the first token, positions 1…T-1 are noise. */
    seqLen: int(10, 1000, 100),
    /** Training steps N before the gradients are measured. */
    steps: int(1, 500, 100),
    batchSize: int(1, 64, 32),
    /** Width of the embeddings, the recurrent state and the transformer (d_model). */
    hidden: int(4, 128, 64),
    /** Number of classes = number of distinct first tokens. */
    classes: int(2, 8, 2),
    /** Distinct noise tokens filling positions 1…T-1. */
    noiseTokens: int(1, 32, 8),
    learningRate: num(1e-5, 0.1, 0.01),
    /** LSTM forget-gate bias at initialisation. */
    forgetBias: num(-5, 5, 1),
    /** Transformer settings. */
    layers: int(1, 4, 2),
    heads: int(1, 8, 4),
    positions: ZPositionEncoding.default('sinusoidal'),
    norm: ZNormPlacement.default('pre'),
    /** Reference decay γ for the curve γ^(T-1-t). */
    gamma: num(0.5, 0.999, 0.9),
  })
  .superRefine((p, ctx) => {
    if (p.hidden % p.heads !== 0 && p.architectures.includes('transformer')) {
      ctx.addIssue({ code: 'custom', path: ['heads'], message: `heads must divide hidden (${p.hidden})`, params: { rule: 'headsDivide' } });
    }
    addBudgetIssues(gradientFlowBudgets(p), ctx);
  });
export type TGradientFlowParams = z.infer<typeof ZGradientFlowParams>;

const ZTimings = z.object({ totalMs: z.number() }).catchall(z.number());

const resultBase = <E extends TExperimentId, P extends z.ZodType>(experiment: E, params: P) =>
  z.object({
    experiment: z.literal(experiment),
    params,
    seed: ZLabSeed,
    backend: ZLabBackend,
    codeVersion: z.string(),
    timings: ZTimings,
  });

/** Gradient norms along the sequence at one moment of training. */
const ZGradientProfile = z.object({
  /** Training step at which the gradients were taken (0 = initialisation). */
  step: z.number().int(),
  /** ‖∂L/∂x_t‖ for t = 0…T-1 (Frobenius norm over batch × embedding). */
  inputGradNorm: ZNumbers,
  /** ‖∂L/∂h_t‖ (total derivative, through all later steps) for the recurrent models; null for the transformer. */
  hiddenGradNorm: ZNumbers.nullable(),
  /** inputGradNorm[0] / inputGradNorm[T-1]; null if the last is 0. */
  firstToLastRatio: ZMaybeNumber,
  loss: ZMaybeNumber,
});

export const ZGradientFlowArchResult = z.object({
  architecture: ZArchitecture,
  parameterCount: z.number().int(),
  /** Mean cross-entropy and accuracy of each training batch, steps 1…N (null = diverged). */
  lossCurve: ZMaybeNumbers,
  accuracyCurve: ZNumbers,
  atInit: ZGradientProfile,
  atEnd: ZGradientProfile,
  /** Accuracy on a fresh evaluation batch after training; chance = 1 / classes. */
  finalAccuracy: z.number(),
});

export const ZGradientFlowResult = resultBase('gradient-flow', ZGradientFlowParams).extend({
  /** γ^(T-1-t) for t = 0…T-1: equals 1 at the last position, γ^(T-1) at the first. */
  reference: z.object({ gamma: z.number(), curve: ZNumbers }),
  architectures: z.array(ZGradientFlowArchResult),
  summary: z.object({
    chanceAccuracy: z.number(),
    /** One sentence per architecture a card can quote. */
    lines: z.array(z.string()),
  }),
});
export type TGradientFlowResult = z.infer<typeof ZGradientFlowResult>;

// ---------------------------------------------------------------------------------------------------------
// attention-cost

export const ZAttentionCostParams = z
  .strictObject({
    /** Shortest and longest sequence length; lengths double from min to max. Powers of two. */
    minSeqLen: powerOfTwo(16, 2048, 64),
    maxSeqLen: powerOfTwo(16, 2048, 2048),
    dModel: int(8, 128, 64),
    heads: int(1, 8, 1),
    batchSize: int(1, 4, 1),
    /** Timed forward passes per length (the best is kept). */
    repeats: int(1, 5, 3),
  })
  .superRefine((p, ctx) => {
    if (p.minSeqLen > p.maxSeqLen) {
      ctx.addIssue({ code: 'custom', path: ['maxSeqLen'], message: 'maxSeqLen must be ≥ minSeqLen', params: { rule: 'notBelowMin' } });
    }
    if (p.dModel % p.heads !== 0) {
      ctx.addIssue({ code: 'custom', path: ['heads'], message: `heads must divide dModel (${p.dModel})`, params: { rule: 'headsDivide' } });
    }
    addBudgetIssues(attentionCostBudgets(p), ctx);
  });
export type TAttentionCostParams = z.infer<typeof ZAttentionCostParams>;

const ZLayerCost = z.object({
  /** Best-of-repeats wall time of one forward pass. */
  forwardMs: z.number(),
  /** High-water mark of bytes held by live tensors during the forward, minus inputs and weights. */
  peakBytes: z.number(),
  /** Operations that must run one after another (attention: 1; LSTM: n). */
  sequentialSteps: z.number().int(),
});

const ZSlopes = z.object({
  /** Least-squares slope of log(forwardMs) on log(n) over all lengths. */
  time: z.number(),
  /** Least-squares slope of log(peakBytes) on log(n) over all lengths. */
  memory: z.number(),
  /** The same slope over the longer half of the lengths (the asymptotic regime). */
  memoryTail: z.number(),
});

export const ZAttentionCostResult = resultBase('attention-cost', ZAttentionCostParams).extend({
  rows: z.array(z.object({ seqLen: z.number().int(), attention: ZLayerCost, lstm: ZLayerCost })),
  slopes: z.object({ attention: ZSlopes, lstm: ZSlopes }),
  /** Vaswani et al. 2017, Table 1 (n = sequence length, d = representation dimension). */
  reference: z.array(
    z.object({ layer: z.string(), complexityPerLayer: z.string(), sequentialOperations: z.string(), maxPathLength: z.string() }),
  ),
  summary: z.object({ lines: z.array(z.string()) }),
});
export type TAttentionCostResult = z.infer<typeof ZAttentionCostResult>;

// ---------------------------------------------------------------------------------------------------------
// positional-encoding

export const ZPositionalEncodingParams = z
  .strictObject({
    dModel: int(4, 128, 16),
    heads: int(1, 8, 2),
    layers: int(1, 4, 1),
    /** Rows (positions) of the sinusoidal matrix returned for the heatmap; also the largest distance. */
    heatmapPositions: int(4, 128, 64),
  })
  .superRefine((p, ctx) => {
    if (p.dModel % p.heads !== 0) {
      ctx.addIssue({ code: 'custom', path: ['heads'], message: `heads must divide dModel (${p.dModel})`, params: { rule: 'headsDivide' } });
    }
    if (p.dModel % 2 !== 0) {
      ctx.addIssue({ code: 'custom', path: ['dModel'], message: 'dModel must be even (sin/cos pairs)', params: { rule: 'even' } });
    }
  });
export type TPositionalEncodingParams = z.infer<typeof ZPositionalEncodingParams>;

export const ZPositionalEncodingResult = resultBase('positional-encoding', ZPositionalEncodingParams).extend({
  /** The two token orders fed to the same encoder (same weights, same embeddings). */
  sentences: z.tuple([z.array(z.string()), z.array(z.string())]),
  modes: z.array(
    z.object({
      positions: ZPositionEncoding,
      /** Mean-pooled encoder output for each order. */
      pooled: z.tuple([ZNumbers, ZNumbers]),
      maxAbsDiff: z.number(),
      /** maxAbsDiff ≤ 1e-6 (float32 rounding of a different summation order). */
      identical: z.boolean(),
    }),
  ),
  sinusoidal: z.object({
    /** PE[pos][i] for pos < heatmapPositions, i < dModel: sin on even i, cos on odd i. */
    matrix: ZMatrix,
    /** Cosine similarity and dot product of PE(0) with PE(k), k = 0…heatmapPositions-1. */
    distance: ZNumbers,
    cosine: ZNumbers,
    dot: ZNumbers,
  }),
  /** Same curve for the (untrained, randomly initialised) learned position table. */
  learnedCosine: ZNumbers,
  summary: z.object({ lines: z.array(z.string()) }),
});
export type TPositionalEncodingResult = z.infer<typeof ZPositionalEncodingResult>;

// ---------------------------------------------------------------------------------------------------------
// layernorm-depth

export const ZLayerNormDepthParams = z
  .strictObject({
    depth: int(2, 24, 12),
    dModel: int(8, 128, 32),
    heads: int(1, 8, 4),
    seqLen: int(4, 128, 32),
    batchSize: int(1, 32, 16),
    /** Adam steps before the second measurement ("after a few steps"); no warm-up. */
    steps: int(0, 50, 10),
    learningRate: num(1e-5, 0.01, 1e-3),
  })
  .superRefine((p, ctx) => {
    if (p.dModel % p.heads !== 0) {
      ctx.addIssue({ code: 'custom', path: ['heads'], message: `heads must divide dModel (${p.dModel})`, params: { rule: 'headsDivide' } });
    }
    addBudgetIssues(layerNormBudgets(p), ctx);
  });
export type TLayerNormDepthParams = z.infer<typeof ZLayerNormDepthParams>;

const ZLayerGradients = z.object({
  /** ‖∂L/∂W1‖ and ‖∂L/∂W2‖ (Frobenius) of each layer's feed-forward weights, layer 1 = nearest the input. */
  ffnW1: ZMaybeNumbers,
  ffnW2: ZMaybeNumbers,
  loss: ZMaybeNumber,
});

export const ZLayerNormDepthResult = resultBase('layernorm-depth', ZLayerNormDepthParams).extend({
  placements: z.array(
    z.object({
      norm: ZNormPlacement,
      atInit: ZLayerGradients,
      afterSteps: ZLayerGradients,
      lossCurve: ZMaybeNumbers,
      /** ‖∂L/∂W2‖ of the last layer / the first layer (> 1: gradients grow toward the output). */
      lastToFirstRatio: z.object({ atInit: ZMaybeNumber, afterSteps: ZMaybeNumber }),
    }),
  ),
  summary: z.object({ lines: z.array(z.string()) }),
});
export type TLayerNormDepthResult = z.infer<typeof ZLayerNormDepthResult>;

// ---------------------------------------------------------------------------------------------------------
// attention-weights

export const ZAttentionWeightsParams = z.strictObject({
  steps: int(1, 500, 100),
  batchSize: int(4, 64, 32),
  dModel: int(4, 64, 16),
  heads: int(1, 4, 1),
  sentenceLength: int(4, 16, 8),
  learningRate: num(1e-4, 0.1, 0.01),
  /** Example sentences whose attention maps are returned. */
  examples: int(1, 8, 4),
  /** `causal`: each word attends only to itself and earlier words (scores of later keys set to −∞ before the softmax). */
  mask: ZAttentionMask.default('none'),
}).superRefine((p, ctx) => {
  if (p.dModel % p.heads !== 0) {
    ctx.addIssue({ code: 'custom', path: ['heads'], message: `heads must divide dModel (${p.dModel})`, params: { rule: 'headsDivide' } });
  }
});
export type TAttentionWeightsParams = z.infer<typeof ZAttentionWeightsParams>;

export const ZAttentionWeightsResult = resultBase('attention-weights', ZAttentionWeightsParams).extend({
  lossCurve: ZMaybeNumbers,
  accuracyCurve: ZNumbers,
  /** Accuracy on held-out generated sentences. */
  testAccuracy: z.number(),
  examples: z.array(
    z.object({
      tokens: z.array(z.string()),
      label: z.enum(['positive', 'negative']),
      predicted: z.enum(['positive', 'negative']),
      probabilityPositive: z.number(),
      sentimentIndex: z.number().int(),
      /** attention[h][i][j]: weight of query token i on key token j in head h (rows sum to 1). */
      attention: z.array(ZMatrix),
      /** Mean over heads and query rows of the weight on the sentiment word (uniform = 1 / length). */
      weightOnSentiment: z.number(),
    }),
  ),
  /** Mean weight on the sentiment word over the test set, before and after training. */
  meanWeightOnSentiment: z.object({ before: z.number(), after: z.number(), uniform: z.number() }),
  /** With a causal mask: the largest weight any query of the test set puts on a later key (null without a mask). */
  maxWeightOnMaskedKeys: z.number().nullable(),
  summary: z.object({ lines: z.array(z.string()) }),
});
export type TAttentionWeightsResult = z.infer<typeof ZAttentionWeightsResult>;

// ---------------------------------------------------------------------------------------------------------
// lstm-gates

export const ZLstmGatesParams = z
  .strictObject({
    seqLen: int(5, 200, 15),
    hidden: int(2, 64, 16),
    steps: int(1, 500, 150),
    batchSize: int(1, 64, 32),
    classes: int(2, 8, 2),
    noiseTokens: int(1, 32, 8),
    learningRate: num(1e-4, 0.1, 0.01),
    forgetBias: num(-5, 5, 1),
  })
  .superRefine((p, ctx) => {
    addBudgetIssues(lstmGatesBudgets(p), ctx);
  });
export type TLstmGatesParams = z.infer<typeof ZLstmGatesParams>;

const ZGateTrace = z.object({
  tokens: z.array(z.string()),
  label: z.number().int(),
  predicted: z.number().int(),
  /** Means over hidden units at each step t. */
  forget: ZNumbers,
  input: ZNumbers,
  output: ZNumbers,
  /** Mean |c_t| over hidden units. */
  cellAbs: ZNumbers,
  /** The unit that best separates the classes at the last step (see memoryUnit). */
  memoryUnit: z.object({ forget: ZNumbers, input: ZNumbers, output: ZNumbers, cell: ZNumbers }),
  /** Per-unit heatmaps [unit][t]. */
  heatmaps: z.object({ forget: ZMatrix, input: ZMatrix, output: ZMatrix, cell: ZMatrix }),
});

export const ZLstmGatesResult = resultBase('lstm-gates', ZLstmGatesParams).extend({
  lossCurve: ZMaybeNumbers,
  accuracyCurve: ZNumbers,
  finalAccuracy: z.number(),
  /** Index of the cell unit whose final value differs most between classes, and that difference. */
  memoryUnit: z.object({ index: z.number().int(), separation: z.number() }),
  traces: z.array(ZGateTrace),
  summary: z.object({ lines: z.array(z.string()) }),
});
export type TLstmGatesResult = z.infer<typeof ZLstmGatesResult>;

// ---------------------------------------------------------------------------------------------------------
// requests and results

export const LAB_PARAMS_SCHEMAS = {
  'gradient-flow': ZGradientFlowParams,
  'attention-cost': ZAttentionCostParams,
  'positional-encoding': ZPositionalEncodingParams,
  'layernorm-depth': ZLayerNormDepthParams,
  'attention-weights': ZAttentionWeightsParams,
  'lstm-gates': ZLstmGatesParams,
} as const satisfies Record<TExperimentId, z.ZodType>;

export type TLabParams = {
  [K in TExperimentId]: z.infer<(typeof LAB_PARAMS_SCHEMAS)[K]>;
};

const request = <E extends TExperimentId, P extends z.ZodType>(experiment: E, params: P) =>
  z.object({
    experiment: z.literal(experiment),
    /** Omitted fields take their defaults. */
    params: params.prefault({} as z.input<P>),
    seed: ZLabSeed.default(0),
  });

export const ZLabRunRequest = z.discriminatedUnion('experiment', [
  request('gradient-flow', ZGradientFlowParams),
  request('attention-cost', ZAttentionCostParams),
  request('positional-encoding', ZPositionalEncodingParams),
  request('layernorm-depth', ZLayerNormDepthParams),
  request('attention-weights', ZAttentionWeightsParams),
  request('lstm-gates', ZLstmGatesParams),
]);
export type TLabRunRequest = z.infer<typeof ZLabRunRequest>;
export type TLabRunRequestInput = z.input<typeof ZLabRunRequest>;

export const ZLabResult = z.discriminatedUnion('experiment', [
  ZGradientFlowResult,
  ZAttentionCostResult,
  ZPositionalEncodingResult,
  ZLayerNormDepthResult,
  ZAttentionWeightsResult,
  ZLstmGatesResult,
]);
export type TLabResult = z.infer<typeof ZLabResult>;

export type TLabResultFor<E extends TExperimentId> = Extract<TLabResult, { experiment: E }>;

// ---------------------------------------------------------------------------------------------------------
// export (re-checkable in another framework; format documented in packages/lab/README.md)

const ZExportTensor = z.object({ shape: z.array(z.number().int()), data: ZNumbers });

const ZReportedGradients = z.object({
  loss: ZMaybeNumber,
  /** ‖∂L/∂x_t‖ over the probe batch, t = 0…T-1. */
  inputGradNorm: ZNumbers,
  /** ‖∂L/∂h_t‖ (recurrent models) or null. */
  hiddenGradNorm: ZNumbers.nullable(),
});

export const ZLabExport = z.object({
  format: z.literal('recurrence-lab-export/1'),
  experiment: ZExperimentId,
  codeVersion: z.string(),
  seed: ZLabSeed,
  backend: ZLabBackend,
  params: z.record(z.string(), z.unknown()),
  /** Trained models with everything needed to recompute what the run reported (gradient-flow; else empty). */
  models: z.array(
    z.object({
      name: z.string(),
      /** Model equations and parameter names are given in packages/lab/README.md for this architecture. */
      architecture: ZArchitecture,
      hyperParameters: z.record(z.string(), z.unknown()),
      /** Float32 values written with 9 significant digits (exact round trip). */
      initialWeights: z.record(z.string(), ZExportTensor),
      /** Weights after training, at which `reported.atEnd` was measured. */
      finalWeights: z.record(z.string(), ZExportTensor),
      /** Probe batch: token ids [T][B] (time-major) and class targets [B]. */
      inputs: z.array(z.array(z.number().int())),
      targets: z.array(z.number().int()),
      reported: z.object({ atInit: ZReportedGradients, atEnd: ZReportedGradients }),
    }),
  ),
  /** The run's result, as returned by runExperiment. */
  result: ZLabResult,
});
export type TLabExport = z.infer<typeof ZLabExport>;
export type TLabExportModel = TLabExport['models'][number];
