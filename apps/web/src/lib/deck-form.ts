/**
 * The deck form (name and description) and its mapping to the API's `TCreateDeckRequest` / `TUpdateDeckRequest`.
 * A deck written in one language is edited in one field per text; a deck whose title or description differs
 * between the languages gets a field per language, so renaming it in one does not overwrite the other.
 */
import { writtenOnce, type TCreateDeckRequest, type TDeckSummary } from '@recurrence/contracts';
import type { Lang, Languages, Text } from './note-form';

export type DeckForm = { languages: Languages; title: Text; description: Text };

export const blankDeckForm = (lang: Lang): DeckForm => ({ languages: lang, title: { en: '', zh: '' }, description: { en: '', zh: '' } });

export function deckFormOf(deck: Pick<TDeckSummary, 'title' | 'description'>, lang: Lang): DeckForm {
  const once = writtenOnce(deck.title) && (writtenOnce(deck.description) || deck.description[lang === 'en' ? 'zh' : 'en'] === '');
  return { languages: once ? lang : 'both', title: { ...deck.title }, description: { ...deck.description } };
}

/** The request body: only the languages shown (the API writes a text given in one language in both). */
export function deckRequest(form: DeckForm): TCreateDeckRequest & { description: Partial<Text> } {
  const pick = (t: Text): Partial<Text> => (form.languages === 'both' ? { en: t.en, zh: t.zh } : { [form.languages]: t[form.languages] });
  return { title: pick(form.title), description: pick(form.description) };
}

/** The form field an API error names for a deck: `body.title.en` → title. */
export function deckFieldOfIssue(apiField: string): 'title' | 'description' | null {
  const m = /^body\.(title|description)\b/.exec(apiField);
  return m ? (m[1] as 'title' | 'description') : null;
}
