/**
 * Card content contract: what a study card is, shared by the deck loader, the API and the web app.
 *
 * All human-readable text is bilingual (`{ en, zh }`), written in Markdown with LaTeX in `$…$`
 * (inline) or `$$…$$` (display). Parsing a card through `ZCard` also checks the cross-field rules
 * (cloze numbering across languages, at least one correct choice, unique choice ids, …).
 */
import { z } from 'zod';
import { parseCloze } from './card-grading';
import { ZExperimentId } from './lab';

export {
  acceptedRange,
  gradeChoice,
  gradeNumeric,
  numericAllowedError,
  parseCloze,
  parseNumericAnswer,
  type TParsedNumber,
  type TChoiceGrade,
  type TClozeSegment,
  type TNumericGrade,
  type TParsedCloze,
} from './card-grading';

// ---------------------------------------------------------------------------
// Building blocks

const nonBlank = (what: string) =>
  z.string().refine((s) => s.trim().length > 0, { message: `${what} must not be empty` });

/** Bilingual Markdown text; both languages are required and non-blank. */
export const ZLocalizedText = z.strictObject({
  en: nonBlank('en'),
  zh: nonBlank('zh'),
});
export type TLocalizedText = z.infer<typeof ZLocalizedText>;

export const CARD_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,79}$/;
/** Stable card slug; it is the card's identity across deck versions (update in place). */
export const ZCardId = z
  .string()
  .regex(CARD_ID_PATTERN, 'card id must be 3–80 characters of a-z, 0-9 and "-", starting with a letter or digit');

export const SECTION_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;
/** Section slug (for the article deck: one per section of the source article). */
export const ZSectionId = z
  .string()
  .regex(SECTION_ID_PATTERN, 'section id must be 2–64 characters of a-z, 0-9 and "-", starting with a letter or digit');

export const ZTag = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'tags are lower-case slugs (a-z, 0-9, "-")');

export const CARD_TYPES = ['basic', 'cloze', 'multiple-choice', 'numeric', 'open'] as const;
export const ZCardType = z.enum(CARD_TYPES);
export type TCardType = z.infer<typeof ZCardType>;

/** Lab experiments a card can point at (the lab's experiments); the lab fills in their measured results. */
export const ZCardExperimentId = ZExperimentId;
export type TCardExperimentId = z.infer<typeof ZCardExperimentId>;

const ZParamScalar = z.union([z.number(), z.string(), z.boolean()]);

/**
 * A lab experiment whose worked result the card's back shows (filled in by the lab, never typed in).
 * `params` are the experiment's run parameters, passed as-is to the lab (`ZLabRunRequest` params of that experiment,
 * e.g. `{ architectures: ['rnn', 'lstm'], seqLen: 300 }`); omitted ones take the lab's defaults.
 */
export const ZCardExperiment = z.strictObject({
  id: ZCardExperimentId,
  params: z.record(z.string(), z.union([ZParamScalar, z.array(ZParamScalar)])).optional(),
  caption: ZLocalizedText.optional(),
});
export type TCardExperiment = z.infer<typeof ZCardExperiment>;

/** "The article says … / more precisely …" note for a claim of the source that is wrong or imprecise. */
export const ZCardCorrection = z.strictObject({
  articleSays: ZLocalizedText,
  precisely: ZLocalizedText,
  /** Papers or textbooks backing the correction (free text citations); may be empty. */
  references: z.array(nonBlank('reference')),
});
export type TCardCorrection = z.infer<typeof ZCardCorrection>;

const cardBase = {
  id: ZCardId,
  section: ZSectionId,
  tags: z.array(ZTag).default([]),
  experiment: ZCardExperiment.optional(),
  correction: ZCardCorrection.optional(),
  /**
   * The longer "why" behind the answer, shown on the answer side behind a disclosure: the answer itself stays short
   * (one fact), the reasoning and context live here.
   */
  more: ZLocalizedText.optional(),
};

// ---------------------------------------------------------------------------
// Card types

/** Longest side a type-in card may ask to be typed (Anki's "type in the answer" is for short answers). */
export const MAX_TYPE_IN_CHARS = 120;

export const ZBasicCard = z
  .strictObject({
    ...cardBase,
    type: z.literal('basic'),
    front: ZLocalizedText,
    back: ZLocalizedText,
    /** Also make a reversed card (back → front), scheduled on its own, as Anki's "Basic (and reversed card)". */
    reverse: z.boolean().optional(),
    /**
     * Anki's "type in the answer": the learner types the back (the front, on the reversed card), the server compares,
     * and the answer side shows a character diff. Each side that is typed must be one line of plain text.
     */
    typeIn: z.boolean().optional(),
  })
  .superRefine((card, ctx) => {
    if (!card.typeIn) return;
    const typed: ['back' | 'front', TLocalizedText][] = [['back', card.back]];
    if (card.reverse) typed.push(['front', card.front]);
    for (const [side, text] of typed) {
      for (const lang of ['en', 'zh'] as const) {
        const value = text[lang];
        if (value.length > MAX_TYPE_IN_CHARS || /[\n$]/.test(value)) {
          ctx.addIssue({
            code: 'custom',
            message: `typeIn: the ${side} is typed, so it must be one line of at most ${MAX_TYPE_IN_CHARS} characters without math`,
            path: [side, lang],
          });
        }
      }
    }
  });
export type TBasicCard = z.infer<typeof ZBasicCard>;

export const ZClozeCard = z
  .strictObject({
    ...cardBase,
    type: z.literal('cloze'),
    /** Text with Anki-style deletions `{{c1::answer}}` / `{{c1::answer::hint}}`; same cloze numbers in both languages. */
    text: ZLocalizedText,
    extra: ZLocalizedText.optional(),
  })
  .superRefine((card, ctx) => {
    const en = parseCloze(card.text.en);
    const zh = parseCloze(card.text.zh);
    for (const [lang, parsed] of [
      ['en', en],
      ['zh', zh],
    ] as const) {
      for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: problem, path: ['text', lang] });
      if (parsed.numbers.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'cloze text has no {{cN::…}} deletion', path: ['text', lang] });
      }
    }
    if (en.numbers.length > 0 && zh.numbers.length > 0 && en.numbers.join(',') !== zh.numbers.join(',')) {
      const show = (ns: number[]) => ns.map((n) => `c${n}`).join(', ');
      ctx.addIssue({
        code: 'custom',
        message: `cloze numbers differ between languages: en has ${show(en.numbers)}, zh has ${show(zh.numbers)}`,
        path: ['text', 'zh'],
      });
    }
  });
export type TClozeCard = z.infer<typeof ZClozeCard>;

export const ZChoice = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'choice id must be a short slug such as "a"'),
  text: ZLocalizedText,
  correct: z.boolean(),
  /** Why this choice is right, or why it is wrong (a plausible distractor needs a reason). */
  why: ZLocalizedText,
});
export type TChoice = z.infer<typeof ZChoice>;

export const ZMultipleChoiceCard = z
  .strictObject({
    ...cardBase,
    type: z.literal('multiple-choice'),
    question: ZLocalizedText,
    choices: z.array(ZChoice).min(2, 'at least 2 choices').max(8, 'at most 8 choices'),
    explanation: ZLocalizedText.optional(),
  })
  .superRefine((card, ctx) => {
    if (!card.choices.some((c) => c.correct)) {
      ctx.addIssue({ code: 'custom', message: 'at least one choice must be correct', path: ['choices'] });
    }
    const seen = new Set<string>();
    card.choices.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', message: `duplicate choice id "${c.id}"`, path: ['choices', i, 'id'] });
      seen.add(c.id);
    });
  });
export type TMultipleChoiceCard = z.infer<typeof ZMultipleChoiceCard>;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const nonNegative = z.number().refine((n) => Number.isFinite(n) && n >= 0, 'must be a finite number ≥ 0');

/** Accepted error: `{ absolute: 0.01 }` (same unit as the answer) or `{ relative: 0.02 }` (fraction of |answer|). */
export const ZNumericTolerance = z.union([
  z.strictObject({ absolute: nonNegative }),
  z.strictObject({ relative: nonNegative }),
]);
export type TNumericTolerance = z.infer<typeof ZNumericTolerance>;

export const ZNumericCard = z.strictObject({
  ...cardBase,
  type: z.literal('numeric'),
  question: ZLocalizedText,
  answer: finite,
  tolerance: ZNumericTolerance,
  /** Language-neutral unit symbol shown after the input, e.g. "MiB", "%". */
  unit: nonBlank('unit').optional(),
  explanation: ZLocalizedText.optional(),
  /**
   * How the answer is computed, e.g. "0.9^100" (operators + - * / ^, parentheses, pi, e and the
   * functions sqrt, exp, ln, log2, log10, abs, floor, ceil, round). The deck loader checks it against `answer`.
   */
  expression: nonBlank('expression').optional(),
});
export type TNumericCard = z.infer<typeof ZNumericCard>;

export const ZOpenCard = z.strictObject({
  ...cardBase,
  type: z.literal('open'),
  question: ZLocalizedText,
  modelAnswer: ZLocalizedText,
  /** Points a good answer covers, for self-grading. */
  checklist: z.array(ZLocalizedText).min(2, 'at least 2 checklist points').max(8, 'at most 8 checklist points'),
});
export type TOpenCard = z.infer<typeof ZOpenCard>;

/**
 * What an author writes: a note, in Anki's terms. The authoring files and this schema call it a card (`cards:` in a
 * section file, `ZCard`), which it was before notes and cards were told apart; a note makes one or more cards to
 * study (see `noteOrdinals` in note-cards.ts). `ZNote`/`TNote` are the same schema under the accurate name.
 */
export const ZCard = z.discriminatedUnion('type', [ZBasicCard, ZClozeCard, ZMultipleChoiceCard, ZNumericCard, ZOpenCard]);
export type TCard = z.infer<typeof ZCard>;
/** The authoring shape (before defaults: `tags` may be omitted). */
export type TCardInput = z.input<typeof ZCard>;
export const ZNote = ZCard;
export type TNote = TCard;

// ---------------------------------------------------------------------------
// Deck

export const ZDeckSection = z.strictObject({
  id: ZSectionId,
  title: ZLocalizedText,
});
export type TDeckSection = z.infer<typeof ZDeckSection>;

export const ZDeckId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'deck id must be 2–64 characters of a-z, 0-9 and "-", starting with a letter or digit');

export const ZDeck = z
  .strictObject({
    id: ZDeckId,
    version: z.number().int().positive().optional(),
    title: ZLocalizedText,
    description: ZLocalizedText,
    /** Sections in display order; every card's `section` is one of these ids. */
    sections: z.array(ZDeckSection).min(1, 'a deck needs at least one section'),
    cards: z.array(ZCard),
  })
  .superRefine((deck, ctx) => {
    const sectionIds = new Set<string>();
    deck.sections.forEach((s, i) => {
      if (sectionIds.has(s.id)) ctx.addIssue({ code: 'custom', message: `duplicate section id "${s.id}"`, path: ['sections', i, 'id'] });
      sectionIds.add(s.id);
    });
    const cardIds = new Set<string>();
    deck.cards.forEach((c, i) => {
      if (cardIds.has(c.id)) ctx.addIssue({ code: 'custom', message: `duplicate card id "${c.id}"`, path: ['cards', i, 'id'] });
      cardIds.add(c.id);
      if (!sectionIds.has(c.section)) {
        ctx.addIssue({ code: 'custom', message: `unknown section "${c.section}"`, path: ['cards', i, 'section'] });
      }
    });
  });
export type TDeck = z.infer<typeof ZDeck>;
