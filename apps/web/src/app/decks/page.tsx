import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { DeckList } from '../deck-list';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t('decks.title') };
}

export default function DecksPage() {
  return <DeckList heading="h1" />;
}
