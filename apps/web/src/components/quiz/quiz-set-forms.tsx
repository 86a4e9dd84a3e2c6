'use client';

import { ZAttemptView, ZQuizSet, type TDeckSummary, type TQuizSet, type TQuizSetSettings } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { api } from '../../lib/api';
import { useCardLanguage } from '../card-language';
import { failure, StatusNote, type Status } from './status';


const DEFAULTS: TQuizSetSettings = { title: '', visibility: 'private', timeLimitMinutes: null, maxAttempts: null, questionCount: null, shuffleQuestions: true, shuffleChoices: true, showAnswers: true };

/** The settings of a quiz set, for publishing one and for changing it. */
function SettingsFields({ value, onChange, invalid }: { value: TQuizSetSettings; onChange(next: TQuizSetSettings): void; invalid: string | undefined }) {
  const t = useTranslations('quizSets');
  const optionalNumber = (name: 'timeLimitMinutes' | 'maxAttempts' | 'questionCount', max: number) => (
    <label data-invalid={invalid === `body.${name}` || undefined}>
      {t(name)}
      <input
        type="number"
        min={1}
        max={max}
        step={1}
        placeholder={t('none')}
        value={value[name] ?? ''}
        onChange={(e) => onChange({ ...value, [name]: e.target.value === '' ? null : Number(e.target.value) })}
      />
      <span className="small muted">{t(`${name}Help`)}</span>
    </label>
  );
  return (
    <>
      <label data-invalid={invalid === 'body.title' || undefined}>
        {t('setTitle')}
        <input type="text" required maxLength={120} value={value.title} onChange={(e) => onChange({ ...value, title: e.target.value })} />
      </label>
      <label>
        {t('visibility')}
        <select value={value.visibility} onChange={(e) => onChange({ ...value, visibility: e.target.value as TQuizSetSettings['visibility'] })}>
          <option value="private">{t('private')}</option>
          <option value="link">{t('link')}</option>
        </select>
        <span className="small muted">{t(value.visibility === 'link' ? 'linkHelp' : 'privateHelp')}</span>
      </label>
      {optionalNumber('timeLimitMinutes', 600)}
      {optionalNumber('maxAttempts', 100)}
      {optionalNumber('questionCount', 200)}
      <fieldset className="quiz-set-checks">
        <legend>{t('options')}</legend>
        {(['shuffleQuestions', 'shuffleChoices', 'showAnswers'] as const).map((name) => (
          <label key={name} className="inline">
            <input type="checkbox" checked={value[name]} onChange={(e) => onChange({ ...value, [name]: e.target.checked })} /> {t(name)}
          </label>
        ))}
      </fieldset>
    </>
  );
}

/** Publish a deck as a quiz set. */
export function PublishForm({ decks }: { decks: TDeckSummary[] }) {
  const t = useTranslations('quizSets');
  const { lang } = useCardLanguage();
  const router = useRouter();
  const [deckId, setDeckId] = useState(decks[0]?.id ?? '');
  const [settings, setSettings] = useState<TQuizSetSettings>({ ...DEFAULTS, title: decks[0]?.title[lang] ?? '' });
  const [status, setStatus] = useState<Status>(null);
  async function publish(event: FormEvent) {
    event.preventDefault();
    try {
      const created = await api(ZQuizSet, '/api/v1/quiz-sets', { method: 'POST', body: { deckId, ...settings } });
      router.push(`/quiz-sets/${created.id}`);
    } catch (e) {
      setStatus(failure(e));
    }
  }
  if (decks.length === 0) return <p className="muted">{t('noDecks')}</p>;
  return (
    <form className="panel settings-grid quiz-set-form" onSubmit={publish} data-testid="publish-form">
      <h2>{t('publishTitle')}</h2>
      <label data-invalid={status?.field === 'body.deckId' || undefined}>
        {t('deck')}
        <select
          value={deckId}
          onChange={(e) => {
            const deck = decks.find((d) => d.id === e.target.value);
            setDeckId(e.target.value);
            if (deck) setSettings({ ...settings, title: deck.title[lang] });
          }}
        >
          {decks.map((d) => (
            <option key={d.id} value={d.id}>
              {d.title[lang]} ({t('cards', { count: d.cardCount })})
            </option>
          ))}
        </select>
      </label>
      <SettingsFields value={settings} onChange={setSettings} invalid={status?.field} />
      <div className="lab-actions">
        <button type="submit" className="button">
          {t('publish')}
        </button>
        <StatusNote status={status} />
      </div>
    </form>
  );
}

/** A set's settings, share link, preview and deletion, for its instructor. */
export function QuizSetControls({ set, origin }: { set: TQuizSet; origin: string }) {
  const t = useTranslations('quizSets');
  const router = useRouter();
  const { timeLimitMinutes, maxAttempts, questionCount, shuffleQuestions, shuffleChoices, showAnswers, title, visibility } = set;
  const [settings, setSettings] = useState<TQuizSetSettings>({ title, visibility, timeLimitMinutes, maxAttempts, questionCount, shuffleQuestions, shuffleChoices, showAnswers });
  const [status, setStatus] = useState<Status>(null);
  const link = set.shareToken ? `${origin}/quiz/shared/${set.shareToken}` : null;
  const act = async (call: () => Promise<unknown>, then?: () => void) => {
    try {
      await call();
      if (then) then();
      else router.refresh();
    } catch (e) {
      setStatus(failure(e));
    }
  };
  return (
    <>
      {link && (
        <div className="panel share-link">
          <p className="small muted">{t('shareLink')}</p>
          <p>
            <code data-testid="share-link">{link}</code>
          </p>
          <div className="row">
            <button type="button" className="button secondary" onClick={() => void navigator.clipboard?.writeText(link)}>
              {t('copyLink')}
            </button>
            <button type="button" className="button secondary" onClick={() => void act(() => api(ZQuizSet, `/api/v1/quiz-sets/${set.id}/share-link`, { method: 'POST' }))}>
              {t('newLink')}
            </button>
          </div>
        </div>
      )}
      <form
        className="panel settings-grid quiz-set-form"
        onSubmit={(event) => {
          event.preventDefault();
          void act(async () => {
            setSettings(await api(ZQuizSet, `/api/v1/quiz-sets/${set.id}`, { method: 'PATCH', body: settings }));
            setStatus({ ok: true, text: t('saved') });
          });
        }}
      >
        <h2>{t('settings')}</h2>
        <SettingsFields value={settings} onChange={setSettings} invalid={status?.field} />
        <div className="lab-actions">
          <button type="submit" className="button">
            {t('save')}
          </button>
          <button
            type="button"
            className="button secondary"
            onClick={() => void act(() => api(ZAttemptView, `/api/v1/quiz-sets/${set.id}/attempts`, { method: 'POST', body: {} }).then((v) => router.push(`/attempts/${v.attempt.id}`)), () => undefined)}
          >
            {t('preview')}
          </button>
          <button
            type="button"
            className="link-button danger"
            onClick={() => {
              if (window.confirm(t('confirmDelete', { title: set.title, attempts: set.attemptCount }))) void act(() => api(z.null(), `/api/v1/quiz-sets/${set.id}`, { method: 'DELETE' }), () => router.push('/quiz-sets'));
            }}
          >
            {t('delete')}
          </button>
          <StatusNote status={status} />
        </div>
        <p className="small muted">{t('settingsHelp')}</p>
      </form>
      {set.classes.length === 0 && (
        <p className="small">
          {t('assignHint')} <Link href="/classes">{t('toClasses')}</Link>
        </p>
      )}
    </>
  );
}
