/**
 * The measured figures of a lab run as sentences. Shown in the card language (a card's worked answer), so they are
 * formatted with the card language's messages, not the interface's. Values arrive formatted (significant digits,
 * percentages, superscript exponents).
 */
export default {
  figures: {
    /** Between the words of a sentence. */
    tokenSeparator: ' ',
    positions: { none: 'none', sinusoidal: 'sinusoidal', learned: 'learned' },
    gradientFlow: {
      architecture:
        '{name}: at step {steps, number}, ‖∂L/∂x₀‖ = {first}, which is {ratio} × the gradient at the last of {seqLen, number} positions; accuracy after training {accuracy} (chance {chance}).',
      reference:
        'Reference: a factor of {gamma} per step over the {distance, plural, one {# step} other {# steps}} from the last position back to the first gives {gamma}<sup>{distance, number}</sup> = {value}.',
    },
    attentionCost: {
      memory:
        'Peak memory grows as n<sup>{attention}</sup> for self-attention and n<sup>{lstm}</sup> for the LSTM layer (log-log slope over the longer half of the lengths).',
      time: 'Forward time grows as n<sup>{attention}</sup> (attention) and n<sup>{lstm}</sup> (LSTM).',
      longest:
        'At n = {seqLen, number}: attention {attentionMs} ms, {attentionBytes}, {attentionSteps, plural, one {# sequential step} other {# sequential steps}}; LSTM {lstmMs} ms, {lstmBytes}, {lstmSteps, plural, one {# sequential step} other {# sequential steps}}.',
    },
    positionalEncoding: {
      mode: 'Positions “{positions}”: pooled outputs of “{first}” and “{second}” differ by at most {difference} — {identical, select, true {identical: the encoder cannot tell the orders apart} other {different: the order is visible}}.',
    },
    layerNormDepth: {
      placement:
        "{norm}, {depth, number} layers: the last layer's feed-forward gradient is {atInit} × the first layer's at initialisation and {afterSteps} × after {steps, plural, one {# step} other {# steps}} (loss then {loss}).",
    },
    attentionWeights: {
      accuracy: 'After {steps, plural, one {# step} other {# steps}} the classifier reaches {accuracy} on held-out sentences.',
      weight: 'Mean attention on the sentiment word: {before} before training, {after} after (uniform would be {uniform}).',
      masked: 'With the causal mask, the largest weight any word puts on a later word: {max}.',
    },
    lstmGates: {
      accuracy: 'Trained LSTM accuracy: {accuracy}; memory unit #{unit} separates the classes by {separation} at the last step.',
      gates: "Along the sequence, that unit's forget gate averages {forget} (mean over all units {forgetAll}); its input gate {input}.",
    },
  },
} as const;
