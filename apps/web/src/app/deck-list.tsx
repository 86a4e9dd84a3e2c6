'use client';

import { ZDeckList, type TDeckSummary } from '@recurrence/contracts';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useCardLanguage } from '../components/card-language';
import { useSession } from '../components/session';
import { api } from '../lib/api';

export function DeckList() {
  const { user } = useSession();
  const { lang } = useCardLanguage();
  const [decks, setDecks] = useState<TDeckSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api(ZDeckList, '/api/v1/decks')
      .then((r) => setDecks(r.decks))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [user]);

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!decks) return <p className="muted">Loading decks…</p>;
  return (
    <section>
      <h2>Decks</h2>
      <ul className="deck-list">
        {decks.map((deck) => (
          <li key={deck.id} className="panel deck">
            <div>
              <h3>{deck.title[lang]}</h3>
              <p className="muted">{deck.description[lang]}</p>
              <p className="small">
                {deck.cardCount} cards
                {deck.due !== null && (
                  <>
                    {' '}· <strong>{deck.due}</strong> due · <strong>{deck.new}</strong> new
                  </>
                )}
              </p>
            </div>
            <span className="row">
              <Link className="button secondary" href={`/decks/${encodeURIComponent(deck.id)}`}>
                Browse
              </Link>
              <Link className="button" href={`/study?deck=${encodeURIComponent(deck.id)}`}>
                Study
              </Link>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
