import type { TLabResult } from '@recurrence/contracts';
import { ARCH_LABEL, bytes, pct, sig } from './format';

type Lang = 'en' | 'zh';

/**
 * The measured figures of a run as sentences, in the card's language. Every number comes from the result;
 * these are the figures a card's worked answer quotes.
 */
export function workedFigures(result: TLabResult, lang: Lang): string[] {
  switch (result.experiment) {
    case 'gradient-flow': {
      const { steps, seqLen } = result.params;
      return result.architectures.map((a) => {
        const name = ARCH_LABEL[a.architecture] ?? a.architecture;
        const first = a.atEnd.inputGradNorm[0];
        const ratio = a.atEnd.firstToLastRatio;
        return lang === 'en'
          ? `${name}: at step ${steps}, ‖∂L/∂x₀‖ = ${sig(first)}, which is ${sig(ratio)} × the gradient at the last of ${seqLen} positions; accuracy after training ${pct(a.finalAccuracy)} (chance ${pct(result.summary.chanceAccuracy)}).`
          : `${name}：第 ${steps} 步时 ‖∂L/∂x₀‖ = ${sig(first)}，是 ${seqLen} 个位置中最后一个位置梯度的 ${sig(ratio)} 倍；训练后准确率 ${pct(a.finalAccuracy)}（随机猜测为 ${pct(result.summary.chanceAccuracy)}）。`;
      }).concat(
        lang === 'en'
          ? [`Reference: γ^(T−1) = ${result.reference.gamma}^${seqLen - 1} = ${sig(result.reference.curve[0])}.`]
          : [`参照：γ^(T−1) = ${result.reference.gamma}^${seqLen - 1} = ${sig(result.reference.curve[0])}。`],
      );
    }
    case 'attention-cost': {
      const s = result.slopes;
      const last = result.rows.at(-1);
      const lines =
        lang === 'en'
          ? [
              `Peak memory grows as n^${sig(s.attention.memoryTail)} for self-attention and n^${sig(s.lstm.memoryTail)} for the LSTM layer (log-log slope over the longer half of the lengths).`,
              `Forward time grows as n^${sig(s.attention.time)} (attention) and n^${sig(s.lstm.time)} (LSTM).`,
            ]
          : [
              `峰值内存随序列长度按 n^${sig(s.attention.memoryTail)}（自注意力）和 n^${sig(s.lstm.memoryTail)}（LSTM）增长（取较长一半长度的对数斜率）。`,
              `前向时间按 n^${sig(s.attention.time)}（注意力）和 n^${sig(s.lstm.time)}（LSTM）增长。`,
            ];
      if (last) {
        lines.push(
          lang === 'en'
            ? `At n = ${last.seqLen}: attention ${sig(last.attention.forwardMs)} ms, ${bytes(last.attention.peakBytes)}, ${last.attention.sequentialSteps} sequential step; LSTM ${sig(last.lstm.forwardMs)} ms, ${bytes(last.lstm.peakBytes)}, ${last.lstm.sequentialSteps} sequential steps.`
            : `n = ${last.seqLen} 时：注意力 ${sig(last.attention.forwardMs)} 毫秒、${bytes(last.attention.peakBytes)}、${last.attention.sequentialSteps} 个串行步；LSTM ${sig(last.lstm.forwardMs)} 毫秒、${bytes(last.lstm.peakBytes)}、${last.lstm.sequentialSteps} 个串行步。`,
        );
      }
      return lines;
    }
    case 'positional-encoding': {
      const [a, b] = result.sentences;
      return result.modes.map((m) =>
        lang === 'en'
          ? `Positions “${m.positions}”: pooled outputs of “${a.join(' ')}” and “${b.join(' ')}” differ by at most ${sig(m.maxAbsDiff)} — ${m.identical ? 'identical: the encoder cannot tell the orders apart' : 'different: the order is visible'}.`
          : `位置编码“${m.positions}”：“${a.join('')}”与“${b.join('')}”的池化输出最大相差 ${sig(m.maxAbsDiff)}——${m.identical ? '完全相同：编码器分不出两种语序' : '不同：语序可被区分'}。`,
      );
    }
    case 'layernorm-depth': {
      const { depth, steps } = result.params;
      return result.placements.map((p) =>
        lang === 'en'
          ? `${p.norm === 'post' ? 'Post-LN' : 'Pre-LN'}, ${depth} layers: the last layer's feed-forward gradient is ${sig(p.lastToFirstRatio.atInit)} × the first layer's at initialisation and ${sig(p.lastToFirstRatio.afterSteps)} × after ${steps} steps (loss then ${sig(p.afterSteps.loss)}).`
          : `${p.norm === 'post' ? 'Post-LN' : 'Pre-LN'}，${depth} 层：最后一层前馈权重的梯度在初始化时是第一层的 ${sig(p.lastToFirstRatio.atInit)} 倍，${steps} 步后为 ${sig(p.lastToFirstRatio.afterSteps)} 倍（此时损失 ${sig(p.afterSteps.loss)}）。`,
      );
    }
    case 'attention-weights': {
      const w = result.meanWeightOnSentiment;
      return lang === 'en'
        ? [
            `After ${result.params.steps} steps the classifier reaches ${pct(result.testAccuracy)} on held-out sentences.`,
            `Mean attention on the sentiment word: ${sig(w.before)} before training, ${sig(w.after)} after (uniform would be ${sig(w.uniform)}).`,
          ]
        : [
            `训练 ${result.params.steps} 步后，分类器在留出句子上的准确率为 ${pct(result.testAccuracy)}。`,
            `情感词上的平均注意力权重：训练前 ${sig(w.before)}，训练后 ${sig(w.after)}（均匀分布为 ${sig(w.uniform)}）。`,
          ];
    }
    case 'lstm-gates': {
      const trace = result.traces[0];
      const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
      const lines =
        lang === 'en'
          ? [`Trained LSTM accuracy: ${pct(result.finalAccuracy)}; memory unit #${result.memoryUnit.index} separates the classes by ${sig(result.memoryUnit.separation)} at the last step.`]
          : [`训练后 LSTM 准确率 ${pct(result.finalAccuracy)}；第 ${result.memoryUnit.index} 号记忆单元在最后一步把两类分开 ${sig(result.memoryUnit.separation)}。`];
      if (trace) {
        lines.push(
          lang === 'en'
            ? `Along the sequence, that unit's forget gate averages ${sig(mean(trace.memoryUnit.forget))} (mean over all units ${sig(mean(trace.forget))}); its input gate ${sig(mean(trace.memoryUnit.input))}.`
            : `沿序列，该单元遗忘门平均为 ${sig(mean(trace.memoryUnit.forget))}（全部单元平均 ${sig(mean(trace.forget))}）；输入门平均为 ${sig(mean(trace.memoryUnit.input))}。`,
        );
      }
      return lines;
    }
  }
}
