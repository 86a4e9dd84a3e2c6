import type { Translation } from '../types';
import type en from '../en/lab';

export default {
  lab: {
    title: '实验室',
    intro: '在本服务器上用 TensorFlow.js 现场训练的小模型。卡片实测答案中的每个数字都来自这里的某次运行。',
    open: '打开',
    openExperiment: '打开 {title}',
    run: '运行',
    info: '后端：{backend} · 代码版本 {code} · 每位用户最多同时运行 {max} 个任务',
    'gradient-flow': {
      title: '梯度流',
      question: '训练 N 步后，有多少梯度能回传到第一个 token？RNN、LSTM 与 Transformer 对比（实测“梯度消失”的答案）',
    },
    'attention-cost': {
      title: '注意力的开销',
      question: '一层自注意力和一层 LSTM 的时间与内存开销如何随序列长度增长？',
    },
    'positional-encoding': {
      title: '位置编码',
      question: '没有位置信息时，Transformer 能区分“我 喜欢 你”和“你 喜欢 我”吗？正弦位置编码是什么样子？',
    },
    'layernorm-depth': {
      title: '层归一化与深度',
      question: '初始化时，深层 Post-LN 与 Pre-LN Transformer 的梯度集中在哪些层？',
    },
    'attention-weights': {
      title: '注意力权重',
      question: '一个极小的注意力分类器能学会关注情感词吗？',
    },
    'lstm-gates': {
      title: 'LSTM 门控',
      question: '在训练好的 LSTM 中，遗忘门、输入门、输出门和细胞状态沿序列如何变化？',
    },
  },
  run: {
    ended: '运行{status}{detail}。',
    cancelling: '正在取消…',
    cancelFailed: '未能取消：{error}',
    errorDetail: '：{error}',
    status: {
      queued: '排队中',
      running: '进行中',
      done: '已完成',
      failed: '失败',
      cancelled: '已取消',
    },
    queued: '排队中…',
    progress: '训练进度',
    backendTime: '{backend} 后端 · {ms, number} 毫秒',
    fromCache: ' · 来自缓存',
    seed: ' · 随机种子 {seed}',
    cached: ' · 已缓存',
    download: '下载结果（JSON）',
    export: '导出以便复核（权重、输入、梯度）',
  },
  worked: {
    label: '来自实验室的实测答案',
    title: '实测：实验室的运行结果',
    rerun: '用我的参数重新运行',
  },
} as const satisfies Translation<typeof en>;
