import {
  cardBack,
  gradeChoice,
  gradeNumeric,
  parseNumericAnswer,
  type TAnswer,
  type TCheckResponse,
  type TLoggedAnswer,
  type TNote,
} from '@recurrence/contracts';
import { diffChars } from 'diff';
import { badRequest } from '../errors';
import { shuffleBySeed } from './seeded-shuffle';

const ANSWER_KIND: Partial<Record<TNote['type'], TAnswer['kind']>> = { 'multiple-choice': 'choices', numeric: 'number', basic: 'typed' };

/**
 * The order in which one review shows a multiple-choice card's choices: a Fisher–Yates shuffle driven by
 * SHA-256(user, card, reps). `reps` (the card's review count) is part of the memory state that an undo restores, so
 * reloading a card or undoing its rating shows the same order, and the next review of the card a new one.
 */
export function choiceOrder(userId: string, cardId: string, reps: number, ids: readonly string[]): string[] {
  return shuffleBySeed(`${userId}\u0000${cardId}\u0000${reps}`, ids);
}

/** Whitespace runs as one space, no leading or trailing space, Unicode NFC: what is compared of a typed answer. */
const normalizeTyped = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();

export type TGradedAnswer = Omit<TCheckResponse, 'cardId' | 'back'> & { logged: TLoggedAnswer };

/**
 * Grades what was answered on card `ordinal` of `note`. `shown` is the order the choices were shown in (multiple
 * choice; logged with the answer). A kind of answer that the card does not take is a 400 naming `field`.
 */
export function gradeAnswer(note: TNote, ordinal: number, answer: TAnswer, field: string, shown: readonly string[] = []): TGradedAnswer {
  const kind = ANSWER_KIND[note.type];
  if (kind !== answer.kind || (note.type === 'basic' && !note.typeIn)) {
    const expected = note.type === 'basic' && !note.typeIn ? 'no answer (it is self-graded)' : kind ? `{ kind: "${kind}" }` : 'no answer (it is self-graded)';
    throw badRequest(field, `${field}: a ${note.type} card takes ${expected}`);
  }
  const suggest = (answered: boolean, correct: boolean) => (answered ? (correct ? 3 : 1) : null);
  if (answer.kind === 'choices' && note.type === 'multiple-choice') {
    const known = new Set(note.choices.map((c) => c.id));
    const unknown = answer.ids.find((id) => !known.has(id));
    if (unknown !== undefined) throw badRequest(field, `${field}.ids: this card has no choice "${unknown}"`);
    const chosen = [...new Set(answer.ids)];
    const grade = gradeChoice(note, chosen);
    const answered = chosen.length > 0;
    return {
      answered,
      correct: grade.correct,
      suggested: suggest(answered, grade.correct),
      detail: { kind: 'choices', chosen, correctIds: grade.correctIds, missed: grade.missed, wrong: grade.wrong },
      logged: { kind: 'choices', shown: [...shown], chosen, correct: grade.correct },
    };
  }
  if (answer.kind === 'number' && note.type === 'numeric') {
    const parsed = parseNumericAnswer(answer.text, note.unit);
    const value = parsed.ok ? parsed.value : null;
    const grade = value === null ? null : gradeNumeric(note, value);
    const correct = grade?.correct ?? false;
    const answered = !(!parsed.ok && parsed.reason === 'empty');
    return {
      answered,
      correct,
      suggested: suggest(answered, correct),
      detail: { kind: 'number', value, problem: parsed.ok ? null : parsed.reason, difference: grade ? grade.difference : null },
      logged: { kind: 'number', text: answer.text, value, correct },
    };
  }
  if (answer.kind === 'typed' && note.type === 'basic') {
    const back = cardBack(note, ordinal);
    const expected = normalizeTyped(back.type === 'basic' ? back.answer[answer.lang] : '');
    const typed = normalizeTyped(answer.text);
    const correct = typed === expected;
    const answered = typed.length > 0;
    const diff = diffChars(expected, typed).map((part) => ({ op: part.added ? ('extra' as const) : part.removed ? ('missing' as const) : ('same' as const), text: part.value }));
    return {
      answered,
      correct,
      suggested: suggest(answered, correct),
      detail: { kind: 'typed', expected, diff },
      logged: { kind: 'typed', text: answer.text, lang: answer.lang, correct },
    };
  }
  // Unreachable: the kinds were matched above.
  throw badRequest(field, `${field}: a ${note.type} card does not take { kind: "${answer.kind}" }`);
}
