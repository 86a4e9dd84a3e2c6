/**
 * The note editor's form and its mapping to and from the API (`TNoteDraft`, `TNote`), with no React in it so every
 * rule is unit-tested (note-form.test.ts):
 *
 * - the form keeps the fields of every note type, so switching type keeps what was written (a question stays a
 *   question); only the chosen type's fields are sent;
 * - texts are written in one language or in both (`languages`); in one language only that language is sent, and the
 *   API stores it in both (`fillLanguages`);
 * - nothing is validated here: a blank field, a bad tag or a number that is not one is sent as written, and the API's
 *   400 names the field, which `fieldOfIssue` turns back into the form field it shows next to (`issueMessage` says
 *   it in the interface language).
 */
import {
  noteOrdinals,
  parseCloze,
  parseNumericAnswer,
  writtenOnce,
  type TCardType,
  type TLocalizedText,
  type TNote,
  type TNoteDraft,
} from '@recurrence/contracts';

export type Lang = 'en' | 'zh';
export type Languages = Lang | 'both';
export type Text = { en: string; zh: string };

export type ChoiceForm = { id: string; text: Text; why: Text; correct: boolean };

export type NoteForm = {
  type: TCardType;
  languages: Languages;
  /** Tags as typed: separated by spaces or commas. */
  tags: string;
  // basic
  front: Text;
  back: Text;
  reverse: boolean;
  typeIn: boolean;
  // cloze
  text: Text;
  extra: Text;
  // multiple choice, numeric, open
  question: Text;
  explanation: Text;
  choices: ChoiceForm[];
  answer: string;
  toleranceKind: 'absolute' | 'relative';
  /** Absolute: in the answer's unit; relative: in percent of the answer. */
  tolerance: string;
  unit: string;
  modelAnswer: Text;
  checklist: Text[];
  /** The longer "why" on the answer side (every type). */
  more: Text;
  /** Parts of an edited note the editor does not show (section, lab experiment, correction, the numeric expression). */
  kept: Partial<Pick<TNote, 'section' | 'experiment' | 'correction'>> & { expression?: string; expressionFor?: number };
};

const empty = (): Text => ({ en: '', zh: '' });
const CHOICE_IDS = 'abcdefghijklmnopqrstuvwxyz';

/** A new choice's id: the first letter no other choice has. */
export function nextChoiceId(choices: readonly ChoiceForm[]): string {
  const used = new Set(choices.map((c) => c.id));
  for (const letter of CHOICE_IDS) if (!used.has(letter)) return letter;
  return `c${choices.length + 1}`;
}

export const newChoice = (choices: readonly ChoiceForm[], correct = false): ChoiceForm => ({ id: nextChoiceId(choices), text: empty(), why: empty(), correct });

/** A blank form of `type`, texts written in `languages`. */
export function blankForm(type: TCardType, languages: Languages, tags = ''): NoteForm {
  const a = newChoice([], true);
  return {
    type,
    languages,
    tags,
    front: empty(),
    back: empty(),
    reverse: false,
    typeIn: false,
    text: empty(),
    extra: empty(),
    question: empty(),
    explanation: empty(),
    choices: [a, newChoice([a])],
    answer: '',
    toleranceKind: 'absolute',
    tolerance: '0',
    unit: '',
    modelAnswer: empty(),
    checklist: [empty(), empty()],
    more: empty(),
    kept: {},
  };
}

/** The texts of a form that are sent for its type (for choosing its languages, and for "is anything written"). */
function textsOf(form: NoteForm): Text[] {
  const common = [form.more];
  switch (form.type) {
    case 'basic':
      return [form.front, form.back, ...common];
    case 'cloze':
      return [form.text, form.extra, ...common];
    case 'multiple-choice':
      return [form.question, form.explanation, ...form.choices.flatMap((c) => [c.text, c.why]), ...common];
    case 'numeric':
      return [form.question, form.explanation, ...common];
    case 'open':
      return [form.question, form.modelAnswer, ...form.checklist, ...common];
  }
}

/** Whether anything is written in the form (Escape asks before throwing it away). */
export function hasContent(form: NoteForm): boolean {
  return textsOf(form).some((t) => t.en.trim() !== '' || t.zh.trim() !== '') || form.answer.trim() !== '';
}

const fromText = (t: TLocalizedText | undefined): Text => (t ? { en: t.en, zh: t.zh } : empty());

/** The form of a stored note. Texts stored once (the same in both languages) are edited once, in `preferred`. */
export function formFromNote(note: TNote, preferred: Lang): NoteForm {
  const form = blankForm(note.type, preferred, note.tags.join(' '));
  form.more = fromText(note.more);
  form.kept = {
    section: note.section,
    ...(note.experiment ? { experiment: note.experiment } : {}),
    ...(note.correction ? { correction: note.correction } : {}),
  };
  switch (note.type) {
    case 'basic':
      Object.assign(form, { front: fromText(note.front), back: fromText(note.back), reverse: note.reverse === true, typeIn: note.typeIn === true });
      break;
    case 'cloze':
      Object.assign(form, { text: fromText(note.text), extra: fromText(note.extra) });
      break;
    case 'multiple-choice':
      form.question = fromText(note.question);
      form.explanation = fromText(note.explanation);
      form.choices = note.choices.map((c) => ({ id: c.id, text: fromText(c.text), why: fromText(c.why), correct: c.correct }));
      break;
    case 'numeric':
      form.question = fromText(note.question);
      form.explanation = fromText(note.explanation);
      form.answer = String(note.answer);
      if ('absolute' in note.tolerance) {
        form.toleranceKind = 'absolute';
        form.tolerance = String(note.tolerance.absolute);
      } else {
        form.toleranceKind = 'relative';
        form.tolerance = String(Number((note.tolerance.relative * 100).toPrecision(12)));
      }
      form.unit = note.unit ?? '';
      if (note.expression !== undefined) form.kept = { ...form.kept, expression: note.expression, expressionFor: note.answer };
      break;
    case 'open':
      form.question = fromText(note.question);
      form.modelAnswer = fromText(note.modelAnswer);
      form.checklist = note.checklist.map(fromText);
      break;
  }
  form.languages = textsOf(form).every((t) => writtenOnce(t)) ? preferred : 'both';
  return form;
}

/** A text as sent: the shown language(s) only. */
function sent(form: NoteForm, t: Text): Partial<Text> {
  return form.languages === 'both' ? { en: t.en, zh: t.zh } : { [form.languages]: t[form.languages] };
}

/** An optional text: left out when nothing is written in the shown language(s). */
function sentOptional(form: NoteForm, t: Text): Partial<Text> | undefined {
  const shown = form.languages === 'both' ? [t.en, t.zh] : [t[form.languages]];
  return shown.some((s) => s.trim() !== '') ? sent(form, t) : undefined;
}

/** Tags as typed → tags as sent: split at spaces and commas (also full-width ones), lower-cased, each once. */
export function parseTags(typed: string): string[] {
  return [...new Set(typed.split(/[\s,，、]+/u).filter(Boolean).map((t) => t.toLowerCase()))];
}

/** A number as typed (`2.5`, `2.7e-5`, `1,000`, `2.7×10^-5`); what is not a number is sent as typed, for the API to name. */
function sentNumber(typed: string): number | string {
  const parsed = parseNumericAnswer(typed);
  return parsed.ok ? parsed.value : typed;
}

/** The note the form describes, as the API takes it (`ZNoteDraft`, for POST /decks/:id/notes and PATCH /notes/:id). */
export function draftFromForm(form: NoteForm): TNoteDraft {
  const optional = (key: string, t: Text) => {
    const value = sentOptional(form, t);
    return value ? { [key]: value } : {};
  };
  const { expression, expressionFor, ...kept } = form.kept;
  const base = { ...kept, tags: parseTags(form.tags), ...optional('more', form.more) };
  // The type-specific fields are loosely typed here: what the user wrote goes to the API as written, and the API
  // answers 400 naming what is wrong (an empty text, a tolerance that is not a number, …).
  let note: Record<string, unknown>;
  switch (form.type) {
    case 'basic':
      note = { type: 'basic', front: sent(form, form.front), back: sent(form, form.back), ...(form.reverse ? { reverse: true } : {}), ...(form.typeIn ? { typeIn: true } : {}) };
      break;
    case 'cloze':
      note = { type: 'cloze', text: sent(form, form.text), ...optional('extra', form.extra) };
      break;
    case 'multiple-choice':
      note = {
        type: 'multiple-choice',
        question: sent(form, form.question),
        choices: form.choices.map((c) => ({ id: c.id, text: sent(form, c.text), correct: c.correct, why: sent(form, c.why) })),
        ...optional('explanation', form.explanation),
      };
      break;
    case 'numeric': {
      const answer = sentNumber(form.answer);
      const typedTolerance = form.tolerance.trim() === '' ? 0 : sentNumber(form.tolerance);
      const tolerance =
        form.toleranceKind === 'absolute'
          ? { absolute: typedTolerance }
          : { relative: typeof typedTolerance === 'number' ? Number((typedTolerance / 100).toPrecision(12)) : typedTolerance };
      note = {
        type: 'numeric',
        question: sent(form, form.question),
        answer,
        tolerance,
        ...(form.unit.trim() ? { unit: form.unit.trim() } : {}),
        // The expression computes the answer: kept while the answer is the one it computes.
        ...(expression !== undefined && answer === expressionFor ? { expression } : {}),
        ...optional('explanation', form.explanation),
      };
      break;
    }
    case 'open':
      note = { type: 'open', question: sent(form, form.question), modelAnswer: sent(form, form.modelAnswer), checklist: form.checklist.map((p) => sent(form, p)) };
      break;
  }
  return { ...base, ...note } as TNoteDraft;
}

/** The cloze numbers a text makes cards of (the shown language's; in both, English's, as the API counts them). */
export function clozeNumbers(form: NoteForm): number[] {
  const text = form.languages === 'zh' ? form.text.zh : form.text.en;
  return parseCloze(text).numbers;
}

/**
 * The cards an edit takes away: ordinals the stored note has that the form does not make. The API keeps their review
 * history (the card is retired, and comes back with it if the ordinal is written again).
 */
export function removedOrdinals(original: TNote, form: NoteForm): number[] {
  let now: number[];
  if (form.type !== original.type) now = [];
  else if (form.type === 'cloze') now = clozeNumbers(form);
  else if (form.type === 'basic') now = form.reverse ? [1, 2] : [1];
  else now = [1];
  return noteOrdinals(original).filter((o) => !now.includes(o));
}

/**
 * Wraps the selection `[start, end)` of `value` in a cloze deletion numbered `number` (Anki's Ctrl+Shift+C): the new
 * text, and where the selection is afterwards (inside the deletion, so typing replaces the answer).
 */
export function wrapCloze(value: string, start: number, end: number, number: number): { value: string; start: number; end: number } {
  const open = `{{c${number}::`;
  const answer = value.slice(start, end);
  return { value: `${value.slice(0, start)}${open}${answer}}}${value.slice(end)}`, start: start + open.length, end: start + open.length + answer.length };
}

/** The next cloze number to use: one more than the highest in the text (c1 in a text without any). */
export function nextClozeNumber(text: string): number {
  const numbers = [...text.matchAll(/\{\{c(\d+)::/g)].map((m) => Number(m[1]));
  return numbers.length ? Math.max(...numbers) + 1 : 1;
}

// ---------------------------------------------------------------------------
// API errors → form fields

/**
 * The form field an API error names, and the language when the field is a text: `body.notes.0.front.en` → `front`/en,
 * `body.note.choices.1.why.zh` → `choices.1.why`/zh, `body.note.tolerance.relative` → `tolerance`. Null when the field
 * is not a part of the note (the whole body, the request's parameters).
 */
export function fieldOfIssue(apiField: string): { field: string; lang?: Lang } | null {
  const m = /^body\.(?:note|notes\.\d+)\.(.+)$/.exec(apiField);
  if (!m) return null;
  const parts = m[1]!.split('.');
  let lang: Lang | undefined;
  const last = parts.at(-1);
  if (last === 'en' || last === 'zh') {
    lang = last;
    parts.pop();
  }
  if (parts[0] === 'tolerance' || parts[0] === 'tags' || parts[0] === 'answer' || parts[0] === 'unit') parts.length = 1;
  return { field: parts.join('.'), ...(lang ? { lang } : {}) };
}

/** An API issue message as a message id of the `authoring.issue` messages and its arguments; `raw` when unknown. */
export type IssueMessage = { id: string; values?: Record<string, string | number> };

const ISSUE_PATTERNS: [RegExp, (m: RegExpExecArray) => IssueMessage][] = [
  [/^(?:en|zh) must not be empty$/, () => ({ id: 'required' })],
  [/must not be empty$|^a title in at least one language$/, () => ({ id: 'required' })],
  [/expected string to have <=(\d+) characters/, (m) => ({ id: 'tooLong', values: { max: Number(m[1]) } })],
  [/^at most (\d+) characters$/, (m) => ({ id: 'tooLong', values: { max: Number(m[1]) } })],
  [/^at most (\d+) tags$/, (m) => ({ id: 'tooManyTags', values: { max: Number(m[1]) } })],
  [/^tags are lower-case slugs/, () => ({ id: 'tagFormat' })],
  [/^typeIn: the (back|front) is typed.* at most (\d+) characters/, (m) => ({ id: m[1] === 'back' ? 'typeInBack' : 'typeInFront', values: { max: Number(m[2]) } })],
  [/^cloze text has no \{\{cN::…\}\} deletion$/, () => ({ id: 'clozeNone' })],
  [/^cloze numbers differ between languages: en has (.*), zh has (.*)$/, (m) => ({ id: 'clozeDiffer', values: { en: m[1]!, zh: m[2]! } })],
  [/^unclosed cloze deletion \{\{c(\d+)::/, (m) => ({ id: 'clozeUnclosed', values: { n: Number(m[1]) } })],
  [/^malformed cloze marker at "(.*)…"/, (m) => ({ id: 'clozeMalformed', values: { at: m[1]! } })],
  [/^cloze deletion c(\d+) has an empty answer$/, (m) => ({ id: 'clozeEmpty', values: { n: Number(m[1]) } })],
  [/^cloze deletion c(\d+) has an empty hint$/, (m) => ({ id: 'clozeEmptyHint', values: { n: Number(m[1]) } })],
  [/^cloze deletion c(\d+) starts inside a \$…\$ math span/, (m) => ({ id: 'clozeInMath', values: { n: Number(m[1]) } })],
  [/^cloze number c(\d+) must be 1 or more$/, () => ({ id: 'clozeZero' })],
  [/^unbalanced \$ math delimiters$/, () => ({ id: 'mathUnbalanced' })],
  [/^at least (\d+) choices$/, (m) => ({ id: 'fewChoices', values: { min: Number(m[1]) } })],
  [/^at most (\d+) choices$/, (m) => ({ id: 'manyChoices', values: { max: Number(m[1]) } })],
  [/^at least one choice must be correct$/, () => ({ id: 'noCorrectChoice' })],
  [/^at least (\d+) checklist points$/, (m) => ({ id: 'fewPoints', values: { min: Number(m[1]) } })],
  [/^at most (\d+) checklist points$/, (m) => ({ id: 'manyPoints', values: { max: Number(m[1]) } })],
  [/^must be a finite number ≥ 0$/, () => ({ id: 'nonNegative' })],
  [/^must be a finite number$|expected number/, () => ({ id: 'notANumber' })],
  [/^Invalid input$/, () => ({ id: 'invalid' })],
];

/** What an API issue message says, as a message of the interface (`authoring.issue.<id>`); null for one it does not know. */
export function issueMessage(message: string): IssueMessage | null {
  for (const [pattern, make] of ISSUE_PATTERNS) {
    const m = pattern.exec(message);
    if (m) return make(m);
  }
  return null;
}
