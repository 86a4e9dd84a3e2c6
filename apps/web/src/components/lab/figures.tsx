'use client';

import type { TLabResult } from '@recurrence/contracts';
import { createTranslator } from 'next-intl';
import type { ReactNode } from 'react';
import enFigures from '../../messages/en/figures';
import zhFigures from '../../messages/zh/figures';
import type { Locale } from '../../messages/locales';
import { ARCH_LABEL, bytes, pct, sig } from './format';

const FIGURES = { en: enFigures, zh: zhFigures } as const;
const sup = (chunks: ReactNode) => <sup>{chunks}</sup>;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const normName = (norm: 'pre' | 'post') => (norm === 'post' ? 'Post-LN' : 'Pre-LN');

/**
 * The measured figures of a run as sentences, in the card's language (which may differ from the interface's).
 * Every number comes from the result; these are the figures a card's worked answer quotes.
 */
export function workedFigures(result: TLabResult, lang: Locale): ReactNode[] {
  const t = createTranslator({ locale: lang, messages: FIGURES[lang] as typeof enFigures, namespace: 'figures' });
  switch (result.experiment) {
    case 'gradient-flow': {
      const { steps, seqLen } = result.params;
      const distance = seqLen - 1;
      return [
        ...result.architectures.map((a) =>
          t('gradientFlow.architecture', {
            name: ARCH_LABEL[a.architecture] ?? a.architecture,
            steps,
            first: sig(a.atEnd.inputGradNorm[0]),
            ratio: sig(a.atEnd.firstToLastRatio),
            seqLen,
            accuracy: pct(a.finalAccuracy),
            chance: pct(result.summary.chanceAccuracy),
          }),
        ),
        t.rich('gradientFlow.reference', { gamma: String(result.reference.gamma), distance, value: sig(result.reference.curve[0]), sup }),
      ];
    }
    case 'attention-cost': {
      const s = result.slopes;
      const last = result.rows.at(-1);
      return [
        t.rich('attentionCost.memory', { attention: sig(s.attention.memoryTail), lstm: sig(s.lstm.memoryTail), sup }),
        t.rich('attentionCost.time', { attention: sig(s.attention.time), lstm: sig(s.lstm.time), sup }),
        ...(last
          ? [
              t('attentionCost.longest', {
                seqLen: last.seqLen,
                attentionMs: sig(last.attention.forwardMs),
                attentionBytes: bytes(last.attention.peakBytes),
                attentionSteps: last.attention.sequentialSteps,
                lstmMs: sig(last.lstm.forwardMs),
                lstmBytes: bytes(last.lstm.peakBytes),
                lstmSteps: last.lstm.sequentialSteps,
              }),
            ]
          : []),
      ];
    }
    case 'positional-encoding': {
      const [a, b] = result.sentences;
      const join = (tokens: string[]) => tokens.join(t('tokenSeparator'));
      return result.modes.map((m) =>
        t('positionalEncoding.mode', {
          positions: t(`positions.${m.positions}`),
          first: join(a),
          second: join(b),
          difference: sig(m.maxAbsDiff),
          identical: String(m.identical),
        }),
      );
    }
    case 'layernorm-depth': {
      const { depth, steps } = result.params;
      return result.placements.map((p) =>
        t('layerNormDepth.placement', {
          norm: normName(p.norm),
          depth,
          atInit: sig(p.lastToFirstRatio.atInit),
          afterSteps: sig(p.lastToFirstRatio.afterSteps),
          steps,
          loss: sig(p.afterSteps.loss),
        }),
      );
    }
    case 'attention-weights': {
      const w = result.meanWeightOnSentiment;
      return [
        t('attentionWeights.accuracy', { steps: result.params.steps, accuracy: pct(result.testAccuracy) }),
        t('attentionWeights.weight', { before: sig(w.before), after: sig(w.after), uniform: sig(w.uniform) }),
        ...(result.maxWeightOnMaskedKeys === null ? [] : [t('attentionWeights.masked', { max: sig(result.maxWeightOnMaskedKeys) })]),
      ];
    }
    case 'lstm-gates': {
      const trace = result.traces[0];
      return [
        t('lstmGates.accuracy', { accuracy: pct(result.finalAccuracy), unit: String(result.memoryUnit.index), separation: sig(result.memoryUnit.separation) }),
        ...(trace
          ? [t('lstmGates.gates', { forget: sig(mean(trace.memoryUnit.forget)), forgetAll: sig(mean(trace.forget)), input: sig(mean(trace.memoryUnit.input)) })]
          : []),
      ];
    }
  }
}
