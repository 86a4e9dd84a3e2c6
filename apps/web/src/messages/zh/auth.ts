import type { Translation } from '../types';
import type en from '../en/auth';

export default {
  auth: {
    signIn: '登录',
    signUp: '注册',
    signOut: '退出',
    saveProgress: '保存进度',
    guest: '访客',
    createAccount: '创建账号',
    guestKept: '访客的学习进度已并入此账号：{cards, number} 张卡片，{reviews, number} 次复习。',
    guestMoves: '你以访客身份积累的学习进度会转移到新账号。',
    email: '邮箱',
    displayName: '显示名称',
    optional: '（选填）',
    password: '密码',
    passwordMin: '至少 {min, number} 个字符，且不易被猜中：不要用常见密码、键盘序列或自己的名字。几个互不相关的词组成的短语就很好。',
    passwordWeak: '密码太容易被猜中。试试由三四个互不相关的词组成的更长短语。',
    noAccount: '还没有账号？',
    haveAccount: '已经有账号了？',
  },
} as const satisfies Translation<typeof en>;
