import type { TExperimentId } from '@recurrence/contracts';

/** What each experiment answers, for the lab's pages. */
export const EXPERIMENTS: Record<TExperimentId, { title: string; question: string }> = {
  'gradient-flow': {
    title: 'Gradient flow',
    question: 'How much gradient reaches the first token after N training steps — RNN vs LSTM vs Transformer? (the "vanishing gradient" answer, measured)',
  },
  'attention-cost': {
    title: 'Attention cost',
    question: 'How do time and memory of one self-attention layer and one LSTM layer grow with sequence length?',
  },
  'positional-encoding': {
    title: 'Positional encoding',
    question: 'Without positions, can a Transformer tell 我 喜欢 你 from 你 喜欢 我? What do sinusoidal encodings look like?',
  },
  'layernorm-depth': {
    title: 'Layer norm and depth',
    question: 'Where do gradients concentrate in deep Post-LN and Pre-LN Transformers at initialisation?',
  },
  'attention-weights': {
    title: 'Attention weights',
    question: 'Does a tiny attention classifier learn to look at the sentiment word?',
  },
  'lstm-gates': {
    title: 'LSTM gates',
    question: 'What do the forget, input and output gates and the cell state do along a sequence, in a trained LSTM?',
  },
};
