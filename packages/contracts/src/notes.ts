/**
 * Authoring: a user's own decks and the notes in them (Anki's notes; see note-cards.ts for the cards they make).
 *
 * Text is bilingual as everywhere (`{ en, zh }`), but a personal note needs only one language: a text written in one
 * language is stored with that text in both (`fillLanguages`), so every reader shows it whichever language it
 * prefers. The editor shows a text whose two languages are equal as written once.
 */
import { z } from 'zod';
import { ZNote } from './card';

/** Every limit of authoring, enforced by the API and listed in README's Configuration. */
export const AUTHORING_LIMITS = {
  /** A deck's title, per language. */
  titleChars: 120,
  /** A deck's description, per language. */
  descriptionChars: 2000,
  /** Any one text field of a note (per language), choice, checklist point or tag list entry. */
  fieldChars: 5000,
  tagsPerNote: 20,
  notesPerDeck: 5000,
  /** Decks a user owns (written or imported). */
  decksPerUser: 100,
  /** Notes one request may add (the importer adds more through the service, in one transaction). */
  notesPerRequest: 100,
  /** Notes per page of a deck's note list. */
  notesPerPage: 100,
} as const;

/** The section of notes written in the app (the built-in deck's sections come from its authoring files). */
export const AUTHORED_SECTION = 'notes';

const isLanguagePair = (value: object): value is { en?: unknown; zh?: unknown } => {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k === 'en' || k === 'zh');
};
const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';

/**
 * A copy of `value` in which every `{ en, zh }` text with one language blank or missing has the other language's
 * text there too. A text blank in both languages is left as it is (validation then names it).
 */
export function fillLanguages(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fillLanguages);
  if (value === null || typeof value !== 'object') return value;
  if (isLanguagePair(value)) {
    const { en, zh } = value;
    if (blank(en) && !blank(zh)) return { en: zh, zh };
    if (blank(zh) && !blank(en)) return { en, zh: en };
    return { en: en ?? '', zh: zh ?? '' };
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillLanguages(v)]));
}

/** Strings longer than `max` in `value`, as paths (`front.en`, `choices.1.text.zh`). */
function overlongStrings(value: unknown, max: number, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return value.length > max ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => overlongStrings(v, max, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => overlongStrings(v, max, [...path, k]));
  return [];
}

/**
 * A note as the editor sends it: any note type of the deck format (`ZNote`), where each text needs one language,
 * `section` may be left out and `id` (the note's slug) is ignored on create — the server names the note. Tags are
 * lower-case slugs.
 */
export const ZNoteDraft = z
  .preprocess((raw) => {
    const filled = fillLanguages(raw);
    if (filled === null || typeof filled !== 'object' || Array.isArray(filled)) return filled;
    const note = filled as Record<string, unknown>;
    return { ...note, id: note.id ?? 'new-note', section: note.section ?? AUTHORED_SECTION };
  }, ZNote)
  .superRefine((note, ctx) => {
    for (const path of overlongStrings(note, AUTHORING_LIMITS.fieldChars)) {
      ctx.addIssue({ code: 'custom', message: `at most ${AUTHORING_LIMITS.fieldChars} characters`, path });
    }
    if (note.tags.length > AUTHORING_LIMITS.tagsPerNote) ctx.addIssue({ code: 'custom', message: `at most ${AUTHORING_LIMITS.tagsPerNote} tags`, path: ['tags'] });
  });
export type TNoteDraft = z.input<typeof ZNoteDraft>;

/** A deck title or description as written: one language is enough for the title; the description may be empty. */
const localizedDraft = (max: number, what: string) =>
  z
    .strictObject({ en: z.string().trim().max(max).optional(), zh: z.string().trim().max(max).optional() })
    .transform((t) => ({ en: t.en ?? '', zh: t.zh ?? '' }))
    .transform((t) => fillLanguages(t) as { en: string; zh: string })
    .refine((t) => what !== 'title' || t.en !== '', { message: 'a title in at least one language', path: ['en'] });

export const ZDeckTitleDraft = localizedDraft(AUTHORING_LIMITS.titleChars, 'title');
export const ZDeckDescriptionDraft = localizedDraft(AUTHORING_LIMITS.descriptionChars, 'description');

export const ZCreateDeckRequest = z.strictObject({
  title: ZDeckTitleDraft,
  description: ZDeckDescriptionDraft.optional(),
});
export type TCreateDeckRequest = z.input<typeof ZCreateDeckRequest>;

export const ZUpdateDeckRequest = z.strictObject({ title: ZDeckTitleDraft, description: ZDeckDescriptionDraft }).partial();
export type TUpdateDeckRequest = z.input<typeof ZUpdateDeckRequest>;

export const ZNoteParams = z.strictObject({ noteId: z.string().min(1).max(64) });

export const ZAddNotesRequest = z.strictObject({
  notes: z.array(ZNoteDraft).min(1, 'at least one note').max(AUTHORING_LIMITS.notesPerRequest, `at most ${AUTHORING_LIMITS.notesPerRequest} notes per request`),
});
export type TAddNotesRequest = z.input<typeof ZAddNotesRequest>;

export const ZUpdateNoteRequest = z.strictObject({ note: ZNoteDraft });
export type TUpdateNoteRequest = z.input<typeof ZUpdateNoteRequest>;

/** A note with its cards (ordinals that exist now; retired ones are not listed). */
export const ZNoteView = z.object({
  id: z.string(),
  deckId: z.string(),
  slug: z.string(),
  content: ZNote,
  tags: z.array(z.string()),
  /** The ordinals of the note's cards, with their ids. */
  cards: z.array(z.object({ id: z.string(), ordinal: z.number().int() })),
  updatedAt: z.iso.datetime(),
});
export type TNoteView = z.infer<typeof ZNoteView>;

/** What adding notes made: the notes, and how many cards they make in all. */
export const ZAddNotesResponse = z.object({ notes: z.array(ZNoteView), cards: z.number().int() });

/** What an edit did to the note's cards (kept cards keep their id, state and reviews). */
export const ZUpdateNoteResponse = z.object({
  note: ZNoteView,
  cards: z.object({ kept: z.number().int(), created: z.number().int(), retired: z.number().int(), deleted: z.number().int() }),
});
export type TUpdateNoteResponse = z.infer<typeof ZUpdateNoteResponse>;

export const ZNoteListQuery = z.strictObject({
  /** Words to find in any text of the note, in either language (case-insensitive). */
  q: z.string().trim().max(200).optional(),
  /** Only notes with this tag. */
  tag: z.string().trim().max(40).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type TNoteListQuery = z.input<typeof ZNoteListQuery>;

export const ZNoteList = z.object({
  notes: z.array(ZNoteView),
  /** Notes matching, over every page. */
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Every tag of the deck's notes, for the filter. */
  tags: z.array(z.string()),
});
export type TNoteList = z.infer<typeof ZNoteList>;

/** A text stored with the same words in both languages was written once (in one language, or the same in both). */
export function writtenOnce(text: { en: string; zh: string }): boolean {
  return text.en === text.zh;
}
