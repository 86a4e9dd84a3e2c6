'use client';

import { useTranslations } from 'next-intl';
import { usePreferences } from '../../../components/preferences';
import { useSession } from '../../../components/session';

/** Download the deck: the authoring zip, CSV, or an Anki package (with your review history, if you like). */
export function ExportLinks({ deckId }: { deckId: string }) {
  const t = useTranslations('transfer');
  const { cardLanguage } = usePreferences();
  const { user } = useSession();
  if (!user) return null;
  const base = `/api/v1/decks/${encodeURIComponent(deckId)}/export?language=${cardLanguage}&format=`;
  return (
    <p className="row export-links">
      <span className="muted">{t('exportLabel')}</span>
      <a className="button secondary" href={`${base}apkg`} download>
        {t('exportApkg')}
      </a>
      <a className="button secondary" href={`${base}apkg&history=true`} download>
        {t('exportApkgHistory')}
      </a>
      <a className="button secondary" href={`${base}csv`} download>
        {t('exportCsv')}
      </a>
      <a className="button secondary" href={`${base}yaml`} download>
        {t('exportYaml')}
      </a>
    </p>
  );
}
