export default {
  lab: {
    title: 'Lab',
    intro: 'Small models trained live on this server with TensorFlow.js. Every number on a card\'s worked answer comes from one of these runs.',
    open: 'Open',
    openExperiment: 'Open {title}',
    run: 'Run',
    info: 'Backend: {backend} · code {code} · up to {max} runs at once per user',
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
  },
  run: {
    ended: 'Run {status}{detail}.',
    cancelling: 'Cancelling…',
    cancelFailed: 'Could not cancel: {error}',
    errorDetail: ': {error}',
    status: {
      queued: 'queued',
      running: 'running',
      done: 'done',
      failed: 'failed',
      cancelled: 'cancelled',
    },
    queued: 'queued…',
    progress: 'Training progress',
    backendTime: '{backend} backend · {ms, number} ms',
    fromCache: ' · from the cache',
    seed: ' · seed {seed}',
    cached: ' · cached',
    download: 'Download result (JSON)',
    export: 'Export for re-checking (weights, inputs, gradients)',
  },
  worked: {
    label: 'Worked answer from the lab',
    title: 'Worked answer: measured in the lab',
    rerun: 'Re-run with my parameters',
  },
} as const;
