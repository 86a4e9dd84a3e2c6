import type { TExperimentId } from '@recurrence/contracts';
import type { MessageKey } from '../../lib/messages';

/** What each experiment answers, for the lab's pages: message keys, shown with `t` in the interface language. */
export const EXPERIMENTS = {
  'gradient-flow': { title: 'lab.gradient-flow.title', question: 'lab.gradient-flow.question' },
  'attention-cost': { title: 'lab.attention-cost.title', question: 'lab.attention-cost.question' },
  'positional-encoding': { title: 'lab.positional-encoding.title', question: 'lab.positional-encoding.question' },
  'layernorm-depth': { title: 'lab.layernorm-depth.title', question: 'lab.layernorm-depth.question' },
  'attention-weights': { title: 'lab.attention-weights.title', question: 'lab.attention-weights.question' },
  'lstm-gates': { title: 'lab.lstm-gates.title', question: 'lab.lstm-gates.question' },
} as const satisfies Record<TExperimentId, { title: MessageKey; question: MessageKey }>;
