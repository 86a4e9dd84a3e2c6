'use client';

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { usePreferences } from './preferences';

export type CardLanguage = 'en' | 'zh';
const STORAGE_KEY = 'recurrence.cardLanguage';

const CardLanguageContext = createContext<{ lang: CardLanguage; setLang(lang: CardLanguage): void }>({ lang: 'en', setLang: () => {} });

/** The language cards are shown in, remembered in this browser. */
export function CardLanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<CardLanguage>('en');
  useEffect(() => {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh') setLangState(stored);
  }, []);
  const setLang = (next: CardLanguage) => {
    setLangState(next);
    window.localStorage.setItem(STORAGE_KEY, next);
  };
  return <CardLanguageContext.Provider value={{ lang, setLang }}>{children}</CardLanguageContext.Provider>;
}

export const useCardLanguage = () => useContext(CardLanguageContext);

export function CardLanguageSwitch() {
  const { lang, setLang } = useCardLanguage();
  const { t } = usePreferences();
  return (
    <div className="segmented" role="group" aria-label={t('cardLanguage.label')} title={t('cardLanguage.label')}>
      <button type="button" aria-pressed={lang === 'en'} onClick={() => setLang('en')}>
        EN
      </button>
      <button type="button" aria-pressed={lang === 'zh'} onClick={() => setLang('zh')}>
        中文
      </button>
    </div>
  );
}
