import type { Locale } from '../messages';

/**
 * The three display preferences live in cookies, so the server renders the page in the chosen interface language,
 * card language and theme (no flash of English or of the wrong theme). Not sensitive: readable by scripts.
 */
export const PREFERENCE_COOKIES = { locale: 'locale', cardLanguage: 'cardLanguage', theme: 'theme' } as const;

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const isTheme = (value: unknown): value is Theme => THEMES.includes(value as Theme);

/** The language cards are shown in; independent of the interface language. */
export type CardLanguage = Locale;

const ONE_YEAR_S = 365 * 24 * 3600;

/** Stores a preference for a year (browser side). */
export function writePreferenceCookie(name: (typeof PREFERENCE_COOKIES)[keyof typeof PREFERENCE_COOKIES], value: string): void {
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${ONE_YEAR_S}; SameSite=Lax${secure}`;
}
