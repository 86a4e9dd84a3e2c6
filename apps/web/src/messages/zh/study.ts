import type { Translation } from '../types';
import type en from '../en/study';

export default {
  study: {
    title: '学习',
    intro: '可以直接以访客身份开始——之后注册账号时进度会保留——也可以先登录。',
    startGuest: '以访客身份开始',
    due: '待复习',
    new: '新卡',
    showAnswer: '显示答案',
    again: '重来',
    hard: '困难',
    good: '良好',
    easy: '简单',
    rate: '评价你的回忆',
    done: '今天的任务完成了',
    doneText: '在每日上限内，现在没有到期的卡片。',
    nextDue: '下一张卡片将在 {time, time, short} 到期（{wait} 后）；届时本页面会自动显示。',
    undo: '撤销',
    undone: '已撤销：{rating}',
    undoneAction: '已撤销：{action, select, bury {搁置——卡片已回来} suspend {暂停——卡片已回来} reset {重置——卡片恢复了原来的安排} reschedule {新的到期日} other {取消暂停}}',
    nothingToUndo: '没有可撤销的操作',
    buried: '已搁置到明天（按 U 撤销）',
    suspended: '已暂停（按 U 撤销；之后可在卡组页面取消暂停）',
    bury: '搁置到明天',
    suspend: '暂停',
    keys: '快捷键：空格或回车 显示答案，再按一次为“良好” · 1–4 评分 · U 撤销 · B 搁置 · S 暂停 · Esc 离开输入框',
    suggested: '{summary}——建议评分：{rating}',
  },
  interval: {
    underMinute: '<1分钟',
    minutes: '{n}分钟',
    hours: '{n}小时',
    days: '{n}天',
    months: '{n}个月',
    years: '{n}年',
  },
} as const satisfies Translation<typeof en>;
