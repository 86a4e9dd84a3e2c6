'use client';

import { createContext, Fragment, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { formatParts, MESSAGES, translate, uiLocale, type MessageArgs, type MessageKey, type MessageValues, type Translate, type UiLanguage } from '../lib/messages';

export type Theme = 'system' | 'light' | 'dark';
const UI_KEY = 'recurrence.uiLanguage';
const THEME_KEY = 'recurrence.theme';

type Preferences = {
  ui: UiLanguage;
  setUi(ui: UiLanguage): void;
  theme: Theme;
  setTheme(theme: Theme): void;
  /** A message in the interface language: `t('nav.decks')`, `t('common.cardCount', { count: 3 })`. */
  t: Translate;
  /** The same, for a sentence whose values are elements (`<strong>…</strong>`, links). */
  rich<K extends MessageKey>(key: K, values: MessageValues<K, ReactNode>): ReactNode;
};
const PreferencesContext = createContext<Preferences | null>(null);

/** Interface language and theme, remembered in this browser. */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [ui, setUiState] = useState<UiLanguage>('en');
  const [theme, setThemeState] = useState<Theme>('system');
  useEffect(() => {
    const storedUi = localStorage.getItem(UI_KEY);
    if (storedUi === 'en' || storedUi === 'zh') setUiState(storedUi);
    else if (navigator.language.toLowerCase().startsWith('zh')) setUiState('zh');
    const storedTheme = localStorage.getItem(THEME_KEY);
    if (storedTheme === 'light' || storedTheme === 'dark' || storedTheme === 'system') setThemeState(storedTheme);
  }, []);
  useEffect(() => {
    document.documentElement.lang = uiLocale(ui);
  }, [ui]);
  const setUi = useCallback((next: UiLanguage) => {
    setUiState(next);
    localStorage.setItem(UI_KEY, next);
  }, []);
  const setTheme = useCallback((next: Theme) => {
    setThemeState(next);
    localStorage.setItem(THEME_KEY, next);
    if (next === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', next);
  }, []);
  const t = useCallback(<K extends MessageKey>(key: K, ...args: MessageArgs<K>) => translate(ui, key, ...args), [ui]);
  const rich = useCallback(
    <K extends MessageKey>(key: K, values: MessageValues<K, ReactNode>) =>
      formatParts<ReactNode>(MESSAGES[ui][key], values as Record<string, ReactNode>).map((part, i) => <Fragment key={i}>{part}</Fragment>),
    [ui],
  );
  return <PreferencesContext.Provider value={{ ui, setUi, theme, setTheme, t, rich }}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): Preferences {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences outside PreferencesProvider');
  return value;
}

/** Applies the stored theme before the first paint (no flash of the wrong theme). Our own code, not card content. */
export const themeBootScript = `try{var t=localStorage.getItem('${THEME_KEY}');if(t==='light'||t==='dark')document.documentElement.setAttribute('data-theme',t)}catch(e){}`;
