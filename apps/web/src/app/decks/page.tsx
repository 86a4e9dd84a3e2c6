import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { DeckList } from '../deck-list';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t('decks.title') };
}

export default async function DecksPage() {
  const t = await getTranslations('transfer');
  return (
    <>
      <DeckList heading="h1" />
      <p className="row">
        <Link className="button secondary" href="/import">
          {t('importLink')}
        </Link>
      </p>
    </>
  );
}
