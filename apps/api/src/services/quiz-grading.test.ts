import type { TNote } from '@recurrence/contracts';
import { describe, expect, it } from 'vitest';
import { quizNotes } from '../quiz-testing';
import { basicCard, clozeNote, multipleChoiceNote } from '../testing';
import { checkQuizAnswer, clozeBlanks, comparableText, gradeQuizAnswer, gradingOf, quizFront, quizKey } from './quiz-grading';

const [, numeric, , open] = quizNotes() as [TNote, TNote, TNote, TNote, TNote];
const cloze = clozeNote('gates', 'The {{c1::forget}} gate and the {{c2::input::which?}} gate; the {{c1::forget}} gate again.');

describe('quiz questions', () => {
  it('shows a cloze card with its own deletions as blanks and never their text', () => {
    const front = quizFront(cloze, 1, []);
    expect(front).toEqual({
      type: 'cloze',
      ordinal: 1,
      segments: {
        en: [{ kind: 'text', text: 'The ' }, { kind: 'blank', index: 1 }, { kind: 'text', text: ' gate and the input gate; the ' }, { kind: 'blank', index: 2 }, { kind: 'text', text: ' gate again.' }],
        zh: expect.any(Array),
      },
    });
    expect(JSON.stringify(front)).not.toContain('forget');
    expect(quizFront(cloze, 2, [])).toMatchObject({ segments: { en: [{ kind: 'text', text: 'The forget gate and the ' }, { kind: 'blank', index: 1, hint: 'which?' }, { kind: 'text', text: ' gate; the forget gate again.' }] } });
    expect(quizKey(cloze, 1, []).blanks).toEqual({ en: ['forget', 'forget'], zh: ['forget', 'forget'] });
  });

  it('sends no correct flag or explanation of a multiple-choice question, in the order given', () => {
    const front = quizFront(multipleChoiceNote('mc'), 1, ['c', 'a', 'd', 'b']);
    expect(front).toMatchObject({ type: 'multiple-choice', choices: [{ id: 'c' }, { id: 'a' }, { id: 'd' }, { id: 'b' }] });
    expect(JSON.stringify(front)).not.toMatch(/correct|why/i);
    expect(JSON.stringify(quizFront(numeric, 1, []))).not.toContain('2.6561');
  });

  it('has the instructor mark open cards and basic cards that are not type-in', () => {
    expect(gradingOf(open)).toBe('instructor');
    expect(gradingOf(basicCard('b'))).toBe('instructor');
    expect(gradingOf({ ...basicCard('t'), typeIn: true } as TNote)).toBe('auto');
    expect(gradingOf(cloze)).toBe('auto');
    expect(gradeQuizAnswer(open, 1, { kind: 'text', lang: 'en', text: 'Because it is.' })).toEqual({ mark: null, key: '' });
    // No answer is 0 without the instructor.
    expect(gradeQuizAnswer(open, 1, { kind: 'text', lang: 'en', text: '  ' })).toEqual({ mark: 0, key: '' });
  });
});

describe('marking', () => {
  it('marks multiple choice by the exact set chosen', () => {
    const mc = multipleChoiceNote('mc');
    expect(gradeQuizAnswer(mc, 1, { kind: 'choices', ids: ['a'] }).mark).toBe(1);
    expect(gradeQuizAnswer(mc, 1, { kind: 'choices', ids: ['c', 'b'] })).toEqual({ mark: 0, key: 'b+c' });
    expect(gradeQuizAnswer(mc, 1, { kind: 'choices', ids: [] })).toEqual({ mark: 0, key: '' });
  });

  it('marks numbers within the tolerance, written the ways people write them', () => {
    expect(gradeQuizAnswer(numeric, 1, { kind: 'number', text: '2.7×10⁻⁵' }).mark).toBe(1);
    expect(gradeQuizAnswer(numeric, 1, { kind: 'number', text: '−2.7e-5' }).mark).toBe(0);
    expect(gradeQuizAnswer(numeric, 1, { kind: 'number', text: '3e-5' })).toEqual({ mark: 0, key: '0.00003' });
    expect(checkQuizAnswer(numeric, 1, { kind: 'number', text: '2,5' }, 'body.answer')).toEqual({ problem: 'decimal-comma' });
  });

  it('gives a cloze card the share of its blanks filled right, ignoring case and Markdown, in either language', () => {
    expect(gradeQuizAnswer(cloze, 1, { kind: 'blanks', lang: 'en', texts: ['Forget', ' **forget** '] }).mark).toBe(1);
    expect(gradeQuizAnswer(cloze, 1, { kind: 'blanks', lang: 'en', texts: ['forget', 'output'] })).toEqual({ mark: 0.5, key: 'forget | output' });
    expect(gradeQuizAnswer(cloze, 2, { kind: 'blanks', lang: 'zh', texts: ['input'] }).mark).toBe(1);
    expect(() => checkQuizAnswer(cloze, 2, { kind: 'blanks', lang: 'en', texts: ['a', 'b'] }, 'body.answer')).toThrow(/1 blank/);
  });

  it('compares a type-in answer with the back in either language', () => {
    const typeIn = { ...basicCard('t'), typeIn: true } as TNote;
    expect(gradeQuizAnswer(typeIn, 1, { kind: 'text', lang: 'zh', text: 'back of t' }).mark).toBe(1);
    expect(gradeQuizAnswer(typeIn, 1, { kind: 'text', lang: 'en', text: 't 的背面' }).mark).toBe(1);
    expect(gradeQuizAnswer(typeIn, 1, { kind: 'text', lang: 'en', text: 'front' }).mark).toBe(0);
  });

  it('refuses an answer of the wrong kind, naming the field', () => {
    expect(() => checkQuizAnswer(numeric, 1, { kind: 'choices', ids: ['a'] }, 'body.answer')).toThrow(/body.answer: this question takes \{ kind: "number" \}/);
    expect(() => checkQuizAnswer(multipleChoiceNote('mc'), 1, { kind: 'choices', ids: ['z'] }, 'body.answer')).toThrow(/no choice "z"/);
  });

  it('normalises typed text', () => {
    expect(comparableText('  Ｆｏｒｇｅｔ\n gate  ')).toBe('forget gate');
    expect(clozeBlanks('no deletions', 1)).toEqual({ segments: [{ kind: 'text', text: 'no deletions' }], answers: [] });
  });
});
