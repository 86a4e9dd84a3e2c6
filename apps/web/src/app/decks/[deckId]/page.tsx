import { ZDeckList } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { readPreferences } from '../../../i18n/server-preferences';
import { localeTag } from '../../../messages';
import { serverApi } from '../../../lib/server-api';
import '../../import/import.css';
import { DeckBrowser } from './deck-browser';
import { ExportLinks } from './export-links';

type Props = { params: Promise<{ deckId: string }> };

async function findDeck(deckId: string) {
  const { decks } = await serverApi(ZDeckList, '/api/v1/decks');
  return decks.find((d) => d.id === deckId);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const [deck, { cardLanguage }] = await Promise.all([findDeck((await params).deckId), readPreferences()]);
  return deck ? { title: deck.title[cardLanguage] } : {};
}

export default async function DeckPage({ params }: Props) {
  const { deckId } = await params;
  const [deck, { cardLanguage }] = await Promise.all([findDeck(deckId), readPreferences()]);
  if (!deck) notFound();
  return (
    <>
      <h1 lang={localeTag(cardLanguage)}>{deck.title[cardLanguage]}</h1>
      <ExportLinks deckId={deckId} />
      <DeckBrowser deckId={deckId} />
    </>
  );
}
