import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDeckErrors, loadDeckDirectory, parseDeckSources, type TDeckError, type TDeckSource } from './index';

const MANIFEST = `id: demo-deck
version: 2
title: { en: Demo, zh: 演示 }
description: { en: A tiny deck, zh: 一个小卡组 }
sections:
  - id: basics
    title: { en: Basics, zh: 基础 }
  - id: extra
    title: { en: Extra, zh: 附加 }
`;

const BASICS = `section: basics
cards:
  - id: first-card
    type: basic
    front: { en: Question?, zh: 问题？ }
    back: { en: Answer., zh: 答案。 }
`;

const EXTRA = `section: extra
cards:
  - id: second-card
    type: numeric
    question: { en: 'What is 0.9^100?', zh: 0.9 的 100 次方是多少？ }
    answer: 2.6561e-5
    tolerance: { relative: 0.01 }
    expression: 0.9^100
`;

function deck(overrides: Record<string, string | undefined> = {}): TDeckSource[] {
  const files: Record<string, string | undefined> = { 'deck.yaml': MANIFEST, 'sections/basics.yaml': BASICS, 'sections/extra.yaml': EXTRA, ...overrides };
  return Object.entries(files)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([file, text]) => ({ file, text }));
}

function errorsOf(sources: TDeckSource[]): TDeckError[] {
  const r = parseDeckSources(sources);
  if (r.ok) throw new Error('expected the deck to be rejected');
  return r.errors;
}

/** Expect exactly one error, at file:line, whose message contains `text`. */
function expectOnly(sources: TDeckSource[], file: string, line: number, text: string | RegExp): void {
  const errors = errorsOf(sources);
  expect(errors, formatDeckErrors(errors)).toHaveLength(1);
  expect(errors[0]).toMatchObject({ file, line });
  expect(errors[0]?.message).toMatch(text);
}

describe('parseDeckSources: valid input', () => {
  it('builds the deck in manifest section order and fills in defaults', () => {
    const r = parseDeckSources(deck());
    if (!r.ok) throw new Error(formatDeckErrors(r.errors));
    expect(r.files).toEqual(['deck.yaml', 'sections/basics.yaml', 'sections/extra.yaml']);
    expect(r.deck).toMatchObject({ id: 'demo-deck', version: 2, sections: [{ id: 'basics' }, { id: 'extra' }] });
    expect(r.deck.cards.map((c) => [c.id, c.section, c.tags])).toEqual([
      ['first-card', 'basics', []],
      ['second-card', 'extra', []],
    ]);
  });

  it('lets a card override its file section, and ignores non-YAML sources', () => {
    const moved = `${BASICS.replace('    type: basic\n', '    type: basic\n    section: extra\n')}  - id: third-card
    type: basic
    front: { en: Another?, zh: 另一个？ }
    back: { en: Yes., zh: 是的。 }
`;
    const r = parseDeckSources([...deck({ 'sections/basics.yaml': moved }), { file: 'README.md', text: '# hi' }]);
    if (!r.ok) throw new Error(formatDeckErrors(r.errors));
    // cards are ordered by section (basics, then extra), then by file and position
    expect(r.deck.cards.map((c) => `${c.section}/${c.id}`)).toEqual(['basics/third-card', 'extra/first-card', 'extra/second-card']);
    expect(r.files).not.toContain('README.md');

    const emptied = BASICS.replace('    type: basic\n', '    type: basic\n    section: extra\n');
    expectOnly(deck({ 'sections/basics.yaml': emptied }), 'deck.yaml', 6, 'sections[0]: section "basics" has no cards');
  });
});

describe('parseDeckSources: errors name file and line', () => {
  it('YAML syntax error', () => {
    const broken = BASICS.replace('    back: { en: Answer., zh: 答案。 }', '    back: { en: Answer., zh: 答案。');
    const errors = errorsOf(deck({ 'sections/basics.yaml': broken }));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ file: 'sections/basics.yaml' });
    expect(errors[0]?.line).toBeGreaterThanOrEqual(6);
    expect(errors[0]?.message).toMatch(/^YAML syntax error/);
  });

  it('YAML syntax error: bad indentation, exact line', () => {
    const broken = 'section: basics\ncards:\n  - id: first-card\n    type: basic\n   front: { en: Q, zh: 问 }\n';
    const errors = errorsOf(deck({ 'sections/basics.yaml': broken }));
    expect(errors[0]).toMatchObject({ file: 'sections/basics.yaml', line: 5 });
    expect(errors[0]?.message).toMatch(/^YAML syntax error/);
  });

  it('duplicate key in a mapping', () => {
    const broken = BASICS.replace('    type: basic\n', '    type: basic\n    type: cloze\n');
    expectOnly(deck({ 'sections/basics.yaml': broken }), 'sections/basics.yaml', 5, /YAML syntax error.*unique/i);
  });

  it('missing required field → the line of the card', () => {
    const broken = BASICS.replace('    back: { en: Answer., zh: 答案。 }\n', '');
    expectOnly(deck({ 'sections/basics.yaml': broken }), 'sections/basics.yaml', 3, 'cards[0]: missing required field "back"');
  });

  it('missing language → the line of the localized text', () => {
    const broken = BASICS.replace('back: { en: Answer., zh: 答案。 }', 'back: { en: Answer. }');
    expectOnly(deck({ 'sections/basics.yaml': broken }), 'sections/basics.yaml', 6, 'cards[0].back: missing required field "zh"');
  });

  it('wrong type → the line of the field', () => {
    const broken = EXTRA.replace('answer: 2.6561e-5', 'answer: about two');
    expectOnly(deck({ 'sections/extra.yaml': broken }), 'sections/extra.yaml', 6, 'cards[0].answer: expected a number, got a string ("about two")');
  });

  it('plain string where bilingual text is expected', () => {
    const broken = BASICS.replace('front: { en: Question?, zh: 问题？ }', 'front: Question?');
    expectOnly(deck({ 'sections/basics.yaml': broken }), 'sections/basics.yaml', 5, /cards\[0\]\.front: expected a mapping.*"en:" and "zh:"/);
  });

  it('unknown key (strict objects) → the line of the key', () => {
    const broken = BASICS.replace('    type: basic\n', '    type: basic\n    hint: { en: h, zh: 提示 }\n');
    expectOnly(deck({ 'sections/basics.yaml': broken }), 'sections/basics.yaml', 5, 'cards[0]: unknown key "hint"');
  });

  it('unknown card type', () => {
    const broken = BASICS.replace('type: basic', 'type: flashcard');
    expectOnly(deck({ 'sections/basics.yaml': broken }), 'sections/basics.yaml', 4, 'cards[0].type: unknown card type "flashcard"');
  });

  it('duplicate card id across files → both locations', () => {
    const dup = EXTRA.replace('id: second-card', 'id: first-card');
    const errors = errorsOf(deck({ 'sections/extra.yaml': dup }));
    expect(errors.map((e) => `${e.file}:${e.line}`)).toEqual(['sections/basics.yaml:3', 'sections/extra.yaml:3']);
    expect(errors[0]?.message).toBe('cards[0].id: card id "first-card" is defined again at sections/extra.yaml:3');
    expect(errors[1]?.message).toBe('cards[0].id: duplicate card id "first-card" (first defined at sections/basics.yaml:3)');
  });

  it('bad cloze: numbers differ between languages → the line of text.zh', () => {
    const cloze = `section: basics
cards:
  - id: cloze-card
    type: cloze
    text:
      en: The {{c1::forget}} gate and the {{c2::input}} gate.
      zh: '{{c1::遗忘}}门。'
`;
    expectOnly(deck({ 'sections/basics.yaml': cloze }), 'sections/basics.yaml', 7, 'cards[0].text.zh: cloze numbers differ between languages: en has c1, c2, zh has c1');
  });

  it('bad cloze: no deletion at all', () => {
    const cloze = `section: basics
cards:
  - id: cloze-card
    type: cloze
    text:
      en: No deletion here.
      zh: '{{c1::有}}'
`;
    expectOnly(deck({ 'sections/basics.yaml': cloze }), 'sections/basics.yaml', 6, 'cards[0].text.en: cloze text has no {{cN::…}} deletion');
  });

  it('multiple choice without a correct choice → the line of choices', () => {
    const mc = `section: basics
cards:
  - id: mc-card
    type: multiple-choice
    question: { en: Pick one, zh: 选一个 }
    choices:
      - id: a
        text: { en: A, zh: 甲 }
        correct: false
        why: { en: no, zh: 不对 }
      - id: b
        text: { en: B, zh: 乙 }
        correct: false
        why: { en: no, zh: 不对 }
`;
    expectOnly(deck({ 'sections/basics.yaml': mc }), 'sections/basics.yaml', 6, 'cards[0].choices: at least one choice must be correct');
  });

  it('multiple choice: a choice without "why"', () => {
    const mc = `section: basics
cards:
  - id: mc-card
    type: multiple-choice
    question: { en: Pick one, zh: 选一个 }
    choices:
      - id: a
        text: { en: A, zh: 甲 }
        correct: true
        why: { en: yes, zh: 对 }
      - id: b
        text: { en: B, zh: 乙 }
        correct: false
`;
    expectOnly(deck({ 'sections/basics.yaml': mc }), 'sections/basics.yaml', 11, 'cards[0].choices[1]: missing required field "why"');
  });

  it('unknown experiment id', () => {
    const broken = BASICS.replace('    type: basic\n', '    type: basic\n    experiment:\n      id: gradient-magic\n');
    expectOnly(deck({ 'sections/basics.yaml': broken }), 'sections/basics.yaml', 6, /cards\[0\]\.experiment\.id: unknown value "gradient-magic"; expected one of gradient-flow, /);
  });

  it('numeric answer that does not match its expression', () => {
    const broken = EXTRA.replace('answer: 2.6561e-5', 'answer: 0.000026');
    expectOnly(deck({ 'sections/extra.yaml': broken }), 'sections/extra.yaml', 6, /cards\[0\]\.answer: answer 0\.000026 does not match expression "0\.9\^100"/);
  });

  it('numeric expression that cannot be evaluated', () => {
    const broken = EXTRA.replace('expression: 0.9^100', 'expression: 0.9**100');
    expectOnly(deck({ 'sections/extra.yaml': broken }), 'sections/extra.yaml', 8, /cards\[0\]\.expression: cannot evaluate/);
  });

  it('LaTeX eaten by a double-quoted YAML string', () => {
    const broken = BASICS.replace('back: { en: Answer., zh: 答案。 }', 'back: { en: "$\\frac{1}{2}$", zh: 答案。 }');
    expectOnly(deck({ 'sections/basics.yaml': broken }), 'sections/basics.yaml', 6, /"\\fr…" inside a double-quoted string/);
  });

  it('unknown section in a section file', () => {
    const broken = BASICS.replace('section: basics', 'section: basic');
    const errors = errorsOf(deck({ 'sections/basics.yaml': broken }));
    expect(errors.map((e) => `${e.file}:${e.line}: ${e.message}`)).toEqual([
      'deck.yaml:6: sections[0]: section "basics" has no cards',
      'sections/basics.yaml:1: section: unknown section "basic"; declare it under "sections" in deck.yaml',
    ]);
  });

  it('missing manifest, and manifest errors', () => {
    expect(errorsOf(deck({ 'deck.yaml': undefined }))).toEqual([
      { file: 'deck.yaml', line: 0, message: 'missing manifest: a deck needs a deck.yaml with id, title, description and sections' },
    ]);
    expectOnly(deck({ 'deck.yaml': MANIFEST.replace('version: 2', 'version: two') }), 'deck.yaml', 2, 'version: expected a number, got a string ("two")');
    expectOnly(deck({ 'deck.yaml': MANIFEST.replace('id: demo-deck', 'id: Demo Deck') }), 'deck.yaml', 1, /^id: deck id must be/);
  });

  it('empty section file and empty cards list', () => {
    expectOnly(deck({ 'sections/extra.yaml': '' }), 'sections/extra.yaml', 1, 'file is empty');
    expectOnly(deck({ 'sections/extra.yaml': 'section: extra\ncards: []\n' }), 'sections/extra.yaml', 2, 'cards: a section file needs at least one card');
    expectOnly(deck({ 'sections/extra.yaml': undefined }), 'deck.yaml', 8, 'sections[1]: section "extra" has no cards');
  });

  it('formats errors as file:line: message', () => {
    const broken = BASICS.replace('    back: { en: Answer., zh: 答案。 }\n', '');
    expect(formatDeckErrors(errorsOf(deck({ 'sections/basics.yaml': broken })))).toBe(
      'sections/basics.yaml:3: cards[0]: missing required field "back"',
    );
    expect(formatDeckErrors([{ file: 'deck.yaml', line: 0, message: 'x' }])).toBe('deck.yaml: x');
  });
});

describe('loadDeckDirectory', () => {
  it('reads YAML files recursively with paths relative to the folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'recurrence-deck-'));
    try {
      await mkdir(path.join(dir, 'sections'));
      await writeFile(path.join(dir, 'deck.yaml'), MANIFEST);
      await writeFile(path.join(dir, 'sections', 'basics.yaml'), BASICS);
      await writeFile(path.join(dir, 'sections', 'extra.yml'), EXTRA);
      await writeFile(path.join(dir, 'NOTES.md'), 'not a deck file');
      const r = await loadDeckDirectory(dir);
      if (!r.ok) throw new Error(formatDeckErrors(r.errors));
      expect(r.files).toEqual(['deck.yaml', 'sections/basics.yaml', 'sections/extra.yml']);
      expect(r.deck.cards).toHaveLength(2);

      await writeFile(path.join(dir, 'sections', 'extra.yml'), EXTRA.replace('answer: 2.6561e-5', 'answer: lots'));
      const bad = await loadDeckDirectory(dir);
      expect(bad.ok ? [] : bad.errors.map((e) => `${e.file}:${e.line}`)).toEqual(['sections/extra.yml:6']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing folder', async () => {
    const r = await loadDeckDirectory('/nonexistent/recurrence-deck');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.errors[0]?.message).toMatch(/cannot read deck folder/);
  });
});
