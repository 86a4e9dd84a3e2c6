import { ZExperimentId } from '@recurrence/contracts';
import { notFound } from 'next/navigation';
import { ExperimentRunner } from './experiment-runner';

export default async function ExperimentPage({ params, searchParams }: { params: Promise<{ experiment: string }>; searchParams: Promise<{ params?: string }> }) {
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
