import { getTranslations } from 'next-intl/server';
import { DeckList } from './deck-list';

export default async function HomePage() {
  const t = await getTranslations();
  return (
    <>
      <section className="hero">
        <h1>{t('home.title')}</h1>
        <p>{t('home.intro')}</p>
      </section>
      <DeckList heading="h2" />
    </>
  );
}
