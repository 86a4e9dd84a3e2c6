import {
  LAB_LIMITS,
  ZGradientFlowParams,
  ZLabRunRequest,
  LAB_PARAMS_SCHEMAS,
  ZLstmGatesParams,
  gradientFlowWork,
  labBudgets,
  type TExperimentId,
} from '@recurrence/contracts';
import { describe, expect, it } from 'vitest';
import { LabParamsError } from './errors';
import { parseLabRequest } from './experiments/registry';

function issuePaths(request: unknown): string[] {
  try {
    parseLabRequest(request);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(LabParamsError);
    return (error as LabParamsError).issues.map((i) => i.path);
  }
}

describe('experiment parameter bounds', () => {
  it('fills defaults for omitted params and seed', () => {
    const req = ZLabRunRequest.parse({ experiment: 'gradient-flow' });
    expect(req).toMatchObject({ experiment: 'gradient-flow', seed: 0 });
    expect(req.params).toMatchObject({ seqLen: 100, steps: 100, architectures: ['rnn', 'lstm', 'transformer'], gamma: 0.9 });
  });

  it.each([
    [{ experiment: 'gradient-flow', params: { seqLen: 5 } }, 'params.seqLen'],
    [{ experiment: 'gradient-flow', params: { seqLen: 1001 } }, 'params.seqLen'],
    [{ experiment: 'gradient-flow', params: { steps: 0 } }, 'params.steps'],
    [{ experiment: 'gradient-flow', params: { hidden: 129 } }, 'params.hidden'],
    [{ experiment: 'gradient-flow', params: { seqLen: 100.5 } }, 'params.seqLen'],
    [{ experiment: 'gradient-flow', params: { architectures: ['rnn', 'cnn'] } }, 'params.architectures.1'],
    [{ experiment: 'gradient-flow', params: { hidden: 30, heads: 4 } }, 'params.heads'],
    [{ experiment: 'layernorm-depth', params: { depth: 1 } }, 'params.depth'],
    [{ experiment: 'layernorm-depth', params: { depth: 25 } }, 'params.depth'],
    [{ experiment: 'attention-cost', params: { maxSeqLen: 4096 } }, 'params.maxSeqLen'],
    [{ experiment: 'attention-cost', params: { minSeqLen: 100 } }, 'params.minSeqLen'],
    [{ experiment: 'attention-cost', params: { minSeqLen: 1024, maxSeqLen: 512 } }, 'params.maxSeqLen'],
    [{ experiment: 'positional-encoding', params: { dModel: 7, heads: 1 } }, 'params.dModel'],
    [{ experiment: 'attention-weights', params: { steps: 501 } }, 'params.steps'],
    [{ experiment: 'lstm-gates', params: { hidden: 65 } }, 'params.hidden'],
    [{ experiment: 'gradient-flow', params: { seqLen: 100, typo: 1 } }, 'params'],
    [{ experiment: 'gradient-flow', seed: -1 }, 'seed'],
  ])('rejects %j naming %s', (request, path) => {
    expect(issuePaths(request)).toContain(path);
  });

  it('rejects an unknown experiment by its discriminator', () => {
    expect(issuePaths({ experiment: 'nope' })).toContain('experiment');
  });

  it('rejects runs over the combined budget and names the field to lower', () => {
    const paths = issuePaths({ experiment: 'gradient-flow', params: { seqLen: 1000, steps: 500, batchSize: 64 } });
    expect(paths).toContain('params.steps');
    expect(issuePaths({ experiment: 'gradient-flow', params: { architectures: ['transformer'], seqLen: 1000, batchSize: 32, steps: 1 } })).toContain(
      'params.batchSize',
    );
    expect(ZLstmGatesParams.safeParse({ seqLen: 200, hidden: 64, steps: 500, batchSize: 64 }).success).toBe(false);
  });

  it('keeps the defaults well inside the budgets', () => {
    const p = ZGradientFlowParams.parse({});
    expect(gradientFlowWork(p)).toBeLessThan(LAB_LIMITS.gradientFlowWork * 0.6);
    // The seqLen = 300 question ("does the LSTM really solve it?") fits with the default batch.
    expect(ZGradientFlowParams.safeParse({ seqLen: 300, architectures: ['rnn', 'lstm'] }).success).toBe(true);
  });
});

describe('labBudgets (what the lab form shows while editing)', () => {
  // The form decides "over budget" with labBudgets; the API refuses with the schema. They must never disagree.
  it.each<[TExperimentId, Record<string, unknown>]>([
    ['gradient-flow', { steps: 200 }],
    ['gradient-flow', { steps: 100 }],
    ['gradient-flow', { architectures: ['transformer'], seqLen: 1000, batchSize: 32, steps: 1 }],
    ['gradient-flow', { architectures: ['rnn'], seqLen: 1000, steps: 500, batchSize: 64, hidden: 128 }],
    ['attention-cost', { batchSize: 4, heads: 8 }],
    ['attention-cost', {}],
    ['layernorm-depth', { steps: 50, depth: 24 }],
    ['layernorm-depth', {}],
    ['lstm-gates', { seqLen: 200, hidden: 64, steps: 500, batchSize: 64 }],
    ['lstm-gates', {}],
    ['attention-weights', { steps: 500 }],
  ])('%s %j: over a budget exactly when the API refuses it for cost', (experiment, given) => {
    const schema = LAB_PARAMS_SCHEMAS[experiment];
    const params = { ...(schema.parse({}) as Record<string, unknown>), ...given };
    const over = labBudgets(experiment, params).filter((b) => b.used > b.limit);
    const result = schema.safeParse(params);
    const refused = result.success ? [] : result.error.issues.filter((i) => i.code === 'custom' && (i as { params?: { budget?: string } }).params?.budget);
    expect(refused.map((i) => i.path.join('.'))).toEqual(over.map((b) => b.field));
  });

  it('counts the issue\'s refused gradient-flow run (200 steps) as over, and the default as under', () => {
    const defaults = ZGradientFlowParams.parse({});
    const [work] = labBudgets('gradient-flow', { ...defaults, steps: 200 });
    expect(work).toMatchObject({ name: 'gradientFlowWork', limit: LAB_LIMITS.gradientFlowWork });
    expect(Math.round(work!.used)).toBe(10_240_000);
    expect(labBudgets('gradient-flow', defaults).every((b) => b.used <= b.limit)).toBe(true);
  });
});
