'use client';

import { ZDeckSummary, type TDeckSummary } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import '../../components/authoring/authoring.css';
import { z } from 'zod';
import { CANCEL_KEYS, FieldErrors, formKeys, SAVE_KEYS, ShortcutsHint, useIssueText } from '../../components/authoring/keys';
import { LANGUAGE_NAMES, useCardLanguage } from '../../components/card-language';
import { useSession } from '../../components/session';
import { api, ApiRequestError } from '../../lib/api';
import { blankDeckForm, deckFieldOfIssue, deckFormOf, deckRequest, type DeckForm } from '../../lib/deck-form';
import type { Lang } from '../../lib/note-form';

type Errors = { title?: string[]; description?: string[]; general?: string };

/** Turns a failed request into errors by field (the API's 400 names it), in the interface language. */
function useErrorsOf() {
  const issueText = useIssueText();
  return (e: unknown): Errors => {
    if (!(e instanceof ApiRequestError)) return { general: e instanceof Error ? e.message : String(e) };
    const errors: Errors = {};
    const issues = e.body.issues ?? (e.body.field ? [{ field: e.body.field, message: e.body.message.replace(/^[\w.]+: /, '') }] : []);
    for (const issue of issues) {
      const field = deckFieldOfIssue(issue.field);
      if (field) (errors[field] ??= []).push(issueText(issue.message));
    }
    if (!errors.title && !errors.description) errors.general = e.message;
    return errors;
  };
}

/** Name and description fields: one of each in one language, or one per language. */
function DeckFields({ form, onChange, errors, autoFocus }: { form: DeckForm; onChange(form: DeckForm): void; errors: Errors; autoFocus?: boolean }) {
  const t = useTranslations('authoring');
  const ids = useId();
  const langs: Lang[] = form.languages === 'both' ? ['en', 'zh'] : [form.languages];
  const set = (key: 'title' | 'description', lang: Lang, value: string) => onChange({ ...form, [key]: { ...form[key], [lang]: value } });
  return (
    <>
      {langs.map((lang, i) => (
        <label key={`title-${lang}`} className="field">
          <span>{form.languages === 'both' ? t('deckNameIn', { language: LANGUAGE_NAMES[lang] }) : t('deckName')}</span>
          <input
            type="text"
            lang={lang === 'zh' ? 'zh-CN' : 'en'}
            value={form.title[lang]}
            maxLength={120}
            autoFocus={autoFocus && i === 0}
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={errors.title ? `${ids}-title-error` : undefined}
            onChange={(e) => set('title', lang, e.target.value)}
          />
        </label>
      ))}
      <FieldErrors id={`${ids}-title-error`} errors={errors.title} />
      {langs.map((lang) => (
        // Not wrapped in its label: React writes the value into the textarea's text, which would join the label's.
        <div key={`description-${lang}`} className="field">
          <label htmlFor={`${ids}-description-${lang}`}>{form.languages === 'both' ? t('deckDescriptionIn', { language: LANGUAGE_NAMES[lang] }) : t('deckDescription')}</label>
          <textarea
            id={`${ids}-description-${lang}`}
            lang={lang === 'zh' ? 'zh-CN' : 'en'}
            rows={2}
            value={form.description[lang]}
            maxLength={2000}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={errors.description ? `${ids}-description-error` : undefined}
            onChange={(e) => set('description', lang, e.target.value)}
          />
        </div>
      ))}
      <FieldErrors id={`${ids}-description-error`} errors={errors.description} />
      {errors.general && (
        <p className="error" role="alert">
          {errors.general}
        </p>
      )}
    </>
  );
}

/** "New deck" on the deck list: a name and a description, then the new deck's page (to add its notes). */
export function NewDeck() {
  const t = useTranslations('authoring');
  const { user } = useSession();
  const { lang } = useCardLanguage();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<DeckForm>(() => blankDeckForm(lang));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const errorsOf = useErrorsOf();
  const formId = useId();

  if (!user) {
    return (
      <p className="small muted">
        {t('signInToWrite')} <Link href="/sign-up">{t('newDeck')}</Link>
      </p>
    );
  }
  const close = () => {
    setOpen(false);
    setErrors({});
    setForm(blankDeckForm(lang));
    toggle.current?.focus();
  };
  const save = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const deck = await api(ZDeckSummary, '/api/v1/decks', { method: 'POST', body: deckRequest(form) });
      router.push(`/decks/${encodeURIComponent(deck.id)}`);
    } catch (e) {
      setErrors(errorsOf(e));
      setBusy(false);
    }
  };
  return (
    <section className="new-deck">
      {!open ? (
        <button ref={toggle} type="button" className="button" aria-expanded={false} aria-controls={formId} onClick={() => setOpen(true)}>
          {t('newDeck')}
        </button>
      ) : (
        <form
          id={formId}
          className="panel authoring-form"
          aria-label={t('newDeckTitle')}
          onKeyDown={formKeys({ save: () => void save(), cancel: close })}
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void save();
          }}
        >
          <h2>{t('newDeckTitle')}</h2>
          <DeckFields form={form} onChange={setForm} errors={errors} autoFocus />
          <div className="row start">
            <button type="submit" className="button" disabled={busy} aria-keyshortcuts={SAVE_KEYS}>
              {busy ? t('saving') : t('createDeck')}
            </button>
            <button type="button" className="button secondary" onClick={close} aria-keyshortcuts={CANCEL_KEYS}>
              {t('cancel')}
            </button>
          </div>
          <ShortcutsHint />
        </form>
      )}
    </section>
  );
}

/** A deck's settings for whoever may edit it: rename it, describe it, delete it (after saying what goes with it). */
export function DeckSettings({ deck }: { deck: TDeckSummary }) {
  const t = useTranslations('authoring');
  const { lang } = useCardLanguage();
  const router = useRouter();
  const [form, setForm] = useState<DeckForm>(() => deckFormOf(deck, lang));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const details = useRef<HTMLDetailsElement>(null);
  const errorsOf = useErrorsOf();
  const path = `/api/v1/decks/${encodeURIComponent(deck.id)}`;

  const cancel = () => {
    setForm(deckFormOf(deck, lang));
    setErrors({});
    if (details.current) details.current.open = false;
  };
  const save = async () => {
    if (busy) return;
    setBusy(true);
    setSaved(false);
    try {
      const updated = await api(ZDeckSummary, path, { method: 'PATCH', body: deckRequest(form) });
      setForm(deckFormOf(updated, lang));
      setErrors({});
      setSaved(true);
      router.refresh();
    } catch (e) {
      setErrors(errorsOf(e));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      await api(z.null(), path, { method: 'DELETE' });
      router.push('/decks');
      router.refresh();
    } catch (e) {
      setErrors(errorsOf(e));
      setBusy(false);
    }
  };
  return (
    <details ref={details} className="deck-settings">
      <summary>{t('deckSettings')}</summary>
      <form
        className="authoring-form"
        aria-label={t('deckSettings')}
        onKeyDown={formKeys({ save: () => void save(), cancel })}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <DeckFields
          form={form}
          onChange={(f) => {
            setSaved(false);
            setForm(f);
          }}
          errors={errors}
        />
        <div className="row start">
          <button type="submit" className="button" disabled={busy} aria-keyshortcuts={SAVE_KEYS}>
            {t('renameDeck')}
          </button>
          <button type="button" className="button secondary" onClick={cancel} aria-keyshortcuts={CANCEL_KEYS}>
            {t('cancel')}
          </button>
          <span className="small muted" role="status">
            {saved ? t('deckSaved') : ''}
          </span>
        </div>
        <ShortcutsHint />
      </form>
      {!confirmDelete ? (
        <button type="button" className="button secondary danger" onClick={() => setConfirmDelete(true)}>
          {t('deleteDeck')}
        </button>
      ) : (
        <div className="confirm" role="alertdialog" aria-label={t('deleteDeck')} aria-describedby="delete-deck-what">
          <p id="delete-deck-what">{t('deleteDeckConfirm', { title: deck.title[lang], notes: deck.noteCount, cards: deck.cardCount })}</p>
          <div className="row start">
            <button type="button" className="button danger" disabled={busy} onClick={() => void remove()}>
              {t('deleteDeckYes')}
            </button>
            <button type="button" className="button secondary" autoFocus onClick={() => setConfirmDelete(false)} onKeyDown={(e) => e.key === 'Escape' && setConfirmDelete(false)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
    </details>
  );
}
