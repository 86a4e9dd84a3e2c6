import type { Translation } from '../types';
import type en from '../en/common';

export default {
  meta: {
    title: 'Recurrence——用可验证的答案准备机器学习面试',
    description: '为机器学习面试准备的间隔重复与测验，答案由现场训练的模型实测得出。',
  },
  nav: {
    skip: '跳到正文',
    main: '主导航',
    decks: '卡组',
    study: '学习',
    lab: '实验室',
    stats: '统计',
    settings: '设置',
    admin: '管理',
  },
  common: {
    loading: '加载中…',
    allDecks: '全部卡组',
    deck: '卡组',
    save: '保存',
    cancel: '取消',
    cardCount: '{count} 张卡片',
    retry: '重试',
    home: '回到首页',
  },
  cardLanguage: {
    label: '卡片语言',
  },
  theme: {
    system: '跟随系统',
    light: '浅色',
    dark: '深色',
  },
  errors: {
    notFoundTitle: '找不到页面',
    notFoundText: '这个地址没有页面。它可能已经移动，或者链接有误。',
    failedTitle: '出错了',
    failedText: '无法加载此页面，请稍后重试。',
    failedDetail: '出错原因：{message}',
    failedReference: '服务器日志中的编号：{digest}',
  },
  ui: {
    language: '界面语言',
    theme: '主题',
  },
} as const satisfies Translation<typeof en>;
