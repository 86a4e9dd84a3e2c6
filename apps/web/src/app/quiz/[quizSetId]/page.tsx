import '../../classes.css';
import { ZQuizSetForTaker } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { currentUser, serverApiOrNotFound } from '../../../components/quiz/server-data';
import { SignInFirst } from '../../../components/quiz/sign-in-first';
import { TakeStart } from '../../../components/quiz/take-start';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('quiz');
  return { title: t('takeTitle') };
}

/** A quiz set to take, through a class (`?class=`). */
export default async function QuizPage({ params, searchParams }: { params: Promise<{ quizSetId: string }>; searchParams: Promise<{ class?: string | string[] }> }) {
  const [{ quizSetId }, query] = await Promise.all([params, searchParams]);
  if (!(await currentUser())) return <SignInFirst />;
  const classId = typeof query.class === 'string' && query.class !== '' ? query.class : null;
  const set = await serverApiOrNotFound(ZQuizSetForTaker, `/api/v1/quiz-sets/${encodeURIComponent(quizSetId)}/taking${classId ? `?classId=${encodeURIComponent(classId)}` : ''}`);
  return <TakeStart set={set} />;
}
