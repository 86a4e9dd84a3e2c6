import { describe, expect, it } from 'vitest';
import { acceptedRange, parseNumericAnswer, ZCard, ZDeck, gradeChoice, gradeNumeric, parseCloze, type TMultipleChoiceCard } from './card';
import { cardBack, cardFront, noteOrdinals } from './note-cards';

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

describe('parseNumericAnswer', () => {
  it('reads scientific notation, Unicode minus, full-width digits, thousands separators and the unit', () => {
    const read = (text: string, unit?: string) => {
      const r = parseNumericAnswer(text, unit);
      return r.ok ? r.value : r.reason;
    };
    expect(read('2.7e-5')).toBe(2.7e-5);
    expect(read('2.7E-5')).toBe(2.7e-5);
    expect(read('2.7×10^-5')).toBe(2.7e-5);
    expect(read('2.7 x 10^(-5)')).toBe(2.7e-5);
    expect(read('2.7·10⁻⁵')).toBe(2.7e-5);
    expect(read('10^-5')).toBe(1e-5);
    expect(read('−0.5')).toBe(-0.5);
    expect(read('–3')).toBe(-3);
    expect(read('１２．５')).toBe(12.5);
    expect(read('1,000,000')).toBe(1e6);
    expect(read('1 000')).toBe(1000);
    expect(read('12 MiB', 'MiB')).toBe(12);
    expect(read('5%', '%')).toBe(5);
    expect(read('.5')).toBe(0.5);
  });

  it('refuses what is not a number, says why, and does not guess a decimal comma', () => {
    const reason = (text: string) => {
      const r = parseNumericAnswer(text);
      return r.ok ? r.value : r.reason;
    };
    expect(reason('')).toBe('empty');
    expect(reason('   ')).toBe('empty');
    expect(reason('2,5')).toBe('decimal-comma');
    expect(reason('2.710^5')).toBe('not-a-number');
    expect(reason('abc')).toBe('not-a-number');
    expect(reason('1e999')).toBe('not-a-number');
    expect(reason('1..2')).toBe('not-a-number');
  });

  it('gives the accepted range of a numeric card', () => {
    expect(acceptedRange({ answer: 100, tolerance: { relative: 0.05 } })).toEqual({ low: 95, high: 105 });
    expect(acceptedRange({ answer: 8, tolerance: { absolute: 0.5 } })).toEqual({ low: 7.5, high: 8.5 });
  });
});

describe('notes and their cards', () => {
  const base = { id: 'demo-note', section: 'demo', tags: [] };
  it('makes one card per cloze number, a reversed card on request, and one card otherwise', () => {
    expect(noteOrdinals(ZCard.parse({ ...base, type: 'cloze', text: lt('{{c3::x}} {{c1::y}} {{c3::z}}', '{{c1::甲}} {{c3::乙}}') }))).toEqual([1, 3]);
    expect(noteOrdinals(ZCard.parse({ ...base, type: 'basic', front: lt('Q', '问'), back: lt('A', '答') }))).toEqual([1]);
    expect(noteOrdinals(ZCard.parse({ ...base, type: 'basic', front: lt('Q', '问'), back: lt('A', '答'), reverse: true }))).toEqual([1, 2]);
  });

  it('refuses a type-in card whose typed side is long or has math', () => {
    const typeIn = { ...base, type: 'basic', front: lt('Q', '问'), typeIn: true };
    expect(ZCard.safeParse({ ...typeIn, back: lt('forget gate', '遗忘门') }).success).toBe(true);
    const long = ZCard.safeParse({ ...typeIn, back: lt('x'.repeat(121), '答') });
    expect(long.error?.issues[0]).toMatchObject({ path: ['back', 'en'], message: expect.stringMatching(/one line of at most 120/) });
    expect(ZCard.safeParse({ ...typeIn, back: lt('$x$', '答') }).success).toBe(false);
    expect(ZCard.safeParse({ ...typeIn, reverse: true, front: lt('line one\nline two', '问'), back: lt('A', '答') }).success).toBe(false);
  });

  it('renders a multiple-choice front in the given order, without correct flags, and its back with them', () => {
    const mc = ZCard.parse({
      ...base,
      type: 'multiple-choice',
      question: lt('Q', '问'),
      choices: ['a', 'b', 'c'].map((id) => ({ id, text: lt(id, id), correct: id !== 'c', why: lt('w', '理') })),
    }) as TMultipleChoiceCard;
    const front = cardFront(mc, 1, ['c', 'a', 'b']);
    expect(front).toEqual({ type: 'multiple-choice', question: mc.question, choices: ['c', 'a', 'b'].map((id) => ({ id, text: lt(id, id) })), multiple: true });
    expect(cardBack(mc, 1)).toMatchObject({ type: 'multiple-choice', choices: [{ id: 'a', correct: true }, { id: 'b', correct: true }, { id: 'c', correct: false }] });
  });
});
