'use client';

import { useLocale } from 'next-intl';
import { useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useState, useTransition, type ReactNode } from 'react';
import type { Locale } from '../messages/locales';
import { PREFERENCE_COOKIES, writePreferenceCookie, type CardLanguage, type Theme } from '../lib/preferences';

type Preferences = {
  locale: Locale;
  /** Switches the interface language: stored in a cookie, then the server renders the page again in it. */
  setLocale(locale: Locale): void;
  /** True while the page is being rendered again in a newly chosen interface language. */
  switchingLocale: boolean;
  cardLanguage: CardLanguage;
  setCardLanguage(lang: CardLanguage): void;
  theme: Theme;
  setTheme(theme: Theme): void;
};
const PreferencesContext = createContext<Preferences | null>(null);

export type InitialPreferences = { theme: Theme; cardLanguage: CardLanguage; cardLanguageChosen: boolean };

/** Interface language, card language and theme; the server read them from cookies and rendered the page with them. */
export function PreferencesProvider({ initial, children }: { initial: InitialPreferences; children: ReactNode }) {
  const locale = useLocale();
  const router = useRouter();
  const [switchingLocale, startTransition] = useTransition();
  const [theme, setThemeState] = useState<Theme>(initial.theme);
  // A card language nobody chose follows the interface language.
  const [chosenCardLanguage, setChosenCardLanguage] = useState<CardLanguage | null>(initial.cardLanguageChosen ? initial.cardLanguage : null);

  const setLocale = useCallback(
    (next: Locale) => {
      writePreferenceCookie(PREFERENCE_COOKIES.locale, next);
      startTransition(() => router.refresh());
    },
    [router],
  );
  const setCardLanguage = useCallback((next: CardLanguage) => {
    setChosenCardLanguage(next);
    writePreferenceCookie(PREFERENCE_COOKIES.cardLanguage, next);
  }, []);
  const setTheme = useCallback((next: Theme) => {
    setThemeState(next);
    writePreferenceCookie(PREFERENCE_COOKIES.theme, next);
    if (next === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', next);
  }, []);

  return (
    <PreferencesContext.Provider value={{ locale, setLocale, switchingLocale, cardLanguage: chosenCardLanguage ?? locale, setCardLanguage, theme, setTheme }}>
      {children}
    </PreferencesContext.Provider>
  );
}

export function usePreferences(): Preferences {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences outside PreferencesProvider');
  return value;
}
