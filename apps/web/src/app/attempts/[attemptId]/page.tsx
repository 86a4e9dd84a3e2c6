import '../../classes.css';
import { ZAttemptView } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AttemptView } from '../../../components/quiz/attempt-view';
import { SignInFirst } from '../../../components/quiz/sign-in-first';
import { currentUser, serverApiOrNotFound } from '../../../components/quiz/server-data';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('quiz');
  return { title: t('attemptTitle') };
}

export default async function AttemptPage({ params }: { params: Promise<{ attemptId: string }> }) {
  const { attemptId } = await params;
  const user = await currentUser();
  if (!user) return <SignInFirst />;
  const view = await serverApiOrNotFound(ZAttemptView, `/api/v1/attempts/${encodeURIComponent(attemptId)}`);
  return <AttemptView initial={view} viewerId={user.id} />;
}
