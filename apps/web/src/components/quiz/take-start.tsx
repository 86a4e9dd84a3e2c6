'use client';

import { ZAttemptView, type TQuizSetForTaker } from '@recurrence/contracts';
import { useLocale, useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import type { Locale } from '../../messages/locales';
import { useSession } from '../session';
import { formatScore } from './format';

/** A quiz set before an attempt: what it asks, the taker's attempts, and the button that starts (or continues) one. */
export function TakeStart({ set, token }: { set: TQuizSetForTaker; token?: string }) {
  const t = useTranslations('quiz');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = set.attempts.find((a) => a.status === 'open');
  const canStart = open !== undefined || set.attemptsLeft === null || set.attemptsLeft > 0;

  async function start() {
    setBusy(true);
    try {
      const body = { ...(set.classId ? { classId: set.classId } : {}), ...(token ? { token } : {}) };
      const view = await api(ZAttemptView, `/api/v1/quiz-sets/${set.id}/attempts`, { method: 'POST', body });
      router.push(`/attempts/${view.attempt.id}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }

  return (
    <section className="panel quiz-start">
      <h1>{set.title}</h1>
      {set.instructor.displayName && <p className="muted">{t('byInstructor', { name: set.instructor.displayName })}</p>}
      <ul className="quiz-facts">
        <li>{t('questionCount', { count: set.questionsPerAttempt })}</li>
        <li>{set.timeLimitMinutes === null ? t('noTimeLimit') : t('timeLimit', { minutes: String(set.timeLimitMinutes) })}</li>
        <li>{set.attemptsLeft === null ? t('unlimitedAttempts') : t('attemptsLeft', { count: set.attemptsLeft })}</li>
        <li>{t(set.showAnswers ? 'answersAfter' : 'answersNever')}</li>
      </ul>
      {set.timeLimitMinutes !== null && !open && <p className="small">{t('timerWarning')}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {canStart && (
        <p className="row quiz-start-row">
          <button type="button" className="button" disabled={busy} onClick={() => void start()}>
            {open ? t('continueAttempt') : set.attempts.length > 0 ? t('startAnother') : t('startAttempt')}
          </button>
        </p>
      )}
      {set.attempts.length > 0 && (
        <>
          <h2>{t('yourAttempts')}</h2>
          <AttemptTable attempts={set.attempts} locale={locale} />
        </>
      )}
    </section>
  );
}

/** A list of attempts with their state and score, each linking to it. */
export function AttemptTable({ attempts, locale, showTaker = false }: { attempts: TQuizSetForTaker['attempts']; locale: Locale; showTaker?: boolean }) {
  const t = useTranslations('quiz');
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            {showTaker && <th>{t('student')}</th>}
            <th>{t('attempt')}</th>
            <th>{t('started')}</th>
            <th>{t('state')}</th>
            <th>{t('scoreColumn')}</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => (
            <tr key={a.id} data-attempt={a.id}>
              {showTaker && <td>{a.taker.displayName ?? a.taker.email ?? '—'}</td>}
              <td>
                <Link href={`/attempts/${a.id}`}>{t('attemptNumber', { number: String(a.number) })}</Link>
              </td>
              <td>{formatDate(a.startedAt, locale)}</td>
              <td>{a.status === 'open' ? t('inProgress') : a.awaitingGrading > 0 ? t('awaitingGrading', { count: a.awaitingGrading }) : t('graded')}</td>
              <td>{a.score === null ? '—' : `${formatScore(a.score)} / ${a.maxScore}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Start as a guest, for someone who opened a shared quiz without an account. */
export function GuestStart() {
  const t = useTranslations('classes');
  const { startAsGuest } = useSession();
  return (
    <button type="button" className="button secondary" onClick={() => void startAsGuest()}>
      {t('continueAsGuest')}
    </button>
  );
}
