import type { Translation } from '../types';
import type en from '../en/figures';

export default {
  figures: {
    tokenSeparator: '',
    positions: { none: '无', sinusoidal: '正弦', learned: '可学习' },
    gradientFlow: {
      architecture: '{name}：第 {steps, number} 步时 ‖∂L/∂x₀‖ = {first}，是 {seqLen, number} 个位置中最后一个位置梯度的 {ratio} 倍；训练后准确率 {accuracy}（随机猜测为 {chance}）。',
      reference: '参照：每步乘以 {gamma}，从最后一个位置回到第一个位置共 {distance, number} 步，得到 {gamma}<sup>{distance, number}</sup> = {value}。',
    },
    attentionCost: {
      memory: '峰值内存随序列长度按 n<sup>{attention}</sup>（自注意力）和 n<sup>{lstm}</sup>（LSTM）增长（取较长一半长度的对数斜率）。',
      time: '前向时间按 n<sup>{attention}</sup>（注意力）和 n<sup>{lstm}</sup>（LSTM）增长。',
      longest: 'n = {seqLen, number} 时：注意力 {attentionMs} 毫秒、{attentionBytes}、{attentionSteps} 个串行步；LSTM {lstmMs} 毫秒、{lstmBytes}、{lstmSteps} 个串行步。',
    },
    positionalEncoding: {
      mode: '位置编码“{positions}”：“{first}”与“{second}”的池化输出最大相差 {difference}——{identical, select, true {完全相同：编码器分不出两种语序} other {不同：语序可被区分}}。',
    },
    layerNormDepth: {
      placement: '{norm}，{depth, number} 层：最后一层前馈权重的梯度在初始化时是第一层的 {atInit} 倍，{steps, number} 步后为 {afterSteps} 倍（此时损失 {loss}）。',
    },
    attentionWeights: {
      accuracy: '训练 {steps, number} 步后，分类器在留出句子上的准确率为 {accuracy}。',
      weight: '情感词上的平均注意力权重：训练前 {before}，训练后 {after}（均匀分布为 {uniform}）。',
      masked: '加因果掩码后，任何词放在其后方词上的最大权重：{max}。',
    },
    lstmGates: {
      accuracy: '训练后 LSTM 准确率 {accuracy}；第 {unit} 号记忆单元在最后一步把两类分开 {separation}。',
      gates: '沿序列，该单元遗忘门平均为 {forget}（全部单元平均 {forgetAll}）；输入门平均为 {input}。',
    },
  },
} as const satisfies Translation<typeof en>;
