/**
 * Small pure helpers for auto-grading cards on the review screen.
 * They depend on nothing but the card shapes (type-only imports), so the web app,
 * the API and the deck loader all grade and parse in exactly the same way.
 */
import type { TMultipleChoiceCard, TNumericCard } from './card';

// ---------------------------------------------------------------------------
// Numeric

export interface TNumericGrade {
  correct: boolean;
  /** The card's answer. */
  expected: number;
  /** |value - expected| (Infinity when value is not a finite number). */
  difference: number;
  /** The largest accepted difference: `absolute`, or `relative * |expected|`. */
  allowed: number;
}

/** Largest accepted |value - answer| for a numeric card. */
export function numericAllowedError(card: Pick<TNumericCard, 'answer' | 'tolerance'>): number {
  const t = card.tolerance;
  return 'absolute' in t ? t.absolute : t.relative * Math.abs(card.answer);
}

/**
 * Grades a numeric answer: correct when |value - answer| <= tolerance.
 * A tiny slack (1e-12 relative) absorbs floating-point noise, so an exact answer with
 * tolerance 0 is still accepted after a round trip through a text field.
 */
export function gradeNumeric(card: Pick<TNumericCard, 'answer' | 'tolerance'>, value: number): TNumericGrade {
  const expected = card.answer;
  const allowed = numericAllowedError(card);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { correct: false, expected, difference: Number.POSITIVE_INFINITY, allowed };
  }
  const difference = Math.abs(value - expected);
  const slack = 1e-12 * Math.max(1, Math.abs(expected));
  return { correct: difference <= allowed + slack, expected, difference, allowed };
}

/** The accepted answers of a numeric card: every value from `low` to `high` (inclusive) is graded correct. */
export function acceptedRange(card: Pick<TNumericCard, 'answer' | 'tolerance'>): { low: number; high: number } {
  const allowed = numericAllowedError(card);
  return { low: card.answer - allowed, high: card.answer + allowed };
}

export type TParsedNumber = { ok: true; value: number } | { ok: false; reason: 'empty' | 'not-a-number' | 'decimal-comma' };

const SUPERSCRIPTS: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-', '⁺': '+' };
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const TIMES_TEN = /^([+-]?(?:\d+\.?\d*|\.\d+))?(?:[×xX*·⋅])?10\^\(?([+-]?\d+)\)?$/;

/**
 * Reads a typed number the way people write them: `2.7e-5`, `2.7E-5`, `2.7×10^-5`, `2.7 x 10^(-5)`, `2.7·10⁻⁵`,
 * `10^-5`, a Unicode minus (−) or dash for the sign, full-width digits (Chinese input methods), spaces or thin spaces
 * and comma thousands separators (`1,000,000`), and the card's unit after the number (`12 MiB`, `5%`). A comma used as
 * the decimal mark (`2,5`) is refused rather than guessed.
 */
export function parseNumericAnswer(text: string, unit?: string): TParsedNumber {
  let s = text.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+/g, (m) => `^${[...m].map((c) => SUPERSCRIPTS[c]).join('')}`);
  s = s.normalize('NFKC').replace(/[\u2212\u2012-\u2015\uFE63]/g, '-').replace(/\s+/g, '');
  if (unit) {
    const u = unit.normalize('NFKC').replace(/\s+/g, '');
    if (u.length > 0 && s.endsWith(u)) s = s.slice(0, -u.length);
  }
  if (s === '') return { ok: false, reason: 'empty' };
  if (/^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(s)) s = s.replace(/,/g, '');
  else if (/^[+-]?\d+,\d+$/.test(s)) return { ok: false, reason: 'decimal-comma' };
  if (PLAIN_NUMBER.test(s)) return finite(Number(s));
  const m = TIMES_TEN.exec(s);
  if (m && (m[1] === undefined || /[×xX*·⋅]10\^/.test(s))) return finite(Number(`${m[1] ?? '1'}e${m[2]}`));
  return { ok: false, reason: 'not-a-number' };
}

const finite = (value: number): TParsedNumber => (Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: 'not-a-number' });

// ---------------------------------------------------------------------------
// Multiple choice

export interface TChoiceGrade {
  /** True only when the selected set equals the set of correct choices exactly. */
  correct: boolean;
  /** Ids of all correct choices, in card order. */
  correctIds: string[];
  /** Correct choices that were not selected. */
  missed: string[];
  /** Selected ids that are not correct choices (incorrect choices and unknown ids). */
  wrong: string[];
}

/** Grades a multiple-choice answer by exact set match (order and duplicates are ignored). */
export function gradeChoice(card: Pick<TMultipleChoiceCard, 'choices'>, selectedIds: readonly string[]): TChoiceGrade {
  const selected = new Set(selectedIds);
  const correctIds = card.choices.filter((c) => c.correct).map((c) => c.id);
  const correctSet = new Set(correctIds);
  const missed = correctIds.filter((id) => !selected.has(id));
  const wrong = [...selected].filter((id) => !correctSet.has(id));
  return { correct: missed.length === 0 && wrong.length === 0, correctIds, missed, wrong };
}

// ---------------------------------------------------------------------------
// Cloze

export type TClozeSegment =
  | { kind: 'text'; text: string }
  | { kind: 'cloze'; number: number; answer: string; hint?: string };

export interface TParsedCloze {
  /** The text split into plain text and deletions, in order; concatenating them restores the text minus the markers. */
  segments: TClozeSegment[];
  /** Distinct cloze numbers used, ascending (e.g. [1, 2]). */
  numbers: number[];
  /** Human-readable problems (unclosed marker, empty answer, deletion inside $…$, …); empty when well-formed. */
  problems: string[];
}

const OPEN = /^\{\{c(\d+)::/;

/**
 * Parses Anki-style cloze text: `{{c1::answer}}` or `{{c1::answer::hint}}`.
 *
 * Braces inside the answer are balanced, so LaTeX such as `{{c1::$h_{t-1}$}}` works without
 * Anki's trailing-space trick. A deletion must not start inside a `$…$` / `$$…$$` math span
 * (wrap the whole formula instead), because the hidden form could not be typeset.
 */
export function parseCloze(text: string): TParsedCloze {
  const segments: TClozeSegment[] = [];
  const numbers = new Set<number>();
  const problems: string[] = [];
  let plain = '';
  let inInline = false;
  let inDisplay = false;
  let i = 0;

  const flush = (): void => {
    if (plain.length > 0) segments.push({ kind: 'text', text: plain });
    plain = '';
  };

  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      plain += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === '$') {
      if (text[i + 1] === '$') {
        inDisplay = !inDisplay;
        plain += '$$';
        i += 2;
      } else {
        if (!inDisplay) inInline = !inInline;
        plain += '$';
        i += 1;
      }
      continue;
    }
    if (ch === '{' && text.startsWith('{{c', i)) {
      const m = OPEN.exec(text.slice(i));
      if (!m) {
        if (/^\{\{c\d/.test(text.slice(i))) {
          problems.push(`malformed cloze marker at "${text.slice(i, i + 12)}…" (expected {{cN::answer}})`);
        }
        plain += ch;
        i += 1;
        continue;
      }
      const number = Number(m[1]);
      const bodyStart = i + m[0].length;
      // Scan for the closing "}}" at brace depth 0; remember the first top-level "::" (hint separator).
      let depth = 0;
      let j = bodyStart;
      let hintAt = -1;
      let end = -1;
      while (j < text.length) {
        const c = text[j];
        if (c === '\\') {
          j += 2;
          continue;
        }
        if (c === '{') depth += 1;
        else if (c === '}') {
          if (depth === 0) {
            if (text[j + 1] === '}') {
              end = j;
              break;
            }
          } else depth -= 1;
        } else if (c === ':' && depth === 0 && hintAt < 0 && text[j + 1] === ':') {
          hintAt = j;
          j += 2;
          continue;
        }
        j += 1;
      }
      if (end < 0) {
        problems.push(`unclosed cloze deletion {{c${number}::… (missing "}}")`);
        plain += text.slice(i);
        i = text.length;
        break;
      }
      const answer = text.slice(bodyStart, hintAt >= 0 ? hintAt : end);
      const hint = hintAt >= 0 ? text.slice(hintAt + 2, end) : undefined;
      if (number < 1) problems.push(`cloze number c${number} must be 1 or more`);
      if (answer.trim().length === 0) problems.push(`cloze deletion c${number} has an empty answer`);
      if (hint !== undefined && hint.trim().length === 0) problems.push(`cloze deletion c${number} has an empty hint`);
      if (inInline || inDisplay) {
        problems.push(`cloze deletion c${number} starts inside a $…$ math span; wrap the whole formula instead`);
      }
      flush();
      segments.push(hint === undefined ? { kind: 'cloze', number, answer } : { kind: 'cloze', number, answer, hint });
      numbers.add(number);
      i = end + 2;
      continue;
    }
    plain += ch;
    i += 1;
  }
  flush();
  if (inInline || inDisplay) problems.push('unbalanced $ math delimiters');
  return { segments, numbers: [...numbers].sort((a, b) => a - b), problems };
}
