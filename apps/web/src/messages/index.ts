import en from './en';
import type { Translation } from './types';
import zh from './zh';

export { DEFAULT_LOCALE, isLocale, localeTag, LOCALES, type Locale } from './locales';

/** The English messages define the keys and their ICU arguments; every other language has exactly the same keys. */
export type Messages = typeof en;

export const MESSAGES: { en: Messages; zh: Translation<Messages> } = { en, zh };
