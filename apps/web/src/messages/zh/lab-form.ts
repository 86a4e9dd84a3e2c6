import type { Translation } from '../types';
import type en from '../en/lab-form';

export default {
  labForm: {
    budget: {
      gradientFlowWork: '计算预算',
      attentionScores: '注意力内存',
      attentionCostScores: '注意力内存',
      layerNormWork: '计算预算',
      lstmGatesWork: '计算预算',
    },
    budgetUse: '已用 {share, number, percent}',
    overBudget: '{budget}超出上限（{share, number, percent}）：请降低{fields}。',
    cannotRun: '修正以下问题后才能运行：',
    fieldError: '{field}：{error}',
    busy: '已有 {max} 个运行在进行，这是同时运行的上限：请等待其中一个结束或取消它。',
    runTitle: '第 {n} 次运行',
    errors: {
      empty: '请输入数字（空白字段不会按默认值发送）',
      notNumber: '不是数字',
      notInteger: '请输入整数',
      tooSmall: '至少为 {min}',
      tooLarge: '至多为 {max}',
      noneTicked: '请至少勾选一项',
      powerOfTwo: '必须是 2 的幂（16、32、64……）',
      headsDivide: '必须整除模型宽度',
      even: '必须是偶数',
      notBelowMin: '不能短于最短序列',
    },
  },
} as const satisfies Translation<typeof en>;
