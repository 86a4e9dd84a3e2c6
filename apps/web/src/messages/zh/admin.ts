import type { Translation } from '../types';
import type en from '../en/admin';

export default {
  admin: {
    title: '管理',
    onlyAdmin: '此页面仅供管理员使用。',
    accounts: '账号',
    name: '名称',
    since: '注册时间',
    role: '角色',
    roleOf: '{email} 的角色',
  },
  role: {
    student: '学员',
    instructor: '讲师',
    admin: '管理员',
  },
} as const satisfies Translation<typeof en>;
