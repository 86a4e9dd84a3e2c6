import {
  cardBack,
  cardFront,
  gradeChoice,
  isQuizAnswered,
  gradeNumeric,
  parseCloze,
  parseNumericAnswer,
  type TBlankSegment,
  type TLocalizedText,
  type TNote,
  type TQuizAnswer,
  type TQuizFront,
} from '@recurrence/contracts';
import { badRequest } from '../errors';

type Lang = keyof TLocalizedText;
const LANGS: Lang[] = ['en', 'zh'];

/**
 * How a card is marked in a quiz. Multiple choice, numeric, cloze and type-in basic cards are marked by the server
 * when the attempt is submitted; an open card and a basic card that is not type-in ask for a written answer, which the
 * instructor marks (the model answer or back, and an open card's checklist, guide them).
 */
export function gradingOf(note: TNote): 'auto' | 'instructor' {
  if (note.type === 'open') return 'instructor';
  if (note.type === 'basic' && note.typeIn !== true) return 'instructor';
  return 'auto';
}

/** A cloze text with the deletions numbered `ordinal` as blanks (the others as their text), and the blanks' answers. */
export function clozeBlanks(text: string, ordinal: number): { segments: TBlankSegment[]; answers: string[] } {
  const segments: TBlankSegment[] = [];
  const answers: string[] = [];
  const pushText = (piece: string) => {
    const last = segments.at(-1);
    if (last?.kind === 'text') last.text += piece;
    else segments.push({ kind: 'text', text: piece });
  };
  for (const segment of parseCloze(text).segments) {
    if (segment.kind === 'text') pushText(segment.text);
    else if (segment.number !== ordinal) pushText(segment.answer);
    else {
      answers.push(segment.answer);
      segments.push(segment.hint === undefined ? { kind: 'blank', index: answers.length } : { kind: 'blank', index: answers.length, hint: segment.hint });
    }
  }
  return { segments, answers };
}

/** The question as an open attempt shows it: nothing in it tells the answer. */
export function quizFront(note: TNote, ordinal: number, choiceOrder: readonly string[]): TQuizFront {
  if (note.type === 'cloze') {
    return { type: 'cloze', ordinal, segments: { en: clozeBlanks(note.text.en, ordinal).segments, zh: clozeBlanks(note.text.zh, ordinal).segments } };
  }
  return cardFront(note, ordinal, choiceOrder) as TQuizFront;
}

/** The answer key of a question, shown once the attempt is submitted. */
export function quizKey(note: TNote, ordinal: number, choiceOrder: readonly string[]) {
  return {
    front: cardFront(note, ordinal, choiceOrder),
    back: cardBack(note, ordinal),
    blanks: note.type === 'cloze' ? { en: clozeBlanks(note.text.en, ordinal).answers, zh: clozeBlanks(note.text.zh, ordinal).answers } : null,
  };
}

/**
 * What is compared of a typed answer: Unicode NFKC (full-width letters and digits as ASCII), lower case, Markdown and
 * LaTeX markup characters (`* _ ` $ \`) dropped, whitespace runs as one space, trimmed — so `**Forget**` and
 * ` forget ` both match "forget". Case is ignored as in Moodle's short-answer default.
 */
export function comparableText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[*_`$\\]/g, '').replace(/\s+/g, ' ').trim();
}

const ANSWER_KIND: Record<TNote['type'], TQuizAnswer['kind']> = { 'multiple-choice': 'choices', numeric: 'number', cloze: 'blanks', basic: 'text', open: 'text' };

/**
 * Checks that `answer` is the kind the question takes (400 naming `field` otherwise) and reads it: a numeric answer
 * that is not a number is kept, with the reason, so the student can correct it before submitting.
 */
export function checkQuizAnswer(note: TNote, ordinal: number, answer: TQuizAnswer, field: string): { problem: 'not-a-number' | 'decimal-comma' | null } {
  const kind = ANSWER_KIND[note.type];
  if (answer.kind !== kind) throw badRequest(field, `${field}: this question takes { kind: "${kind}" }`);
  if (answer.kind === 'choices' && note.type === 'multiple-choice') {
    const unknown = answer.ids.find((id) => !note.choices.some((c) => c.id === id));
    if (unknown !== undefined) throw badRequest(`${field}.ids`, `${field}.ids: this question has no choice "${unknown}"`);
  }
  if (answer.kind === 'blanks' && note.type === 'cloze') {
    const blanks = clozeBlanks(note.text[answer.lang], ordinal).answers.length;
    if (answer.texts.length > blanks) throw badRequest(`${field}.texts`, `${field}.texts: this question has ${blanks} blank(s) in ${answer.lang}, not ${answer.texts.length}`);
  }
  if (answer.kind === 'number' && note.type === 'numeric') {
    const parsed = parseNumericAnswer(answer.text, note.unit);
    if (!parsed.ok && parsed.reason !== 'empty') return { problem: parsed.reason };
  }
  return { problem: null };
}

/** Whether a stored answer says anything (an empty text or no choice is no answer). */
export const isAnswered = isQuizAnswered;

export type TQuizGrade = {
  /** 0–1, or null when the instructor marks it (a written answer that was given). */
  mark: number | null;
  /** The answer normalised, for grouping equal wrong answers in item statistics ('' for no answer). */
  key: string;
};

/** Marks a stored answer when the attempt is submitted. No answer is 0 for every kind of question, as in Moodle. */
export function gradeQuizAnswer(note: TNote, ordinal: number, answer: TQuizAnswer | null): TQuizGrade {
  if (!isAnswered(answer)) return { mark: 0, key: '' };
  if (gradingOf(note) === 'instructor') return { mark: null, key: '' };
  const score = (mark: number, key: string): TQuizGrade => ({ mark, key });
  if (answer.kind === 'choices' && note.type === 'multiple-choice') {
    const chosen = [...new Set(answer.ids)].sort();
    return score(gradeChoice(note, chosen).correct ? 1 : 0, chosen.join('+'));
  }
  if (answer.kind === 'number' && note.type === 'numeric') {
    const parsed = parseNumericAnswer(answer.text, note.unit);
    if (!parsed.ok) return { mark: 0, key: comparableText(answer.text) };
    return score(gradeNumeric(note, parsed.value).correct ? 1 : 0, String(parsed.value));
  }
  if (answer.kind === 'blanks' && note.type === 'cloze') {
    const expected = LANGS.map((lang) => clozeBlanks(note.text[lang], ordinal).answers);
    const own = expected[LANGS.indexOf(answer.lang)]!;
    let right = 0;
    own.forEach((_, i) => {
      const given = comparableText(answer.texts[i] ?? '');
      // A blank may be answered in either language, when both texts have the same blanks.
      if (given.length > 0 && expected.some((e) => e.length === own.length && comparableText(e[i]!) === given)) right += 1;
    });
    return score(own.length === 0 ? 0 : right / own.length, answer.texts.map(comparableText).join(' | '));
  }
  if (answer.kind === 'text' && note.type === 'basic') {
    const back = cardBack(note, ordinal);
    const given = comparableText(answer.text);
    const correct = back.type === 'basic' && LANGS.some((lang) => comparableText(back.answer[lang]) === given);
    return score(correct ? 1 : 0, given);
  }
  // checkQuizAnswer refused other kinds when the answer was saved.
  return { mark: 0, key: '' };
}
