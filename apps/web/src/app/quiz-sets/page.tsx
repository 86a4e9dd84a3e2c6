import '../classes.css';
import { ZDeckList, ZQuizSetList } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { PublishForm } from '../../components/quiz/quiz-set-forms';
import { currentUser } from '../../components/quiz/server-data';
import { SignInFirst } from '../../components/quiz/sign-in-first';
import { readPreferences } from '../../i18n/server-preferences';
import { serverApi } from '../../lib/server-api';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('quizSets');
  return { title: t('title') };
}

/** An instructor's quiz sets, and publishing a deck as a new one. */
export default async function QuizSetsPage() {
  const [t, user, { cardLanguage }] = await Promise.all([getTranslations('quizSets'), currentUser(), readPreferences()]);
  if (!user) return <SignInFirst />;
  if (user.role !== 'instructor' && user.role !== 'admin') {
    return (
      <section className="panel">
        <h1>{t('title')}</h1>
        <p className="muted">
          {t('instructorsOnly')} <Link href="/classes">{t('toClasses')}</Link>
        </p>
      </section>
    );
  }
  const [{ quizSets }, { decks }] = await Promise.all([serverApi(ZQuizSetList, '/api/v1/quiz-sets'), serverApi(ZDeckList, '/api/v1/decks')]);
  return (
    <section className="classes">
      <h1>{t('title')}</h1>
      {quizSets.length === 0 ? (
        <p className="muted">{t('noneYet')}</p>
      ) : (
        <ul className="class-cards">
          {quizSets.map((s) => (
            <li key={s.id} className="panel" data-quiz-set={s.id}>
              <h2 className="quiz-set-title">
                <Link href={`/quiz-sets/${s.id}`}>{s.title}</Link>
              </h2>
              <p className="small muted">
                {s.deckTitle[cardLanguage]} · {t('questionsPerAttempt', { count: s.questionsPerAttempt })} · {t(s.visibility === 'link' ? 'link' : 'private')}
              </p>
              <p className="small">
                {s.classes.length === 0 ? t('inNoClass') : t('inClasses', { names: s.classes.map((c) => c.name).join(', ') })}
                {' · '}
                {t('attemptCount', { count: s.attemptCount })}
                {s.awaitingGrading > 0 && (
                  <>
                    {' · '}
                    <Link href={`/quiz-sets/${s.id}#grading`}>{t('toGrade', { count: s.awaitingGrading })}</Link>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      <PublishForm decks={decks} />
    </section>
  );
}
