import type { Translation } from '../types';
import type en from '../en/decks';

export default {
  home: {
    title: '用可验证的答案准备机器学习面试',
    intro: 'Recurrence 用间隔重复来安排 RNN、LSTM 和 Transformer 相关的面试题，并用现场训练的小模型为答案提供依据——说“梯度消失”时，梯度就摆在眼前。',
  },
  decks: {
    title: '卡组',
    browse: '浏览',
    study: '学习',
    browseDeck: '浏览 {title}',
    studyDeck: '学习 {title}',
    dueNew: '<b>{due, number}</b> 张待复习 · <b>{new, number}</b> 张新卡',
  },
  deck: {
    studyThis: '学习这个卡组',
    labRef: ' · 实验：{experiment}',
    section: '章节',
  },
} as const satisfies Translation<typeof en>;
