import { describe, expect, it } from 'vitest';
import { ZCard } from '@recurrence/contracts';
import { answerTexts, answerWords, MAX_ANSWER_WORDS } from './answer-length';

describe('answerWords', () => {
  it('counts Latin words, half a word per Chinese character, and a formula as one word', () => {
    expect(answerWords('The forget gate scales the cell.')).toBe(6);
    expect(answerWords("Pre-LN doesn't need 1e-6 or 2.66 warm-up")).toBe(7);
    expect(answerWords('遗忘门缩放细胞状态')).toBe(4.5);
    expect(answerWords('遗忘门 $f_t$ 缩放 $c_{t-1}$')).toBe(2.5 + 2);
    expect(answerWords('$$\\frac{\\partial c_t}{\\partial c_{t-1}} = \\operatorname{diag}(f_t)$$ on the direct path')).toBe(5);
    expect(answerWords('**Bold**, *emphasis*, - list: (a) — b')).toBe(5);
    expect(answerWords('A literal \\$5 price')).toBe(4);
  });

  it('puts 80 Chinese characters level with 40 English words', () => {
    expect(answerWords('字'.repeat(80))).toBe(MAX_ANSWER_WORDS);
    expect(answerWords(Array.from({ length: 40 }, () => 'word').join(' '))).toBe(MAX_ANSWER_WORDS);
  });
});

describe('answerTexts', () => {
  const lt = (en: string, zh: string) => ({ en, zh });
  const base = { id: 'x-note', section: 's1' };

  it('takes the back of a basic note, and its front too when it is reversed', () => {
    const basic = ZCard.parse({ ...base, type: 'basic', front: lt('Q', '问'), back: lt('A', '答'), more: lt('long', '长') });
    expect(answerTexts(basic).map((a) => a.path)).toEqual(['back']);
    const reversed = ZCard.parse({ ...base, type: 'basic', front: lt('Q', '问'), back: lt('A', '答'), reverse: true });
    expect(answerTexts(reversed).map((a) => a.path)).toEqual(['back', 'front']);
  });

  it('takes every choice and reason, the explanation, the model answer and checklist, and the correction, never `more` or `extra`', () => {
    const mc = ZCard.parse({
      ...base,
      type: 'multiple-choice',
      question: lt('Q', '问'),
      choices: [
        { id: 'a', correct: true, text: lt('A', '甲'), why: lt('because', '因为') },
        { id: 'b', correct: false, text: lt('B', '乙'), why: lt('not', '不') },
      ],
      explanation: lt('E', '解'),
      correction: { articleSays: lt('said', '说'), precisely: lt('right', '对'), references: [] },
    });
    expect(answerTexts(mc).map((a) => a.path)).toEqual(['choices[0].text', 'choices[0].why', 'choices[1].text', 'choices[1].why', 'explanation', 'correction.precisely']);
    const cloze = ZCard.parse({ ...base, type: 'cloze', text: lt('{{c1::x}}', '{{c1::甲}}'), extra: lt('extra', '额外') });
    expect(answerTexts(cloze).map((a) => a.path)).toEqual(['text']);
    const open = ZCard.parse({ ...base, type: 'open', question: lt('Q', '问'), modelAnswer: lt('M', '答'), checklist: [lt('a', '甲'), lt('b', '乙')] });
    expect(answerTexts(open).map((a) => a.path)).toEqual(['modelAnswer', 'checklist[0]', 'checklist[1]']);
  });
});
