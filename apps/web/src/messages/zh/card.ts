import type { Translation } from '../types';
import type en from '../en/card';

export default {
  cardType: {
    basic: '问答题',
    cloze: '填空题',
    'multiple-choice': '选择题',
    numeric: '数值题',
    open: '开放题',
  },
  card: {
    yourDraft: '你的答案（仅供自己参考，不评分）',
    draftPlaceholder: '先写下你的答案，再查看参考答案…',
    modelAnswer: '参考答案',
    checklist: '你的答案是否涵盖了以下要点…',
    more: '为什么——更多细节',
    correction: '对原文的勘误',
    articleSays: '原文的说法：',
    precisely: '更准确地说：',
    references: '参考文献：{list}',
    answer: '答案',
    answerIs: '答案：<b>{answer}</b>',
    selectAll: '选出所有正确答案。',
    selectOne: '选择一个答案。',
    correct: '正确',
    notQuite: '不太对',
    check: '检查答案',
    acceptedRange: '可接受范围：{low} 至 {high}',
    notANumber: '这不是一个数字：可以写成 0.000027、2.7e-5 或 2.7×10^-5。',
    decimalComma: '小数请用小数点（2.5，而不是 2,5）。',
    readAs: '读作 {value}。',
    readAsOff: '读作 {value}，相差 {difference}。',
    typeAnswer: '输入答案',
    typedDiff: '你的答案与标准答案的对比',
    notAnswered: '未作答',
    yourAnswer: '你的答案',
  },
} as const satisfies Translation<typeof en>;
