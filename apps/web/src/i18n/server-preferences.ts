import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { isLocale, type Locale } from '../messages';
import { isTheme, PREFERENCE_COOKIES, type CardLanguage, type Theme } from '../lib/preferences';
import { negotiateLocale } from './negotiate';

export type Preferences = {
  /** The interface language: the cookie, else negotiated from Accept-Language. */
  locale: Locale;
  /** The card language: the cookie, else the interface language. */
  cardLanguage: CardLanguage;
  /** Whether the card language was chosen (otherwise it follows the interface language). */
  cardLanguageChosen: boolean;
  theme: Theme;
};

/** This request's display preferences (read once per request). */
export const readPreferences = cache(async (): Promise<Preferences> => {
  const jar = await cookies();
  const stored = jar.get(PREFERENCE_COOKIES.locale)?.value;
  const locale = isLocale(stored) ? stored : negotiateLocale((await headers()).get('accept-language'));
  const card = jar.get(PREFERENCE_COOKIES.cardLanguage)?.value;
  const theme = jar.get(PREFERENCE_COOKIES.theme)?.value;
  return {
    locale,
    cardLanguage: isLocale(card) ? card : locale,
    cardLanguageChosen: isLocale(card),
    theme: isTheme(theme) ? theme : 'system',
  };
});
