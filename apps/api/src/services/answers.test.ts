import type { TCard, TMultipleChoiceCard } from '@recurrence/contracts';
import type { CardRecord } from '@recurrence/db';
import { articleDeckDirectory, loadDeckDirectory } from '@recurrence/deck';
// jstat has no type declarations; only its chi-square CDF is used.
// @ts-expect-error -- untyped CommonJS module
import jstat from 'jstat';
import { describe, expect, it } from 'vitest';
import { basicCard, clozeNote, multipleChoiceNote } from '../testing';
import { choiceOrder, gradeAnswer } from './answers';
import { studyCardView } from './study';

const chiSquareCdf = (x: number, df: number) => (jstat as { chisquare: { cdf(x: number, df: number): number } }).chisquare.cdf(x, df);

/**
 * Pearson's chi-square test that the correct choice is equally likely at every position. Reviews are grouped by their
 * card's number of choices k (positions 1…k, each expected 1/k of the group's correct answers); the groups'
 * statistics and degrees of freedom add up.
 */
function uniformity(samples: { choices: number; position: number }[]) {
  const groups = new Map<number, number[]>();
  for (const s of samples) {
    const counts = groups.get(s.choices) ?? new Array<number>(s.choices).fill(0);
    counts[s.position]! += 1;
    groups.set(s.choices, counts);
  }
  let statistic = 0;
  let df = 0;
  for (const [k, counts] of groups) {
    const total = counts.reduce((a, b) => a + b, 0);
    for (const observed of counts) statistic += (observed - total / k) ** 2 / (total / k);
    df += k - 1;
  }
  return { statistic, df, p: 1 - chiSquareCdf(statistic, df), groups };
}

/** Where the correct choices of a multiple-choice note land when shown in `order`. */
function correctPositions(note: TMultipleChoiceCard, order: readonly string[]) {
  const correct = new Set(note.choices.filter((c) => c.correct).map((c) => c.id));
  return order.flatMap((id, position) => (correct.has(id) ? [{ choices: order.length, position }] : []));
}

const record = (note: TCard, id = `card-${note.id}`): CardRecord => ({ id, deckId: 'd', noteId: `note-${note.id}`, ordinal: 1, slug: note.id, content: note });

describe('the order of multiple-choice options', () => {
  it('puts the correct answer of the article deck at every position equally often over 1,000+ simulated reviews', async () => {
    const loaded = await loadDeckDirectory(articleDeckDirectory);
    if (!loaded.ok) throw new Error('the article deck does not load');
    const notes = loaded.deck.cards.filter((n): n is TMultipleChoiceCard => n.type === 'multiple-choice');
    expect(notes.length).toBeGreaterThan(0);
    // 60 learners, each reviewing every multiple-choice card 3 times (reps 0, 1, 2), through what study serves.
    const served: { choices: number; position: number }[] = [];
    const fileOrder: { choices: number; position: number }[] = [];
    let reviews = 0;
    for (let learner = 0; learner < 60; learner++) {
      for (const note of notes) {
        for (let reps = 0; reps < 3; reps++) {
          const front = studyCardView(`learner-${learner}`, record(note), reps).front;
          if (front.type !== 'multiple-choice') throw new Error('expected a multiple-choice front');
          served.push(...correctPositions(note, front.choices.map((c) => c.id)));
          fileOrder.push(...correctPositions(note, note.choices.map((c) => c.id)));
          reviews++;
        }
      }
    }
    expect(reviews).toBeGreaterThanOrEqual(1000);
    const shuffled = uniformity(served);
    const unshuffled = uniformity(fileOrder);
    console.log(
      `multiple choice, ${reviews} simulated reviews of ${notes.length} cards: chi-square ${shuffled.statistic.toFixed(2)} on ${shuffled.df} df, p = ${shuffled.p.toFixed(3)} ` +
        `(in file order: chi-square ${unshuffled.statistic.toFixed(0)}, p = ${unshuffled.p.toExponential(1)})`,
    );
    // The test can fail: the deck's file order (where the right choices sit unevenly) is rejected outright.
    expect(unshuffled.p).toBeLessThan(1e-6);
    expect(shuffled.p).toBeGreaterThan(0.01);
  });

  it('is the same for the same learner, card and review count, and changes with each', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    expect(choiceOrder('u', 'c', 0, ids)).toEqual(choiceOrder('u', 'c', 0, ids));
    expect(choiceOrder('u', 'c', 0, ids).sort()).toEqual(ids);
    const orders = new Set([choiceOrder('u', 'c', 1, ids), choiceOrder('v', 'c', 0, ids), choiceOrder('u', 'd', 0, ids), choiceOrder('u', 'c', 0, ids)].map((o) => o.join('')));
    expect(orders.size).toBeGreaterThan(1);
  });
});

describe('what study sends before an answer', () => {
  it('leaves out which choice is correct and why, and the answer of a numeric card', () => {
    const mc = studyCardView('u', record(multipleChoiceNote('mc')), 0);
    expect(mc.back).toBeNull();
    expect(JSON.stringify(mc)).not.toMatch(/correct|Why /);
    const numeric = { id: 'num', type: 'numeric', section: 'test', tags: [], question: { en: 'How much?', zh: '多少？' }, answer: 42.5, tolerance: { absolute: 0.5 } } as TCard;
    const shown = studyCardView('u', record(numeric), 0);
    expect(shown.back).toBeNull();
    expect(JSON.stringify(shown)).not.toMatch(/42/);
  });

  it('shows a cloze card with its own deletions to hide and a reversed basic card back to front', () => {
    const cloze = clozeNote('gaps', '{{c1::a}} {{c2::b}}');
    const second = studyCardView('u', { ...record(cloze), ordinal: 2 }, 0);
    expect(second.front).toEqual({ type: 'cloze', text: cloze.type === 'cloze' ? cloze.text : null, ordinal: 2 });
    const reversed = studyCardView('u', { ...record({ ...basicCard('two-way'), reverse: true } as TCard), ordinal: 2 }, 0);
    expect(reversed.front).toMatchObject({ type: 'basic', reversed: true, prompt: { en: 'Back of two-way' } });
    expect(reversed.back).toMatchObject({ type: 'basic', answer: { en: 'Front of two-way' } });
  });
});

describe('grading an answer', () => {
  const numeric = { id: 'tiny', type: 'numeric', section: 'test', tags: [], question: { en: '0.9^100?', zh: '0.9^100？' }, answer: 2.6561e-5, tolerance: { relative: 0.05 } } as TCard;

  it('reads scientific notation and a Unicode minus, and reports the range it accepts', () => {
    for (const text of ['2.7e-5', '2.7×10^-5', '2.7 × 10⁻⁵', '2.7·10^(−5)', '0.000027']) {
      expect(gradeAnswer(numeric, 1, { kind: 'number', text }, 'body.answer'), text).toMatchObject({ correct: true, suggested: 3 });
    }
    expect(gradeAnswer(numeric, 1, { kind: 'number', text: '−2.7e-5' }, 'body.answer')).toMatchObject({ correct: false, suggested: 1, detail: { value: -2.7e-5 } });
    expect(gradeAnswer(numeric, 1, { kind: 'number', text: 'soon' }, 'body.answer')).toMatchObject({ answered: true, correct: false, detail: { value: null, problem: 'not-a-number' } });
    expect(gradeAnswer(numeric, 1, { kind: 'number', text: '  ' }, 'body.answer')).toMatchObject({ answered: false, suggested: null });
  });

  it('grades a choice, records the order shown, and refuses unknown ids or the wrong kind of answer, naming the field', () => {
    const note = multipleChoiceNote('pick');
    expect(gradeAnswer(note, 1, { kind: 'choices', ids: ['a'] }, 'body.answer', ['c', 'a', 'd', 'b'])).toMatchObject({
      correct: true,
      logged: { kind: 'choices', shown: ['c', 'a', 'd', 'b'], chosen: ['a'], correct: true },
    });
    expect(gradeAnswer(note, 1, { kind: 'choices', ids: [] }, 'body.answer')).toMatchObject({ answered: false, correct: false, suggested: null });
    expect(() => gradeAnswer(note, 1, { kind: 'choices', ids: ['z'] }, 'body.answer')).toThrow(/body.answer.ids: this card has no choice "z"/);
    expect(() => gradeAnswer(note, 1, { kind: 'number', text: '1' }, 'body.answer')).toThrow(/takes \{ kind: "choices" \}/);
    expect(() => gradeAnswer(basicCard('plain'), 1, { kind: 'typed', text: 'x', lang: 'en' }, 'body.answer')).toThrow(/self-graded/);
  });

  it('compares a typed answer and shows a character diff', () => {
    const note = { ...basicCard('typed'), back: { en: 'forget gate', zh: '遗忘门' }, typeIn: true } as TCard;
    expect(gradeAnswer(note, 1, { kind: 'typed', text: ' forget  gate ', lang: 'en' }, 'body.answer')).toMatchObject({ correct: true });
    const wrong = gradeAnswer(note, 1, { kind: 'typed', text: 'forgot gate', lang: 'en' }, 'body.answer');
    expect(wrong.correct).toBe(false);
    expect(wrong.detail).toMatchObject({ kind: 'typed', expected: 'forget gate' });
    const diff = wrong.detail.kind === 'typed' ? wrong.detail.diff : [];
    expect(diff.filter((d) => d.op !== 'extra').map((d) => d.text).join('')).toBe('forget gate');
    expect(diff.filter((d) => d.op !== 'missing').map((d) => d.text).join('')).toBe('forgot gate');
    expect(gradeAnswer(note, 1, { kind: 'typed', text: '遗忘门', lang: 'zh' }, 'body.answer').correct).toBe(true);
  });
});
