/**
 * The interface languages and their tags, without the message catalogues: client components import this, so that the
 * catalogues (both languages, every namespace) stay out of their JavaScript. The server hands the client the messages
 * of the page's language through NextIntlClientProvider.
 */

/** The interface languages, English first (the fallback). */
export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/** The BCP 47 tag of an interface language, for `<html lang>` and number/date formatting. */
export function localeTag(locale: Locale): string {
  return locale === 'zh' ? 'zh-CN' : 'en';
}
