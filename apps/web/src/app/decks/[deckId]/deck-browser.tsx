'use client';

import {
  BROWSE_STATES,
  cardBack,
  cardFront,
  noteOrdinals,
  parseCloze,
  ZBrowseCard,
  ZBrowseResponse,
  ZCardHistory,
  type TBrowseCard,
  type TBrowseResponse,
  type TBrowseState,
  type TCardFront,
  type TCardHistory,
  type TLocalizedText,
} from '@recurrence/contracts';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { z } from 'zod';
import { useCardLanguage } from '../../../components/card-language';
import { CardView } from '../../../components/card-view';
import { clozeMarkdown, Markdown } from '../../../components/markdown';
import { useSession } from '../../../components/session';
import { api, ApiRequestError } from '../../../lib/api';
import { localeTag } from '../../../messages/locales';
import './deck-browser.css';

type Filters = { q: string; tag: string; state: TBrowseState | ''; section: string };
const NO_FILTERS: Filters = { q: '', tag: '', state: '', section: '' };

function browsePath(deckId: string, f: Filters, offset: number): string {
  const params = new URLSearchParams();
  if (f.q.trim()) params.set('q', f.q.trim());
  if (f.tag) params.set('tag', f.tag);
  if (f.state) params.set('state', f.state);
  if (f.section) params.set('section', f.section);
  if (offset) params.set('offset', String(offset));
  const query = params.toString();
  return `/api/v1/decks/${encodeURIComponent(deckId)}/browse${query ? `?${query}` : ''}`;
}

/** What a card asks, as Markdown in the card language: the line a row of the browser shows. */
function frontText(front: TCardFront, local: (text: TLocalizedText) => string): string {
  switch (front.type) {
    case 'basic':
      return local(front.prompt);
    case 'cloze':
      return clozeMarkdown(parseCloze(local(front.text)).segments, false, front.ordinal);
    default:
      return local(front.question);
  }
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The card browser: every card of a deck with the user's state of it (due, stability, difficulty, recall now), found by
 * text, tag, state and section; a card's details show the card, its review history and what can be changed. The page
 * opens at the top: nothing here takes focus by itself.
 */
export function DeckBrowser({ deckId, initial, canEdit }: { deckId: string; initial: TBrowseResponse; canEdit: boolean }) {
  const t = useTranslations();
  const { user } = useSession();
  const router = useRouter();
  const newNotePath = `/decks/${encodeURIComponent(deckId)}/notes/new`;
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [query, setQuery] = useState<Filters>(NO_FILTERS);
  const [result, setResult] = useState<TBrowseResponse>(initial);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = useId();

  // Typing waits a moment before searching; the selects search at once. A newer search cancels the one in flight.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(filters), filters.q === query.q ? 0 : 250);
    return () => clearTimeout(timer);
  }, [filters, query.q]);
  useEffect(() => {
    if (query === NO_FILTERS) return; // the first page came with the page
    const controller = new AbortController();
    setLoading(true);
    api(ZBrowseResponse, browsePath(deckId, query, 0), { signal: controller.signal }).then(
      (r) => {
        setResult(r);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(errorText(e));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [deckId, query]);

  const showMore = async () => {
    setLoading(true);
    try {
      const more = await api(ZBrowseResponse, browsePath(deckId, query, result.cards.length));
      setResult((r) => ({ ...more, cards: [...r.cards, ...more.cards] }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  };
  // A: add a note (on a deck you may edit), as the study screen's keys, when no field has the keyboard.
  useEffect(() => {
    if (!canEdit) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey || event.key.toLowerCase() !== 'a') return;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      event.preventDefault();
      router.push(newNotePath);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canEdit, router, newNotePath]);
  const removeNote = (noteId: string) => {
    setResult((r) => {
      const cards = r.cards.filter((c) => c.card.noteId !== noteId);
      return { ...r, cards, total: r.total - (r.cards.length - cards.length) };
    });
    router.refresh();
  };
  const replace = (row: TBrowseCard) => setResult((r) => ({ ...r, cards: r.cards.map((c) => (c.card.id === row.card.id ? row : c)) }));
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <section className="browse" aria-labelledby={`${ids}-cards`}>
      <p className="browse-actions">
        <Link href={`/study?deck=${encodeURIComponent(deckId)}`} className="button">
          {t('deck.studyThis')}
        </Link>
        {canEdit && (
          <Link href={newNotePath} className="button secondary" aria-keyshortcuts="A">
            {t('authoring.addNote')} <kbd>A</kbd>
          </Link>
        )}
      </p>
      <form className="browse-filters" role="search" aria-label={t('browser.filters')} onSubmit={(e) => e.preventDefault()}>
        <label className="browse-search">
          <span>{t('browser.search')}</span>
          <input type="search" value={filters.q} placeholder={t('browser.searchPlaceholder')} onChange={(e) => set({ q: e.target.value })} maxLength={200} />
        </label>
        <FilterSelect label={t('browser.state')} value={filters.state} options={BROWSE_STATES.map((s) => [s, t(`browser.stateName.${s}`)])} onChange={(state) => set({ state: state as TBrowseState | '' })} />
        <FilterSelect label={t('browser.tag')} value={filters.tag} options={result.tags.map((tag) => [tag, tag])} onChange={(tag) => set({ tag })} />
        <FilterSelect label={t('browser.section')} value={filters.section} options={result.sections.map((s) => [s, s])} onChange={(section) => set({ section })} />
      </form>
      <h2 id={`${ids}-cards`} className="browse-count">
        {t('browser.cards')}{' '}
        <span className="muted small" role="status" aria-busy={loading}>
          {t('browser.matching', { shown: result.cards.length, total: result.total })}
        </span>
      </h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!user && <p className="muted small">{t('browser.signInForState')}</p>}
      {result.total === 0 && <p>{t('browser.none')}</p>}
      <ol className="browse-list">
        {result.cards.map((row) => (
          <BrowseRow key={row.card.id} row={row} canChange={user !== null} canEdit={canEdit} onChange={replace} onNoteDeleted={removeNote} />
        ))}
      </ol>
      {result.cards.length < result.total && (
        <button type="button" className="button secondary" disabled={loading} onClick={() => void showMore()}>
          {t('browser.more')}
        </button>
      )}
    </section>
  );
}

/** A labelled select of one filter, "Any" first. */
function FilterSelect({ label, value, options, onChange }: { label: string; value: string; options: [string, string][]; onChange(value: string): void }) {
  const t = useTranslations();
  return (
    <label>
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('browser.any')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

function BrowseRow({
  row,
  canChange,
  canEdit,
  onChange,
  onNoteDeleted,
}: {
  row: TBrowseCard;
  canChange: boolean;
  canEdit: boolean;
  onChange(row: TBrowseCard): void;
  onNoteDeleted(noteId: string): void;
}) {
  const t = useTranslations();
  const format = useFormatter();
  const { lang } = useCardLanguage();
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const { card } = row;
  const front = cardFront(card.content, card.ordinal);
  const dateTime = (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <li id={`${card.slug}-${card.ordinal}`} className="browse-row" data-card-id={card.id} data-note-id={card.noteId} data-state={row.state}>
      <div className="browse-front" lang={localeTag(lang)}>
        <Markdown>{frontText(front, (text) => text[lang])}</Markdown>
      </div>
      <p className="small muted browse-where">
        {card.content.section} · {t(`cardType.${card.content.type}`)}
        {card.content.tags.length > 0 && ` · ${card.content.tags.map((tag) => `#${tag}`).join(' ')}`}
        {card.content.experiment ? t('deck.labRef', { experiment: card.content.experiment.id }) : ''}
      </p>
      {canEdit && <NoteActions card={card} onDeleted={() => onNoteDeleted(card.noteId)} />}
      <dl className="browse-facts small">
        <div>
          <dt>{t('browser.state')}</dt>
          <dd>
            <span className={`badge state-${row.state}`}>{t(`browser.stateName.${row.state}`)}</span>
            {row.suspended && <span className="badge state-suspended">{t('browser.stateName.suspended')}</span>}
            {row.buriedUntil && <span className="badge state-buried">{t('browser.stateName.buried')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('browser.due')}</dt>
          <dd>{row.due ? dateTime(row.due) : t('browser.dueNever')}</dd>
        </div>
        {row.stability !== null && (
          <div>
            <dt title={t('browser.stabilityHelp')}>{t('browser.stability')}</dt>
            <dd>{t('browser.stabilityDays', { days: row.stability })}</dd>
          </div>
        )}
        {row.difficulty !== null && (
          <div>
            <dt title={t('browser.difficultyHelp')}>{t('browser.difficulty')}</dt>
            <dd>{format.number(row.difficulty, { maximumFractionDigits: 1 })}</dd>
          </div>
        )}
        {row.retrievability !== null && (
          <div>
            <dt title={t('browser.retrievabilityHelp')}>{t('browser.retrievability')}</dt>
            <dd data-testid="retrievability">{format.number(row.retrievability, { style: 'percent', maximumFractionDigits: 1 })}</dd>
          </div>
        )}
      </dl>
      <button type="button" className="link-button small" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen((o) => !o)}>
        {open ? t('browser.hideDetails') : t('browser.details')}
      </button>
      {open && (
        <div id={detailsId} className="browse-details">
          <CardView front={front} back={cardBack(card.content, card.ordinal)} revealed ids={{ cardId: card.id, noteId: card.noteId, ordinal: card.ordinal }} />
          {canChange && <CardActions row={row} onChange={onChange} />}
          {canChange && <History cardId={card.id} version={row.version} dateTime={dateTime} />}
        </div>
      )}
    </li>
  );
}

/** Edit and Delete for the note of a card (on a deck you may edit); deleting asks first, saying how many cards go. */
function NoteActions({ card, onDeleted }: { card: TBrowseCard['card']; onDeleted(): void }) {
  const t = useTranslations('authoring');
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cards = noteOrdinals(card.content).length;
  const remove = async () => {
    setBusy(true);
    try {
      await api(z.null(), `/api/v1/notes/${encodeURIComponent(card.noteId)}`, { method: 'DELETE' });
      onDeleted();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <div className="browse-note-actions small">
      <Link href={`/decks/${encodeURIComponent(card.deckId)}/notes/${encodeURIComponent(card.noteId)}`} aria-label={t('editLabel')}>
        {t('edit')}
      </Link>
      {!confirm ? (
        <button type="button" className="link-button danger-link" aria-label={t('deleteLabel')} onClick={() => setConfirm(true)}>
          {t('delete')}
        </button>
      ) : (
        <div className="confirm" role="alertdialog" aria-label={t('deleteLabel')}>
          <p>{t('deleteNoteConfirm', { cards })}</p>
          <div className="row start">
            <button type="button" className="button small danger" disabled={busy} onClick={() => void remove()}>
              {t('delete')}
            </button>
            <button type="button" className="button secondary small" autoFocus onClick={() => setConfirm(false)} onKeyDown={(e) => e.key === 'Escape' && setConfirm(false)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Today in the browser's time zone, as YYYY-MM-DD (the earliest due date to offer). */
function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function CardActions({ row, onChange }: { row: TBrowseCard; onChange(row: TBrowseCard): void }) {
  const t = useTranslations();
  const [busy, setBusy] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);
  const [date, setDate] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const dateId = useId();
  const run = async (action: 'suspend' | 'unsuspend' | 'reset' | 'reschedule', body?: object) => {
    setBusy(true);
    try {
      onChange(await api(ZBrowseCard, `/api/v1/cards/${encodeURIComponent(row.card.id)}/${action}`, { method: 'POST', ...(body ? { body } : {}) }));
      setMessage({ text: t('browser.done', { action }), error: false });
      setConfirmReset(false);
    } catch (e) {
      setMessage({ text: e instanceof ApiRequestError ? e.message : errorText(e), error: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="browse-card-actions">
      <h3>{t('browser.actions')}</h3>
      <div className="row start">
        <button type="button" className="button secondary small" disabled={busy} onClick={() => void run(row.suspended ? 'unsuspend' : 'suspend')}>
          {row.suspended ? t('browser.unsuspend') : t('browser.suspend')}
        </button>
        {row.state !== 'new' && !confirmReset && (
          <button type="button" className="button secondary small" disabled={busy} onClick={() => setConfirmReset(true)}>
            {t('browser.reset')}
          </button>
        )}
      </div>
      {confirmReset && (
        <div className="confirm" role="group" aria-label={t('browser.reset')}>
          <p className="small">{t('browser.resetConfirm')}</p>
          <div className="row start">
            <button type="button" className="button small" disabled={busy} onClick={() => void run('reset')}>
              {t('browser.reset')}
            </button>
            <button type="button" className="button secondary small" onClick={() => setConfirmReset(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {row.state !== 'new' && (
        <form
          className="row start reschedule"
          onSubmit={(e) => {
            e.preventDefault();
            void run('reschedule', { date });
          }}
        >
          <label htmlFor={dateId}>{t('browser.rescheduleDate')}</label>
          <input id={dateId} type="date" required min={localToday()} value={date} onChange={(e) => setDate(e.target.value)} />
          <button type="submit" className="button secondary small" disabled={busy || !date}>
            {t('browser.reschedule')}
          </button>
        </form>
      )}
      <p className={message?.error ? 'error' : 'small muted'} role="status">
        {message?.text}
      </p>
    </div>
  );
}

/** The card's review log (and its other changes), read when the details open and again after each change. */
function History({ cardId, version, dateTime }: { cardId: string; version: number; dateTime(iso: string): string }) {
  const t = useTranslations();
  const format = useFormatter();
  const [history, setHistory] = useState<TCardHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    api(ZCardHistory, `/api/v1/cards/${encodeURIComponent(cardId)}/history`, { signal: controller.signal }).then(setHistory, (e: unknown) => {
      if (!controller.signal.aborted) setError(errorText(e));
    });
    return () => controller.abort();
  }, [cardId, version]);
  const ratingName = ['', t('study.again'), t('study.hard'), t('study.good'), t('study.easy')];
  if (error) return <p className="error">{error}</p>;
  if (!history) return <p className="muted small">{t('common.loading')}</p>;
  return (
    <div className="browse-history">
      <h3>{t('browser.history')}</h3>
      {history.reviews.length === 0 ? (
        <p className="muted small">{t('browser.noHistory')}</p>
      ) : (
        <div className="table-scroll">
          <table className="small">
            <thead>
              <tr>
                <th scope="col">{t('browser.when')}</th>
                <th scope="col">{t('browser.rating')}</th>
                <th scope="col">{t('browser.time')}</th>
                <th scope="col">{t('browser.after')}</th>
              </tr>
            </thead>
            <tbody>
              {history.reviews.map((r) => (
                <tr key={r.id} className={r.undone ? 'undone' : undefined}>
                  <td>{dateTime(r.reviewedAt)}</td>
                  <td>
                    {ratingName[r.rating]} {r.undone && t('browser.undoneMark')}
                  </td>
                  <td>{t('browser.seconds', { s: Math.round(r.durationMs / 100) / 10 })}</td>
                  <td>
                    {t(`browser.stateName.${r.state}`)} · {dateTime(r.due)} · S {format.number(r.stability, { maximumFractionDigits: 1 })} · D{' '}
                    {format.number(r.difficulty, { maximumFractionDigits: 1 })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {history.actions.length > 0 && (
        <>
          <h3>{t('browser.actionsLog')}</h3>
          <ul className="small">
            {history.actions.map((a) => (
              <li key={a.id} className={a.undone ? 'undone' : undefined}>
                {dateTime(a.at)} — {t(`browser.actionName.${a.kind}`)} {a.undone && t('browser.undoneMark')}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
