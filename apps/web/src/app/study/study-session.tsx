'use client';

import { ZCardStateChange, ZNextCardResponse, ZReviewResponse, ZUndoResponse, type TNextCardResponse, type TRating } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CardView, type CardAnswer } from '../../components/card-view';
import { useSession } from '../../components/session';
import { api, ApiRequestError } from '../../lib/api';
import { formatInterval } from '../../lib/format';

const RATING_KEYS = { 1: 'study.again', 2: 'study.hard', 3: 'study.good', 4: 'study.easy' } as const;

/** The review loop: show the due card, reveal (Space), rate (1–4); each rating is saved before the next card shows. */
export function StudySession({ deckId }: { deckId: string | undefined }) {
  const { user, startAsGuest } = useSession();
  const t = useTranslations();
  const tInterval = useTranslations('interval');
  const [notice, setNotice] = useState<string | null>(null);
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
      setNotice(null);
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

  const act = useCallback(
    async (action: 'undo' | 'bury' | 'suspend') => {
      const current = data?.next;
      if (saving || (action !== 'undo' && !current)) return;
      setSaving(true);
      try {
        if (action === 'undo') {
          const { undone } = await api(ZUndoResponse, '/api/v1/study/undo', { method: 'POST' });
          setNotice(undone ? t('study.undone', { rating: t(RATING_KEYS[undone.rating as TRating]) }) : null);
        } else if (action === 'bury') {
          await api(ZCardStateChange, `/api/v1/study/cards/${current!.card.id}/bury`, { method: 'POST' });
          setNotice(t('study.bury'));
        } else {
          await api(ZCardStateChange, `/api/v1/study/cards/${current!.card.id}/suspended`, { method: 'PUT', body: { suspended: true } });
          setNotice(t('study.suspend'));
        }
        await load();
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      } finally {
        setSaving(false);
      }
    },
    [data, load, saving, t],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'u') {
        event.preventDefault();
        void act('undo');
        return;
      }
      if (!data?.next) return;
      if (key === 'b' || key === 's') {
        event.preventDefault();
        void act(key === 'b' ? 'bury' : 'suspend');
        return;
      }
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
  }, [data, revealed, rate, act]);

  if (!user) {
    return (
      <section className="panel center">
        <h1>{t('study.title')}</h1>
        <p>{t('study.intro')}</p>
        <div className="row">
          <button type="button" className="button" onClick={() => void startAsGuest()}>
            {t('study.startGuest')}
          </button>
          <Link href="/sign-in" className="button secondary">
            {t('auth.signIn')}
          </Link>
        </div>
      </section>
    );
  }
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!data) return <p className="muted">{t('common.loading')}</p>;

  const { next, counts } = data;
  return (
    <section className="study" aria-busy={saving}>
      <h1 className="visually-hidden">{t('study.title')}</h1>
      <div className="study-bar">
        <span>
          <strong data-testid="due-count">{counts.due}</strong> {t('study.due')} · <strong data-testid="new-count">{counts.new}</strong> {t('study.new')}
        </span>
        <span className="study-actions">
          <button type="button" className="link-button small" onClick={() => void act('undo')} disabled={saving}>
            {t('study.undo')} <kbd>U</kbd>
          </button>
          {next && (
            <>
              <button type="button" className="link-button small" onClick={() => void act('bury')} disabled={saving}>
                {t('study.bury')} <kbd>B</kbd>
              </button>
              <button type="button" className="link-button small" onClick={() => void act('suspend')} disabled={saving}>
                {t('study.suspend')} <kbd>S</kbd>
              </button>
            </>
          )}
        </span>
      </div>
      {notice && (
        <p className="small muted" role="status">
          {notice}
        </p>
      )}
      <p className="small muted keys-hint">{t('study.keys')}</p>
      {!next ? (
        <div className="panel center" data-testid="done">
          <h2>{t('study.done')}</h2>
          <p>{t('study.doneText')}</p>
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
                {t('study.showAnswer')} <kbd>Space</kbd>
              </button>
            )
          ) : (
            <div className="ratings" role="group" aria-label={t('study.rate')}>
              {answer && (
                <p className="grade" data-correct={answer.suggested >= 3}>
                  {t('study.suggested', { summary: answer.summary, rating: t(RATING_KEYS[answer.suggested]) })}
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
                  <span className="interval">{formatInterval(p.intervalMs, tInterval)}</span>
                  <span>{t(RATING_KEYS[p.rating])}</span>
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
