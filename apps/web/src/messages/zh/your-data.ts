export default {
  yourData: {
    title: '你的数据',
    intro: '本服务器保存的关于你的一切：个人资料、设置、面试日期、卡组与笔记、你学过的每张卡片的状态、每次复习、你的班级、测验作答与答案，以及你发起的实验运行。',
    download: '下载我的数据',
    downloadHelp: '一个 JSON 文件（绝不包含你的密码或会话令牌）。',
    delete: '删除我的账户…',
    deleteWarning: '这将永久删除你的账户及你拥有的一切：你的卡组及其笔记和卡片（以及他人对它们的复习和基于它们的测验集）、你任教的班级、你的复习记录、测验作答和设置。此操作无法撤销。如需保留，请先下载你的数据。',
    password: '你的密码',
    passwordHelp: '输入密码以确认。',
    guestConfirm: '你以访客身份学习，没有密码：删除将结束此访客身份及其学习进度。',
    confirmDelete: '永久删除我的账户',
    deleting: '正在删除…',
    deleted: '你的账户已删除。',
  },
} as const;
