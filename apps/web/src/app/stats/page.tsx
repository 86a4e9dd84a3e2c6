import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { StatsView } from './stats-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t('stats.title') };
}

export default function StatsPage() {
  return <StatsView />;
}
