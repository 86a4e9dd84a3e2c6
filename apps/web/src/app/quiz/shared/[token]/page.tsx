import '../../../classes.css';
import { ZQuizSetForTaker } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { currentUser, serverApiOrNotFound } from '../../../../components/quiz/server-data';
import { SignInFirst } from '../../../../components/quiz/sign-in-first';
import { TakeStart } from '../../../../components/quiz/take-start';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('quiz');
  return { title: t('takeTitle') };
}

/** A quiz set opened by its share link: anyone signed in, or a guest, may take it. */
export default async function SharedQuizPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await currentUser())) return <SignInFirst guestsWelcome />;
  const set = await serverApiOrNotFound(ZQuizSetForTaker, `/api/v1/quiz-sets/shared/${encodeURIComponent(token)}`);
  return <TakeStart set={set} token={token} />;
}
