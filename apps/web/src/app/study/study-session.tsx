'use client';

import {
  ZCardStateChange,
  ZCheckResponse,
  ZNextCardResponse,
  ZReviewResponse,
  ZUndoResponse,
  type TAnswer,
  type TCardFront,
  type TCheckResponse,
  type TNextCardResponse,
  type TRating,
} from '@recurrence/contracts';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { CardView } from '../../components/card-view';
import { useCardLanguage } from '../../components/card-language';
import { useSession } from '../../components/session';
import { api, ApiRequestError } from '../../lib/api';
import { takeGuestMerge } from '../../lib/guest-merge-notice';
import { formatInterval } from '../../lib/format';

/** With nothing to study, the page comes back by itself when the next card is due within this. */
const COME_BACK_WITHIN_MS = 24 * 3_600_000;

const RATING_KEYS = { 1: 'study.again', 2: 'study.hard', 3: 'study.good', 4: 'study.easy' } as const;

/** What "reveal without answering" sends for a card graded on the server: an empty answer of its kind. */
function emptyAnswer(front: TCardFront, lang: 'en' | 'zh'): TAnswer {
  if (front.type === 'multiple-choice') return { kind: 'choices', ids: [] };
  if (front.type === 'numeric') return { kind: 'number', text: '' };
  return { kind: 'typed', text: '', lang };
}

/** The review loop: show the due card, reveal (Space), rate (1–4); each rating is saved before the next card shows. */
export function StudySession({ deckId, first }: { deckId: string | undefined; first?: TNextCardResponse }) {
  const { user, startAsGuest } = useSession();
  const t = useTranslations();
  const tInterval = useTranslations('interval');
  const { lang } = useCardLanguage();
  const [notice, setNotice] = useState<string | null>(null);
  const [data, setData] = useState<TNextCardResponse | null>(first ?? null);
  const [revealed, setRevealed] = useState(false);
  /** What was answered on a card graded on the server, and the server's grade of it. */
  const [answer, setAnswer] = useState<TAnswer | null>(null);
  const [checked, setChecked] = useState<TCheckResponse | null>(null);
  /** A rating suggested by an open card's checklist. */
  const [selfGrade, setSelfGrade] = useState<TRating | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  /** The server renders the first card: its buttons stay off until this code runs, so no early click is lost. */
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const shownAt = useRef(Date.now());
  /** The card (its wrapper), focused after a rating, bury, suspend or undo so the keyboard and screen readers are on it. */
  const cardRef = useRef<HTMLDivElement>(null);
  const moveFocus = useRef(false);
  /** What the live region says: the next card has come (after an action, not on the first load). */
  const [announcement, setAnnouncement] = useState('');

  /**
   * The words `load` announces with, read through a ref: a router refresh (the one after starting as a guest) sends
   * the messages again, and a `load` that changed with them would fetch the card again and hide an answer just shown.
   */
  const tRef = useRef(t);
  useEffect(() => {
    tRef.current = t;
  }, [t]);

  const load = useCallback(async (after: 'action' | 'first' = 'first') => {
    setError(null);
    const query = deckId ? `?deckId=${encodeURIComponent(deckId)}` : '';
    const next = await api(ZNextCardResponse, `/api/v1/study/next${query}`);
    setData(next);
    // A new card opens at its top (after a rating on a phone the page is scrolled down to the buttons).
    window.scrollTo({ top: 0 });
    setRevealed(false);
    setAnswer(null);
    setChecked(null);
    setSelfGrade(null);
    shownAt.current = Date.now();
    if (after === 'action') {
      moveFocus.current = true;
      const say = tRef.current;
      setAnnouncement(next.next ? say('study.nextCard', { due: next.counts.due, new: next.counts.new }) : say('study.done'));
    }
  }, [deckId]);

  // After an action the new card takes the focus, unless something in it (a typed answer) already has it.
  useEffect(() => {
    if (!moveFocus.current || !data) return;
    moveFocus.current = false;
    const card = cardRef.current;
    if (card && !card.contains(document.activeElement)) card.focus({ preventScroll: true });
  }, [data]);

  // The first card, once someone is signed in (a new account or guest), not again when the same user's details are re-read.
  // The server may have sent the first card already, for the user it rendered the page for.
  const userId = user?.id ?? null;
  const loadedFor = useRef(first ? userId : null);
  useEffect(() => {
    if (!userId) loadedFor.current = null;
    if (!userId || loadedFor.current === userId) return;
    loadedFor.current = userId;
    void load().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [userId, load]);

  // After signing in as a guest: say what of the guest's progress the account now has (once).
  useEffect(() => {
    const merged = takeGuestMerge();
    if (merged) setNotice(t('auth.guestKept', merged));
  }, [t]);

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
            ...(answer ? { answer } : {}),
          },
        });
        await load('action');
      } catch (e) {
        if (e instanceof ApiRequestError && e.status === 409) await load('action');
        else setError(e instanceof Error ? e.message : String(e));
      } finally {
        setSaving(false);
      }
    },
    [data, load, saving, answer],
  );

  /** Grades an answer on the server and reveals the card with its back. */
  const check = useCallback(
    async (given: TAnswer) => {
      const current = data?.next;
      if (!current || saving || revealed) return;
      setSaving(true);
      try {
        const result = await api(ZCheckResponse, '/api/v1/study/check', { method: 'POST', body: { cardId: current.card.id, answer: given } });
        setChecked(result);
        setAnswer(result.answered ? given : null);
        setRevealed(true);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      } finally {
        setSaving(false);
      }
    },
    [data, saving, revealed],
  );

  /** Shows the answer side; a card graded on the server is checked with nothing answered. */
  const reveal = useCallback(() => {
    const current = data?.next;
    if (!current || revealed) return;
    if (current.card.back !== null) setRevealed(true);
    else void check(emptyAnswer(current.card.front, lang));
  }, [data, revealed, check, lang]);

  const act = useCallback(
    async (action: 'undo' | 'bury' | 'suspend') => {
      const current = data?.next;
      if (saving || (action !== 'undo' && !current)) return;
      setSaving(true);
      try {
        if (action === 'undo') {
          const { undone } = await api(ZUndoResponse, '/api/v1/study/undo', { method: 'POST' });
          if (!undone) setNotice(t('study.nothingToUndo'));
          else if (undone.kind === 'rating') setNotice(t('study.undone', { rating: t(RATING_KEYS[undone.rating as TRating]) }));
          else setNotice(t('study.undoneAction', { action: undone.kind }));
        } else if (action === 'bury') {
          await api(ZCardStateChange, `/api/v1/study/cards/${current!.card.id}/bury`, { method: 'POST' });
          setNotice(t('study.buried'));
        } else {
          await api(ZCardStateChange, `/api/v1/study/cards/${current!.card.id}/suspended`, { method: 'PUT', body: { suspended: true } });
          setNotice(t('study.suspended'));
        }
        await load('action');
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
      // A choice's own keys (digits, Enter with a choice picked) are handled by the card; a focused button or link
      // keeps its own Space and Enter.
      if (event.defaultPrevented) return;
      if (target && (target.tagName === 'BUTTON' || target.tagName === 'A' || target.tagName === 'SUMMARY') && (event.key === ' ' || event.key === 'Enter')) return;
      // Anki: Space or Enter shows the answer, and on the answer side rates Good.
      if (event.key === ' ' || event.key === 'Enter') {
        event.preventDefault();
        if (!revealed) reveal();
        else void rate(3);
      } else if (revealed && ['1', '2', '3', '4'].includes(event.key)) {
        event.preventDefault();
        void rate(Number(event.key) as TRating);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [data, revealed, rate, act, reveal]);

  // With nothing to study, come back by itself when the next card falls due (if that is today).
  const nextDue = data && data.next === null ? data.nextDue : null;
  useEffect(() => {
    if (!nextDue) return;
    const wait = new Date(nextDue).getTime() - Date.now();
    if (wait > COME_BACK_WITHIN_MS) return;
    const timer = setTimeout(() => void load('action').catch(() => undefined), Math.max(1000, wait + 1000));
    return () => clearTimeout(timer);
  }, [nextDue, load]);

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
  /** Saving, or not yet able to act (the server's first card before this code has run). */
  const busy = saving || !hydrated;
  return (
    <section className="study" aria-busy={busy}>
      <h1 className="visually-hidden">{t('study.title')}</h1>
      <p className="visually-hidden" aria-live="polite" data-testid="study-announcer">
        {announcement}
      </p>
      <div className="study-bar">
        <span>
          <strong data-testid="due-count">{counts.due}</strong> {t('study.due')} · <strong data-testid="new-count">{counts.new}</strong> {t('study.new')}
        </span>
        <span className="study-actions">
          <button type="button" className="link-button small" onClick={() => void act('undo')} disabled={busy} aria-keyshortcuts="U">
            {t('study.undo')} <kbd>U</kbd>
          </button>
          {next && (
            <>
              <button type="button" className="link-button small" onClick={() => void act('bury')} disabled={busy} aria-keyshortcuts="B">
                {t('study.bury')} <kbd>B</kbd>
              </button>
              <button type="button" className="link-button small" onClick={() => void act('suspend')} disabled={busy} aria-keyshortcuts="S">
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
          {data.nextDue && <NextDue at={new Date(data.nextDue)} />}
        </div>
      ) : (
        <>
          <div ref={cardRef} tabIndex={-1} className="card-focus" role="group" aria-label={t('study.card')} data-testid="study-card">
            <CardView
              key={next.card.id + ':' + next.version}
              front={next.card.front}
              back={next.card.back ?? checked?.back ?? null}
              revealed={revealed}
              checked={checked}
              onAnswer={(given) => void check(given)}
              onSuggest={setSelfGrade}
              ids={{ cardId: next.card.id, noteId: next.card.noteId, ordinal: next.card.ordinal }}
            />
          </div>
          {!revealed ? (
            <button type="button" className="button wide" onClick={reveal} disabled={busy} aria-keyshortcuts="Space Enter">
              {t('study.showAnswer')} <kbd>Space</kbd>
            </button>
          ) : (
            <div className="ratings" role="group" aria-label={t('study.rate')}>
              {checked && (
                <p className="grade" data-correct={checked.correct}>
                  {checked.suggested === null
                    ? t('card.notAnswered')
                    : t('study.suggested', { summary: t(checked.correct ? 'card.correct' : 'card.notQuite'), rating: t(RATING_KEYS[checked.suggested]) })}
                </p>
              )}
              {next.previews.map((p) => (
                <button
                  key={p.rating}
                  type="button"
                  className={`rating rating-${p.rating}${(checked?.suggested ?? selfGrade) === p.rating ? ' suggested' : ''}`}
                  disabled={saving}
                  aria-keyshortcuts={String(p.rating)}
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

/**
 * When the next card is due: with its date unless that is today, and a promise to show it only when the page's timer
 * (above) will (within a day).
 */
function NextDue({ at }: { at: Date }) {
  const t = useTranslations();
  const tInterval = useTranslations('interval');
  const wait = Math.max(0, at.getTime() - Date.now());
  return (
    <p data-testid="next-due">
      {t('study.nextDue', {
        time: at,
        wait: formatInterval(wait, tInterval),
        today: at.toDateString() === new Date().toDateString() ? 'yes' : 'no',
        soon: wait <= COME_BACK_WITHIN_MS ? 'yes' : 'no',
      })}
    </p>
  );
}
