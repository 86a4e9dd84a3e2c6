/** The lab form: what it says about the cost of a run and about fields it cannot send. */
export default {
  labForm: {
    budget: {
      gradientFlowWork: 'Compute budget',
      attentionScores: 'Attention memory',
      attentionCostScores: 'Attention memory',
      layerNormWork: 'Compute budget',
      lstmGatesWork: 'Compute budget',
    },
    budgetUse: '{share, number, percent} used',
    overBudget: '{budget} is over its limit ({share, number, percent}): lower {fields}.',
    cannotRun: 'Run is off until this is fixed:',
    fieldError: '{field}: {error}',
    busy: '{max, plural, one {# run is} other {# runs are}} going, the most at once: wait for one to finish or cancel it.',
    runTitle: 'Run {n}',
    errors: {
      empty: 'enter a number (an empty field is not sent as its default)',
      notNumber: 'not a number',
      notInteger: 'enter a whole number',
      tooSmall: 'at least {min}',
      tooLarge: 'at most {max}',
      noneTicked: 'tick at least one',
      powerOfTwo: 'must be a power of two (16, 32, 64, …)',
      headsDivide: 'must divide the model width',
      even: 'must be even',
      notBelowMin: 'must not be shorter than the shortest sequence',
    },
  },
} as const;
