import '../../classes.css';
import { ZAttemptList, ZItemStatistics, ZQuizSet } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import Link from 'next/link';
import { ItemStatisticsTable } from '../../../components/quiz/item-statistics-table';
import { QuizSetControls } from '../../../components/quiz/quiz-set-forms';
import { currentUser, serverApiOrNotFound } from '../../../components/quiz/server-data';
import { SignInFirst } from '../../../components/quiz/sign-in-first';
import { AttemptTable } from '../../../components/quiz/take-start';
import { readPreferences } from '../../../i18n/server-preferences';
import type { Locale } from '../../../messages/locales';
import { serverApi } from '../../../lib/server-api';

type Props = { params: Promise<{ quizSetId: string }>; searchParams: Promise<{ class?: string | string[]; attempts?: string | string[] }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('quizSets');
  return { title: t('setTitlePage') };
}

const one = (value: string | string[] | undefined) => (typeof value === 'string' && value !== '' ? value : null);

/** A quiz set for its instructor: settings and sharing, the attempts to grade, and the item statistics. */
export default async function QuizSetPage({ params, searchParams }: Props) {
  const [{ quizSetId }, query, user] = await Promise.all([params, searchParams, currentUser()]);
  if (!user) return <SignInFirst />;
  const [t, locale, { cardLanguage }, incoming] = await Promise.all([getTranslations('quizSets'), getLocale(), readPreferences(), headers()]);
  const base = `/api/v1/quiz-sets/${encodeURIComponent(quizSetId)}`;
  const set = await serverApiOrNotFound(ZQuizSet, base);
  const classId = one(query.class) ?? '';
  const which = one(query.attempts) ?? 'all';
  const filter = new URLSearchParams({ ...(classId ? { classId } : {}), attempts: ['all', 'first', 'best'].includes(which) ? which : 'all' });
  const [stats, all] = await Promise.all([
    serverApi(ZItemStatistics, `${base}/statistics?${filter}`),
    serverApi(ZAttemptList, `${base}/attempts${classId ? `?classId=${encodeURIComponent(classId)}` : ''}`),
  ]);
  const awaiting = all.attempts.filter((a) => a.status === 'submitted' && a.awaitingGrading > 0);
  const proto = incoming.get('x-forwarded-proto') ?? 'http';
  const origin = `${proto}://${incoming.get('x-forwarded-host') ?? incoming.get('host') ?? 'localhost'}`;

  return (
    <section className="classes" data-testid="quiz-set-page">
      <h1>{set.title}</h1>
      <p className="muted">
        {t('fromDeck', { deck: set.deckTitle[cardLanguage] })} · {t('questionsPerAttempt', { count: set.questionsPerAttempt })}
        {set.classes.length > 0 && (
          <>
            {' · '}
            {set.classes.map((c, i) => (
              <span key={c.id}>
                {i > 0 && ', '}
                <Link href={`/classes/${c.id}`}>{c.name}</Link>
              </span>
            ))}
          </>
        )}
      </p>
      <QuizSetControls set={set} origin={origin} />

      <h2 id="grading">{t('grading')}</h2>
      <div className="panel">
        {awaiting.length === 0 ? <p className="muted">{t('nothingToGrade')}</p> : <p>{t('toGradeIntro', { count: awaiting.length })}</p>}
        {awaiting.length > 0 && <AttemptTable attempts={awaiting} locale={locale as Locale} showTaker />}
        <details>
          <summary>{t('allAttempts', { count: String(all.attempts.length) })}</summary>
          <AttemptTable attempts={all.attempts} locale={locale as Locale} showTaker />
        </details>
      </div>

      <h2 id="statistics">{t('statistics')}</h2>
      <div className="panel" data-testid="item-statistics">
        <form className="inline-form" method="get">
          <label>
            {t('class')}
            <select name="class" defaultValue={classId}>
              <option value="">{t('allClasses')}</option>
              {set.classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('attemptsToAnalyse')}
            <select name="attempts" defaultValue={stats.attempts}>
              <option value="all">{t('allAttemptsOption')}</option>
              <option value="first">{t('firstAttempts')}</option>
              <option value="best">{t('bestAttempts')}</option>
            </select>
          </label>
          <button type="submit" className="button secondary">
            {t('show')}
          </button>
        </form>
        <p className="small muted">
          {t('analysed', { count: stats.attemptsAnalysed })}
          {stats.attemptsAwaitingGrading > 0 && ` ${t('leftOut', { count: stats.attemptsAwaitingGrading })}`}
        </p>
        {stats.items.length > 0 && <ItemStatisticsTable items={stats.items} cardLanguage={cardLanguage} />}
        <p className="small">
          <a href={`${base}/statistics.csv?${filter}&lang=${cardLanguage}`} download>
            {t('downloadCsv')}
          </a>{' '}
          <span className="muted">{t('indicesHelp')}</span>
        </p>
      </div>
    </section>
  );
}
