import { describe, expect, it } from 'vitest';
import { ZCard, ZDeck, gradeChoice, gradeNumeric, parseCloze, type TMultipleChoiceCard } from './card';

const lt = (en: string, zh: string) => ({ en, zh });

describe('gradeNumeric', () => {
  const abs = { answer: 8, tolerance: { absolute: 0.5 } };
  const rel = { answer: 2.6561e-5, tolerance: { relative: 0.01 } };

  it('accepts values within an absolute tolerance, including the boundary', () => {
    expect(gradeNumeric(abs, 8).correct).toBe(true);
    expect(gradeNumeric(abs, 8.5).correct).toBe(true);
    expect(gradeNumeric(abs, 7.5).correct).toBe(true);
    expect(gradeNumeric(abs, 8.51).correct).toBe(false);
    expect(gradeNumeric(abs, 7.4).correct).toBe(false);
  });

  it('scales a relative tolerance with |answer|', () => {
    expect(gradeNumeric(rel, 2.66e-5).correct).toBe(true);
    expect(gradeNumeric(rel, 2.6e-5).correct).toBe(false);
    expect(gradeNumeric(rel, 0.000026).correct).toBe(false); // the article's truncated figure is 2 % off
    expect(gradeNumeric(rel, 2.66e-5).allowed).toBeCloseTo(2.6561e-7, 12);
  });

  it('accepts an exact answer with zero tolerance despite float noise, rejects non-finite input', () => {
    const exact = { answer: 0.3, tolerance: { absolute: 0 } };
    expect(gradeNumeric(exact, 0.1 + 0.2).correct).toBe(true);
    expect(gradeNumeric(exact, 0.31).correct).toBe(false);
    expect(gradeNumeric(exact, Number.NaN)).toMatchObject({ correct: false, difference: Number.POSITIVE_INFINITY });
    expect(gradeNumeric(exact, Number.POSITIVE_INFINITY).correct).toBe(false);
  });
});

describe('gradeChoice', () => {
  const card: Pick<TMultipleChoiceCard, 'choices'> = {
    choices: [
      { id: 'a', text: lt('A', '甲'), correct: true, why: lt('yes', '对') },
      { id: 'b', text: lt('B', '乙'), correct: true, why: lt('yes', '对') },
      { id: 'c', text: lt('C', '丙'), correct: false, why: lt('no', '错') },
    ],
  };

  it('requires the exact set of correct choices, in any order', () => {
    expect(gradeChoice(card, ['a', 'b'])).toEqual({ correct: true, correctIds: ['a', 'b'], missed: [], wrong: [] });
    expect(gradeChoice(card, ['b', 'a', 'a']).correct).toBe(true);
  });

  it('reports missed and wrong selections', () => {
    expect(gradeChoice(card, ['a'])).toMatchObject({ correct: false, missed: ['b'], wrong: [] });
    expect(gradeChoice(card, ['a', 'b', 'c'])).toMatchObject({ correct: false, missed: [], wrong: ['c'] });
    expect(gradeChoice(card, ['a', 'b', 'zzz'])).toMatchObject({ correct: false, wrong: ['zzz'] });
    expect(gradeChoice(card, [])).toMatchObject({ correct: false, missed: ['a', 'b'] });
  });
});

describe('parseCloze', () => {
  it('splits text and deletions, with hints and sorted distinct numbers', () => {
    const r = parseCloze('The {{c2::forget gate}} scales {{c1::$c_{t-1}$::a state}} and {{c2::again}}.');
    expect(r.problems).toEqual([]);
    expect(r.numbers).toEqual([1, 2]);
    expect(r.segments).toEqual([
      { kind: 'text', text: 'The ' },
      { kind: 'cloze', number: 2, answer: 'forget gate' },
      { kind: 'text', text: ' scales ' },
      { kind: 'cloze', number: 1, answer: '$c_{t-1}$', hint: 'a state' },
      { kind: 'text', text: ' and ' },
      { kind: 'cloze', number: 2, answer: 'again' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('balances braces so LaTeX may end right before the closing }}', () => {
    const r = parseCloze('{{c1::$h_{t-1}$}} then {{c2::x_{t}}}');
    expect(r.problems).toEqual([]);
    expect(r.segments[0]).toEqual({ kind: 'cloze', number: 1, answer: '$h_{t-1}$' });
    expect(r.segments[2]).toEqual({ kind: 'cloze', number: 2, answer: 'x_{t}' });
  });

  it('leaves plain text and math alone', () => {
    const r = parseCloze('No deletion: $\\frac{a}{b}$ and {braces}.');
    expect(r.numbers).toEqual([]);
    expect(r.problems).toEqual([]);
    expect(r.segments).toEqual([{ kind: 'text', text: 'No deletion: $\\frac{a}{b}$ and {braces}.' }]);
  });

  it('reports malformed deletions', () => {
    expect(parseCloze('a {{c1::open').problems[0]).toMatch(/unclosed/);
    expect(parseCloze('a {{c1::}} b').problems[0]).toMatch(/empty answer/);
    expect(parseCloze('a {{c0::x}} b').problems[0]).toMatch(/1 or more/);
    expect(parseCloze('a {{c1:x}} b').problems[0]).toMatch(/malformed/);
    expect(parseCloze('$x = {{c1::1}}$').problems[0]).toMatch(/inside a \$…\$ math span/);
    expect(parseCloze('$$x = {{c1::1}}$$').problems[0]).toMatch(/math span/);
    expect(parseCloze('costs $5').problems[0]).toMatch(/unbalanced/);
    expect(parseCloze('costs \\$5 {{c1::x}}').problems).toEqual([]);
  });
});

describe('ZCard', () => {
  const base = { id: 'demo-card', section: 'demo', tags: [] };

  it('defaults tags and accepts every card type', () => {
    const basic = ZCard.parse({ id: 'demo-card', section: 'demo', type: 'basic', front: lt('Q', '问'), back: lt('A', '答') });
    expect(basic.tags).toEqual([]);
    expect(ZCard.safeParse({ ...base, type: 'cloze', text: lt('{{c1::x}}', '{{c1::甲}}') }).success).toBe(true);
    expect(
      ZCard.safeParse({ ...base, type: 'numeric', question: lt('Q', '问'), answer: 1, tolerance: { relative: 0.1 }, expression: '1' })
        .success,
    ).toBe(true);
    expect(
      ZCard.safeParse({ ...base, type: 'open', question: lt('Q', '问'), modelAnswer: lt('A', '答'), checklist: [lt('a', '甲'), lt('b', '乙')] })
        .success,
    ).toBe(true);
  });

  it('enforces the cross-field rules', () => {
    const cloze = ZCard.safeParse({ ...base, type: 'cloze', text: lt('{{c1::x}} {{c2::y}}', '{{c1::甲}}') });
    expect(cloze.success).toBe(false);
    expect(cloze.error?.issues[0]?.message).toMatch(/differ between languages/);
    const mc = ZCard.safeParse({
      ...base,
      type: 'multiple-choice',
      question: lt('Q', '问'),
      choices: [
        { id: 'a', text: lt('A', '甲'), correct: false, why: lt('no', '错') },
        { id: 'a', text: lt('B', '乙'), correct: false, why: lt('no', '错') },
      ],
    });
    expect(mc.error?.issues.map((i) => i.message)).toEqual(['at least one choice must be correct', 'duplicate choice id "a"']);
    expect(ZCard.safeParse({ ...base, type: 'basic', front: lt('Q', ' '), back: lt('A', '答') }).success).toBe(false);
    expect(ZCard.safeParse({ ...base, id: 'Bad Id', type: 'basic', front: lt('Q', '问'), back: lt('A', '答') }).success).toBe(false);
    expect(
      ZCard.safeParse({ ...base, type: 'basic', front: lt('Q', '问'), back: lt('A', '答'), experiment: { id: 'nope' } }).success,
    ).toBe(false);
  });

  it('checks deck-level consistency', () => {
    const card = { ...base, type: 'basic', front: lt('Q', '问'), back: lt('A', '答') };
    const deck = { id: 'demo', title: lt('T', '题'), description: lt('D', '述'), sections: [{ id: 'demo', title: lt('S', '节') }] };
    expect(ZDeck.safeParse({ ...deck, cards: [card] }).success).toBe(true);
    expect(ZDeck.safeParse({ ...deck, cards: [card, card] }).success).toBe(false);
    expect(ZDeck.safeParse({ ...deck, cards: [{ ...card, section: 'other' }] }).success).toBe(false);
  });
});
