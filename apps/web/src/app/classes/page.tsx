import '../classes.css';
import { ZClassList } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { ClassList } from '../../components/quiz/class-list';
import { currentUser } from '../../components/quiz/server-data';
import { SignInFirst } from '../../components/quiz/sign-in-first';
import { serverApi } from '../../lib/server-api';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('classes');
  return { title: t('title') };
}

export default async function ClassesPage() {
  const user = await currentUser();
  if (!user) return <SignInFirst />;
  const [list, types] = await Promise.all([serverApi(ZClassList, '/api/v1/classes'), serverApi(z.object({ choosable: z.array(z.string()) }), '/api/v1/users/account-types')]);
  return <ClassList list={list} user={user} choosable={types.choosable.includes('instructor')} />;
}
