import en from './en';
import type { Translation } from './types';
import zh from './zh';

/** The interface languages, English first (the fallback). */
export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/** The English messages define the keys and their ICU arguments; every other language has exactly the same keys. */
export type Messages = typeof en;

export const MESSAGES: { en: Messages; zh: Translation<Messages> } = { en, zh };

/** The BCP 47 tag of an interface language, for `<html lang>` and number/date formatting. */
export function localeTag(locale: Locale): string {
  return locale === 'zh' ? 'zh-CN' : 'en';
}
