import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { StudySession } from './study-session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t('study.title') };
}

export default async function StudyPage({ searchParams }: { searchParams: Promise<{ deck?: string | string[] }> }) {
  const { deck } = await searchParams;
  return <StudySession deckId={typeof deck === 'string' && deck !== '' ? deck : undefined} />;
}
