import { ZDeckList } from '@recurrence/contracts';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { readPreferences } from '../i18n/server-preferences';
import { localeTag } from '../messages/locales';
import { serverApi } from '../lib/server-api';

/** The decks with this user's due and new counts, loaded and rendered on the server. */
export async function DeckList({ heading }: { heading: 'h1' | 'h2' }) {
  const [t, { cardLanguage }, { decks }] = await Promise.all([getTranslations(), readPreferences(), serverApi(ZDeckList, '/api/v1/decks')]);
  const Heading = heading;
  return (
    <section aria-labelledby="decks-heading">
      <Heading id="decks-heading">{t('decks.title')}</Heading>
      <ul className="deck-list">
        {decks.map((deck) => (
          <li key={deck.id} className="panel deck">
            <div>
              <h3 lang={localeTag(cardLanguage)}>{deck.title[cardLanguage]}</h3>
              <p className="muted" lang={localeTag(cardLanguage)}>
                {deck.description[cardLanguage]}
              </p>
              <p className="small">
                {t('common.cardCount', { count: deck.cardCount })}
                {deck.due !== null && (
                  <>
                    {' · '}
                    {t.rich('decks.dueNew', { due: deck.due, new: deck.new ?? 0, b: (chunks) => <strong>{chunks}</strong> })}
                  </>
                )}
              </p>
            </div>
            <span className="row">
              <Link className="button secondary" href={`/decks/${encodeURIComponent(deck.id)}`} aria-label={t('decks.browseDeck', { title: deck.title[cardLanguage] })}>
                {t('decks.browse')}
              </Link>
              <Link className="button" href={`/study?deck=${encodeURIComponent(deck.id)}`} aria-label={t('decks.studyDeck', { title: deck.title[cardLanguage] })}>
                {t('decks.study')}
              </Link>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
