'use client';

import { useTranslations } from 'next-intl';
import { useId } from 'react';
import { localeTag, LOCALES } from '../messages/locales';
import { usePreferences } from './preferences';

/** The language cards are shown in (independent of the interface language). */
export function useCardLanguage() {
  const { cardLanguage, setCardLanguage } = usePreferences();
  return { lang: cardLanguage, setLang: setCardLanguage };
}

/** The names of the languages, each in its own language (a reader of either can find theirs). */
export const LANGUAGE_NAMES = { en: 'English', zh: '中文' } as const;

/** The options of a language select: each language named in itself. */
export function LanguageOptions() {
  return LOCALES.map((l) => (
    <option key={l} value={l} lang={localeTag(l)}>
      {LANGUAGE_NAMES[l]}
    </option>
  ));
}

/** A labelled choice of the card language, for the places cards are shown and settings. */
export function CardLanguageChoice({ className }: { className?: string }) {
  const { lang, setLang } = useCardLanguage();
  const t = useTranslations();
  const id = useId();
  return (
    <span className={`language-choice ${className ?? ''}`}>
      <label htmlFor={id}>{t('cardLanguage.label')}</label>
      <select id={id} value={lang} onChange={(e) => setLang(e.target.value as (typeof LOCALES)[number])} data-testid="card-language">
        <LanguageOptions />
      </select>
    </span>
  );
}
