/**
 * Notes and the cards they make, as Anki makes them. A note is what an author writes (`TNote`); each of its cards is
 * studied and scheduled on its own and is named by the note and an ordinal:
 *
 * - basic: 1 = front → back; 2 = back → front, when the note asks for `reverse`;
 * - cloze: one card per deletion number (`{{c2::…}}` makes card 2). The deletions with the card's number are hidden
 *   together, wherever they are; the other deletions show as plain text; a hint shows in place of its deletion;
 * - multiple-choice, numeric, open: one card, 1.
 *
 * A card is shown in two parts: its front (what the learner sees before answering) and its back. Cards graded on the
 * server (multiple choice, numeric, type-in) get their back only with the grade, so nothing the browser holds before
 * answering says which choice is right or what the number is.
 */
import { z } from 'zod';
import { ZCardCorrection, ZCardExperiment, ZLocalizedText, type TNote } from './card';
import { acceptedRange, parseCloze } from './card-grading';

/** The ordinals of the cards a note makes, ascending. */
export function noteOrdinals(note: TNote): number[] {
  switch (note.type) {
    case 'basic':
      return note.reverse ? [1, 2] : [1];
    case 'cloze':
      return parseCloze(note.text.en).numbers;
    default:
      return [1];
  }
}

/** Whether a card of this note is graded on the server, so its back is sent only with the grade. */
export function isServerGraded(note: TNote): boolean {
  return note.type === 'multiple-choice' || note.type === 'numeric' || (note.type === 'basic' && note.typeIn === true);
}

// ---------------------------------------------------------------------------
// Front

export const ZChoiceFront = z.object({ id: z.string(), text: ZLocalizedText });

export const ZCardFront = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('basic'),
    prompt: ZLocalizedText,
    /** The reversed card of a basic note (its back is the prompt). */
    reversed: z.boolean(),
    /** The answer is typed, then compared on the server. */
    typeIn: z.boolean(),
  }),
  z.object({
    type: z.literal('cloze'),
    /** The note's text with every deletion; the card hides those numbered `ordinal` and shows the others as text. */
    text: ZLocalizedText,
    ordinal: z.number().int().min(1),
  }),
  z.object({
    type: z.literal('multiple-choice'),
    question: ZLocalizedText,
    /** In the order to show them: shuffled for each review. */
    choices: z.array(ZChoiceFront),
    /** More than one choice is correct ("select all that apply"). */
    multiple: z.boolean(),
  }),
  z.object({ type: z.literal('numeric'), question: ZLocalizedText, unit: z.string().optional() }),
  z.object({ type: z.literal('open'), question: ZLocalizedText }),
]);
export type TCardFront = z.infer<typeof ZCardFront>;

// ---------------------------------------------------------------------------
// Back

const backCommon = {
  /** The longer "why", behind a disclosure. */
  more: ZLocalizedText.optional(),
  correction: ZCardCorrection.optional(),
  experiment: ZCardExperiment.optional(),
};

export const ZCardBack = z.discriminatedUnion('type', [
  z.object({ type: z.literal('basic'), answer: ZLocalizedText, ...backCommon }),
  z.object({ type: z.literal('cloze'), extra: ZLocalizedText.optional(), ...backCommon }),
  z.object({
    type: z.literal('multiple-choice'),
    choices: z.array(z.object({ id: z.string(), correct: z.boolean(), why: ZLocalizedText })),
    explanation: ZLocalizedText.optional(),
    ...backCommon,
  }),
  z.object({
    type: z.literal('numeric'),
    answer: z.number(),
    /** Every answer from `low` to `high` is accepted. */
    low: z.number(),
    high: z.number(),
    unit: z.string().optional(),
    expression: z.string().optional(),
    explanation: ZLocalizedText.optional(),
    ...backCommon,
  }),
  z.object({ type: z.literal('open'), modelAnswer: ZLocalizedText, checklist: z.array(ZLocalizedText), ...backCommon }),
]);
export type TCardBack = z.infer<typeof ZCardBack>;

// ---------------------------------------------------------------------------
// Rendering a note's card

/**
 * The front of card `ordinal` of `note`. `choiceOrder` (multiple choice) lists the choice ids in the order to show
 * them; ids it lacks follow in note order.
 */
export function cardFront(note: TNote, ordinal: number, choiceOrder: readonly string[] = []): TCardFront {
  switch (note.type) {
    case 'basic': {
      const reversed = ordinal === 2;
      return { type: 'basic', prompt: reversed ? note.back : note.front, reversed, typeIn: note.typeIn === true };
    }
    case 'cloze':
      return { type: 'cloze', text: note.text, ordinal };
    case 'multiple-choice': {
      const rank = new Map(choiceOrder.map((id, i) => [id, i]));
      const place = (id: string, i: number) => rank.get(id) ?? choiceOrder.length + i;
      const choices = note.choices
        .map((c, i) => ({ choice: { id: c.id, text: c.text }, at: place(c.id, i) }))
        .sort((a, b) => a.at - b.at)
        .map((c) => c.choice);
      return { type: 'multiple-choice', question: note.question, choices, multiple: note.choices.filter((c) => c.correct).length > 1 };
    }
    case 'numeric':
      return { type: 'numeric', question: note.question, ...(note.unit !== undefined ? { unit: note.unit } : {}) };
    case 'open':
      return { type: 'open', question: note.question };
  }
}

/** The back of card `ordinal` of `note`. */
export function cardBack(note: TNote, ordinal: number): TCardBack {
  const common = {
    ...(note.more ? { more: note.more } : {}),
    ...(note.correction ? { correction: note.correction } : {}),
    ...(note.experiment ? { experiment: note.experiment } : {}),
  };
  switch (note.type) {
    case 'basic':
      return { type: 'basic', answer: ordinal === 2 ? note.front : note.back, ...common };
    case 'cloze':
      return { type: 'cloze', ...(note.extra ? { extra: note.extra } : {}), ...common };
    case 'multiple-choice':
      return {
        type: 'multiple-choice',
        choices: note.choices.map((c) => ({ id: c.id, correct: c.correct, why: c.why })),
        ...(note.explanation ? { explanation: note.explanation } : {}),
        ...common,
      };
    case 'numeric':
      return {
        type: 'numeric',
        answer: note.answer,
        ...acceptedRange(note),
        ...(note.unit !== undefined ? { unit: note.unit } : {}),
        ...(note.expression !== undefined ? { expression: note.expression } : {}),
        ...(note.explanation ? { explanation: note.explanation } : {}),
        ...common,
      };
    case 'open':
      return { type: 'open', modelAnswer: note.modelAnswer, checklist: note.checklist, ...common };
  }
}
