import { ZBrowseResponse, ZDeckSummary } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { readPreferences } from '../../../i18n/server-preferences';
import { localeTag } from '../../../messages/locales';
import { ApiRequestError } from '../../../lib/api';
import { serverApi } from '../../../lib/server-api';
import '../../import/import.css';
import { DeckSettings } from '../deck-forms';
import { DeckBrowser } from './deck-browser';
import { ExportLinks } from './export-links';

type Props = { params: Promise<{ deckId: string }> };

/** The deck, if the visitor may read it (404: not found or not theirs). */
async function findDeck(deckId: string) {
  try {
    return await serverApi(ZDeckSummary, `/api/v1/decks/${encodeURIComponent(deckId)}`);
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 404) return null;
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const [deck, { cardLanguage }] = await Promise.all([findDeck((await params).deckId), readPreferences()]);
  return deck ? { title: deck.title[cardLanguage] } : {};
}

export default async function DeckPage({ params }: Props) {
  const { deckId } = await params;
  const [deck, { cardLanguage }] = await Promise.all([findDeck(deckId), readPreferences()]);
  if (!deck) notFound();
  // The browser's first page is read here, so the page arrives with its cards (and opens at the top).
  const initial = await serverApi(ZBrowseResponse, `/api/v1/decks/${encodeURIComponent(deckId)}/browse`);
  return (
    <>
      <h1 lang={localeTag(cardLanguage)}>{deck.title[cardLanguage]}</h1>
      {deck.description[cardLanguage] && (
        <p className="muted" lang={localeTag(cardLanguage)}>
          {deck.description[cardLanguage]}
        </p>
      )}
      {deck.canEdit && <DeckSettings deck={deck} />}
      <ExportLinks deckId={deckId} />
      <DeckBrowser deckId={deckId} initial={initial} canEdit={deck.canEdit} />
    </>
  );
}
