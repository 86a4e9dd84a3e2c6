'use client';

import { ZDeckList, type TDeckSummary } from '@recurrence/contracts';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useCardLanguage } from '../components/card-language';
import { usePreferences } from '../components/preferences';
import { useSession } from '../components/session';
import { api } from '../lib/api';

export function DeckList() {
  const { user } = useSession();
  const { lang } = useCardLanguage();
  const { t } = usePreferences();
  const [decks, setDecks] = useState<TDeckSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api(ZDeckList, '/api/v1/decks')
      .then((r) => setDecks(r.decks))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [user]);

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!decks) return <p className="muted">{t('decks.loading')}</p>;
  return (
    <section>
      <h2>{t('decks.title')}</h2>
      <ul className="deck-list">
        {decks.map((deck) => (
          <li key={deck.id} className="panel deck">
            <div>
              <h3>{deck.title[lang]}</h3>
              <p className="muted">{deck.description[lang]}</p>
              <p className="small">
                {t('common.cardCount', { count: deck.cardCount })}
                {deck.due !== null && (
                  <>
                    {' '}· <strong>{deck.due}</strong> {t('study.due')} · <strong>{deck.new}</strong> {t('study.new')}
                  </>
                )}
              </p>
            </div>
            <span className="row">
              <Link className="button secondary" href={`/decks/${encodeURIComponent(deck.id)}`}>
                {t('decks.browse')}
              </Link>
              <Link className="button" href={`/study?deck=${encodeURIComponent(deck.id)}`}>
                {t('decks.study')}
              </Link>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
