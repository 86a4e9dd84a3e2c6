'use client';

import { ZNextCardResponse, ZReviewResponse, type TNextCardResponse, type TRating } from '@recurrence/contracts';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CardView, type CardAnswer } from '../../components/card-view';
import { useSession } from '../../components/session';
import { api, ApiRequestError } from '../../lib/api';
import { formatInterval } from '../../lib/format';

const RATING_LABELS: Record<TRating, string> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' };

/** The review loop: show the due card, reveal (Space), rate (1–4); each rating is saved before the next card shows. */
export function StudySession({ deckId }: { deckId: string | undefined }) {
  const { user, loading, startAsGuest } = useSession();
  const [data, setData] = useState<TNextCardResponse | null>(null);
  const [revealed, setRevealed] = useState(false);
  const [answer, setAnswer] = useState<CardAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const shownAt = useRef(Date.now());

  const load = useCallback(async () => {
    setError(null);
    const query = deckId ? `?deckId=${encodeURIComponent(deckId)}` : '';
    const next = await api(ZNextCardResponse, `/api/v1/study/next${query}`);
    setData(next);
    setRevealed(false);
    setAnswer(null);
    shownAt.current = Date.now();
  }, [deckId]);

  useEffect(() => {
    if (user) void load().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [user, load]);

  const rate = useCallback(
    async (rating: TRating) => {
      const current = data?.next;
      if (!current || saving) return;
      setSaving(true);
      try {
        await api(ZReviewResponse, '/api/v1/study/reviews', {
          method: 'POST',
          body: {
            clientId: crypto.randomUUID(),
            cardId: current.card.id,
            rating,
            durationMs: Math.min(Date.now() - shownAt.current, 24 * 3600 * 1000),
            expectedVersion: current.version,
          },
        });
        await load();
      } catch (e) {
        if (e instanceof ApiRequestError && e.status === 409) await load();
        else setError(e instanceof Error ? e.message : String(e));
      } finally {
        setSaving(false);
      }
    },
    [data, load, saving],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      if (!data?.next) return;
      const type = data.next.card.content.type;
      if (!revealed && event.key === ' ' && type !== 'multiple-choice' && type !== 'numeric') {
        event.preventDefault();
        setRevealed(true);
      } else if (revealed && ['1', '2', '3', '4'].includes(event.key)) {
        event.preventDefault();
        void rate(Number(event.key) as TRating);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [data, revealed, rate]);

  if (loading) return <p className="muted">Loading…</p>;
  if (!user) {
    return (
      <section className="panel center">
        <h1>Study</h1>
        <p>Start right away as a guest — your progress is kept when you create an account later — or sign in.</p>
        <div className="row">
          <button type="button" className="button" onClick={() => void startAsGuest()}>
            Start as guest
          </button>
          <Link href="/sign-in" className="button secondary">
            Sign in
          </Link>
        </div>
      </section>
    );
  }
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!data) return <p className="muted">Loading…</p>;

  const { next, counts } = data;
  return (
    <section className="study">
      <div className="study-bar">
        <span>
          <strong data-testid="due-count">{counts.due}</strong> due · <strong data-testid="new-count">{counts.new}</strong> new
        </span>
        {next && <span className="muted small">state: {next.state}</span>}
      </div>
      {!next ? (
        <div className="panel center" data-testid="done">
          <h2>All caught up</h2>
          <p>Nothing is due right now. Come back when the next card is due.</p>
        </div>
      ) : (
        <>
          <CardView
            key={next.card.id + ':' + next.version}
            card={next.card.content}
            revealed={revealed}
            onChecked={(a) => {
              setAnswer(a);
              setRevealed(true);
            }}
          />
          {!revealed ? (
            next.card.content.type !== 'multiple-choice' &&
            next.card.content.type !== 'numeric' && (
              <button type="button" className="button wide" onClick={() => setRevealed(true)}>
                Show answer <kbd>Space</kbd>
              </button>
            )
          ) : (
            <div className="ratings" role="group" aria-label="Rate your recall">
              {answer && (
                <p className="grade" data-correct={answer.suggested >= 3}>
                  {answer.summary} — suggested: {RATING_LABELS[answer.suggested]}
                </p>
              )}
              {next.previews.map((p) => (
                <button
                  key={p.rating}
                  type="button"
                  className={`rating rating-${p.rating}${answer?.suggested === p.rating ? ' suggested' : ''}`}
                  disabled={saving}
                  onClick={() => void rate(p.rating)}
                >
                  <span className="interval">{formatInterval(p.intervalMs)}</span>
                  <span>{RATING_LABELS[p.rating]}</span>
                  <kbd>{p.rating}</kbd>
                </button>
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}
