'use client';

import { usePreferences } from '../components/preferences';
import { DeckList } from './deck-list';

export default function HomePage() {
  const { t } = usePreferences();
  return (
    <>
      <section className="hero">
        <h1>{t('home.title')}</h1>
        <p>{t('home.intro')}</p>
      </section>
      <DeckList />
    </>
  );
}
