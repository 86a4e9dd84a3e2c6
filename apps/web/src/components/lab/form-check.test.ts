import { LAB_LIMITS } from '@recurrence/contracts';
import { describe, expect, it } from 'vitest';
import { checkLabForm, initialValues, labFields } from './form-check';

const fields = labFields('gradient-flow');
const defaults = () => initialValues(fields, {});

describe('checkLabForm', () => {
  it('sends the defaults as numbers, within budget', () => {
    const check = checkLabForm('gradient-flow', fields, defaults());
    expect(check.errors).toEqual([]);
    expect(check.params).toMatchObject({ seqLen: 100, steps: 100, architectures: ['rnn', 'lstm', 'transformer'] });
    expect(check.budgets[0]).toMatchObject({ name: 'gradientFlowWork', limit: LAB_LIMITS.gradientFlowWork });
    expect(check.over).toEqual([]);
  });

  it('treats an emptied field as an error instead of sending nothing (which the API would fill with its default)', () => {
    const check = checkLabForm('gradient-flow', fields, { ...defaults(), noiseTokens: '' });
    expect(check.params).toBeNull();
    expect(check.errors).toEqual([{ field: 'noiseTokens', code: 'empty' }]);
  });

  it('names a value out of range, a fraction where a whole number goes, and no model ticked', () => {
    const check = checkLabForm('gradient-flow', fields, { ...defaults(), steps: '501', seqLen: '9', classes: '2.5', architectures: [] });
    expect(check.errors).toEqual([
      { field: 'architectures', code: 'noneTicked' },
      { field: 'seqLen', code: 'tooSmall', min: 10 },
      { field: 'steps', code: 'tooLarge', max: 500 },
      { field: 'classes', code: 'notInteger' },
    ]);
    expect(check.params).toBeNull();
  });

  it('shows 200 steps over the budget the API refuses (10,240,000 of 9,000,000), and does not send it', () => {
    const check = checkLabForm('gradient-flow', fields, { ...defaults(), steps: '200' });
    expect(check.errors).toEqual([]);
    expect(check.over.map((b) => [b.name, Math.round(b.used)])).toEqual([['gradientFlowWork', 10_240_000]]);
    expect(check.params).toBeNull();
  });

  it('gives the API\'s own rules a name the form can say in words', () => {
    expect(checkLabForm('gradient-flow', fields, { ...defaults(), hidden: '30' }).errors).toEqual([{ field: 'heads', code: 'headsDivide' }]);
    const cost = labFields('attention-cost');
    expect(checkLabForm('attention-cost', cost, { ...initialValues(cost, {}), minSeqLen: '100' }).errors).toEqual([{ field: 'minSeqLen', code: 'powerOfTwo' }]);
  });

  it('starts from a card\'s parameters', () => {
    expect(initialValues(fields, { seqLen: 300, architectures: ['rnn', 'lstm'] })).toMatchObject({ seqLen: '300', steps: '100', architectures: ['rnn', 'lstm'] });
  });
});
