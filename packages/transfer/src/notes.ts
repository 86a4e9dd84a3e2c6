/** Building validated notes from imported text: the language of the text, slugs, tags, and the per-row report. */
import { createHash } from 'node:crypto';
import { CARD_ID_PATTERN, ZNote, type TLocalizedText, type TNote } from '@recurrence/contracts';

export type TImportLanguage = 'en' | 'zh';

/**
 * Imported text is in one language. Until notes may carry one language only, the text stands for both, so the card
 * shows it whichever language is chosen.
 */
export function localized(text: string, _language: TImportLanguage): TLocalizedText {
  return { en: text, zh: text };
}

/** The text of a localized field in the import language (for export). */
export function textOf(value: TLocalizedText | undefined, language: TImportLanguage): string {
  if (!value) return '';
  return value[language] || value.en || value.zh || '';
}

/** Tags as Recurrence keeps them (lower-case slugs); Anki's `::` hierarchy becomes `-`. Null when nothing is left. */
export function tagSlug(tag: string): string | null {
  const slug = tag
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug.length > 0 ? slug : null;
}

/** A note slug from an external id (Anki's guid, a CSV row's text): kept when it is already a slug, hashed otherwise. */
export function noteSlug(externalId: string, used: Set<string>): string {
  let slug = CARD_ID_PATTERN.test(externalId) ? externalId : `n-${createHash('sha256').update(externalId).digest('hex').slice(0, 16)}`;
  for (let n = 2; used.has(slug); n += 1) slug = `${slug.replace(/-\d+$/, '')}-${n}`;
  used.add(slug);
  return slug;
}

/** Section ids are slugs of 2–64 characters. */
export function sectionSlug(name: string): string {
  const slug = (tagSlug(name.replace(/::/g, ' ')) ?? '').slice(0, 64);
  return slug.length >= 2 ? slug : 'imported';
}

export type TRefusal = {
  /** Where: "line 12", "note 1684…", "deck.yaml:3". */
  at: string;
  reason: string;
};

/** Validates a note; the refusal names the first problems. */
export function validateNote(candidate: unknown, at: string): { note: TNote } | { refusal: TRefusal } {
  const parsed = ZNote.safeParse(candidate);
  if (parsed.success) return { note: parsed.data };
  const reason = parsed.error.issues
    .slice(0, 3)
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
  return { refusal: { at, reason } };
}
