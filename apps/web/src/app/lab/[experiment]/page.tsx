import { ZExperimentId } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { ExperimentRunner } from './experiment-runner';

type Props = { params: Promise<{ experiment: string }>; searchParams: Promise<{ params?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const parsed = ZExperimentId.safeParse((await params).experiment);
  if (!parsed.success) return {};
  const t = await getTranslations();
  return { title: `${t(`lab.${parsed.data}.title`)} · ${t('lab.title')}` };
}

export default async function ExperimentPage({ params, searchParams }: Props) {
  const { experiment } = await params;
  const parsed = ZExperimentId.safeParse(experiment);
  if (!parsed.success) notFound();
  const { params: initial } = await searchParams;
  let initialParams: Record<string, unknown> = {};
  try {
    if (initial) initialParams = JSON.parse(initial) as Record<string, unknown>;
  } catch {
    initialParams = {};
  }
  return <ExperimentRunner experiment={parsed.data} initialParams={initialParams} />;
}
