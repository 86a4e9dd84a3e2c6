import '../../classes.css';
import { ZClassDetail, ZClassItemStatistics, ZClassMemberList, ZClassResults, ZQuizSetList } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ClassItemStatistics } from '../../../components/quiz/class-item-statistics';
import { InstructorClassView, StudentClassView } from '../../../components/quiz/class-view';
import { currentUser, serverApiOrNotFound } from '../../../components/quiz/server-data';
import { SignInFirst } from '../../../components/quiz/sign-in-first';
import { readPreferences } from '../../../i18n/server-preferences';
import { serverApi } from '../../../lib/server-api';

type Props = { params: Promise<{ classId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations('classes');
  const user = await currentUser();
  if (!user) return { title: t('title') };
  const klass = await serverApi(ZClassDetail, `/api/v1/classes/${encodeURIComponent((await params).classId)}`).catch(() => null);
  return { title: klass?.name ?? t('title') };
}

export default async function ClassPage({ params }: Props) {
  const { classId } = await params;
  const user = await currentUser();
  if (!user) return <SignInFirst />;
  const path = `/api/v1/classes/${encodeURIComponent(classId)}`;
  const klass = await serverApiOrNotFound(ZClassDetail, path);
  if (klass.relation === 'student') return <StudentClassView klass={klass} viewerId={user.id} />;
  const [members, results, items, sets, { cardLanguage }] = await Promise.all([
    serverApi(ZClassMemberList, `${path}/members`),
    serverApi(ZClassResults, `${path}/results`),
    serverApi(ZClassItemStatistics, `${path}/item-statistics`),
    serverApi(ZQuizSetList, '/api/v1/quiz-sets'),
    readPreferences(),
  ]);
  // A class gets its own instructor's sets only (an admin looking at someone else's class sees theirs).
  const own = sets.quizSets.filter((s) => s.owner.id === klass.instructor.id);
  return <InstructorClassView klass={klass} members={members} results={results} quizSets={own} perQuestion={<ClassItemStatistics stats={items} cardLanguage={cardLanguage} />} />;
}
