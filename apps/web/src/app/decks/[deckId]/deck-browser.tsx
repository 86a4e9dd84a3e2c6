'use client';

import { cardBack, cardFront, ZCardList, type TCardView } from '@recurrence/contracts';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { CardView } from '../../../components/card-view';
import { api } from '../../../lib/api';

/** Every card of a deck, in order; each can be revealed in place (worked answers included). */
export function DeckBrowser({ deckId }: { deckId: string }) {
  const t = useTranslations();
  const [cards, setCards] = useState<TCardView[] | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api(ZCardList, `/api/v1/decks/${encodeURIComponent(deckId)}/cards`).then((r) => setCards(r.cards), (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [deckId]);
  if (error) return <p className="error">{error}</p>;
  if (!cards) return <p className="muted">{t('common.loading')}</p>;
  const reveal = (id: string) => setOpen((s) => new Set(s).add(id));
  return (
    <section className="browse">
      <p>
        <Link href={`/study?deck=${encodeURIComponent(deckId)}`} className="button">
          {t('deck.studyThis')}
        </Link>{' '}
        <span className="muted">{t('common.cardCount', { count: cards.length })}</span>
      </p>
      {cards.map((c) => (
        <div key={c.id} id={`${c.slug}-${c.ordinal}`} className="browse-item">
          <p className="small muted">
            {c.content.section} · {t(`cardType.${c.content.type}`)}
            {c.content.experiment ? t('deck.labRef', { experiment: c.content.experiment.id }) : ''}
          </p>
          <CardView front={cardFront(c.content, c.ordinal)} back={cardBack(c.content, c.ordinal)} revealed={open.has(c.id)} ids={{ cardId: c.id, noteId: c.noteId, ordinal: c.ordinal }} />
          {!open.has(c.id) && (
            <button type="button" className="link-button small" onClick={() => reveal(c.id)}>
              {t('study.showAnswer')}
            </button>
          )}
        </div>
      ))}
    </section>
  );
}
