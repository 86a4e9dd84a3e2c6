import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TLocalizedText } from '@recurrence/contracts';

/** Absolute path of the article deck's folder (`packages/deck/content/article`). */
// Resolved through the package's own name rather than this file's URL, so it still points into packages/deck
// when this module is bundled into the API's dist/server.js.
export const articleDeckDirectory: string = join(dirname(createRequire(import.meta.url).resolve('@recurrence/deck/package.json')), 'content', 'article');

/** The source article (Chinese interview Q&A) the article deck is drawn from, relative to the repository's parent folder. */
export const ARTICLE_SOURCE = 'shared/seed/000_72197e987711bc47.txt';

export interface TArticleSection {
  /** Stable section id; cards refer to it in their `section` field. */
  id: string;
  /** The section's heading in the article (zh, verbatim apart from typos noted in brackets) and its English rendering. */
  heading: TLocalizedText;
}

/**
 * Every section of the source article, in reading order. Paragraphs that carry claims but no heading of
 * their own get a descriptive heading in brackets. The deck manifest must declare exactly these sections
 * (checked by the tests), and each must have at least one card.
 */
export const ARTICLE_SECTIONS: readonly TArticleSection[] = [
  { id: 'rnn-basics', heading: { zh: '1. 循环神经网络(Recurrent Neural Networks, RNN)', en: '1. Recurrent neural networks (RNN)' } },
  { id: 'rnn-long-memory', heading: { zh: 'RNN 长记忆为什么会丢失?', en: 'Why does an RNN lose long-range memory?' } },
  {
    id: 'lstm-cell-path',
    heading: { zh: '2. 长短期记忆网络(LSTM) · LSTM 如何解决该问题?', en: '2. Long short-term memory (LSTM) · How does the LSTM address the problem?' },
  },
  { id: 'lstm-gates', heading: { zh: '门:遗忘门、记忆门、输出门', en: 'Gates: forget gate, "memory" (input) gate, output gate' } },
  { id: 'lstm-limits', heading: { zh: 'LSTM 真的解决长记忆丢失问题了吗?', en: 'Does the LSTM really solve long-range memory loss?' } },
  {
    id: 'lstm-sequential-input',
    heading: { zh: '[LSTM 一节末段:顺序输入与并行性]', en: '[End of the LSTM part: sequential input and parallelism]' },
  },
  { id: 'transformer-self-attention', heading: { zh: '3. Transformer [原文误作 Tramsformer]', en: '3. Transformer' } },
  { id: 'attention-intuition', heading: { zh: '注意力机制的思考方式?', en: 'How does attention decide what to focus on?' } },
  { id: 'attention-long-range', heading: { zh: '彻底解决长记忆丢失问题?', en: 'Does attention fully solve long-range memory loss?' } },
  {
    id: 'positional-encoding',
    heading: { zh: '[Transformer 一节末段:词序与位置编码]', en: '[End of the Transformer part: word order and position encodings]' },
  },
  { id: 'lstm-vs-transformer', heading: { zh: 'LSTM 与 Transformer 的对比', en: 'LSTM versus Transformer' } },
  {
    id: 'rnn-lstm-tradeoffs',
    heading: { zh: 'CNN,RNN,LSTM,Transformer之间的优缺点 · RNN / LSTM', en: 'Strengths and weaknesses of CNN, RNN, LSTM, Transformer · RNN / LSTM' },
  },
  {
    id: 'transformer-tradeoffs',
    heading: { zh: 'CNN,RNN,LSTM,Transformer之间的优缺点 · Transformer [原文误作 Transofrmer]', en: 'Strengths and weaknesses … · Transformer' },
  },
  { id: 'cnn', heading: { zh: 'CNN概念 · CNN优点 · CNN缺点', en: 'CNN: concept, strengths, weaknesses' } },
  { id: 'transformer-pros', heading: { zh: 'Transformer优点', en: 'Transformer: strengths' } },
  { id: 'transformer-cons', heading: { zh: 'Transformer缺点', en: 'Transformer: weaknesses' } },
];
