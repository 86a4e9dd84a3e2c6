import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { DeckList } from '../deck-list';
import { NewDeck } from './deck-forms';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t('decks.title') };
}

export default async function DecksPage() {
  const t = await getTranslations('transfer');
  return (
    <>
      <DeckList heading="h1" />
      <NewDeck />
      <p className="row start">
        <Link className="button secondary" href="/import">
          {t('importLink')}
        </Link>
      </p>
    </>
  );
}
