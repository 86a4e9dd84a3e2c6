import type { PrismaClient } from '@recurrence/db';
import { createInterviewScheduler, createScheduler, type TScheduler, type TSchedulerSettings } from '@recurrence/srs';
import type { TUserSettings } from './settings';

type StepUnit = NonNullable<TSchedulerSettings['learningSteps']>[number];
const steps = (s: string) => s.split(/\s+/).filter(Boolean) as StepUnit[];

export function schedulerSettings(settings: TUserSettings): TSchedulerSettings {
  return {
    desiredRetention: settings.desiredRetention,
    maximumIntervalDays: settings.maximumIntervalDays,
    enableFuzz: true,
    learningSteps: steps(settings.learningSteps),
    relearningSteps: steps(settings.relearningSteps),
    ...(settings.weights ? { weights: settings.weights } : {}),
  };
}

// Schedulers are small but not free to build; requests with the same settings share one.
const cache = new Map<string, TScheduler>();
function cached(key: string, build: () => TScheduler): TScheduler {
  let scheduler = cache.get(key);
  if (!scheduler) {
    if (cache.size > 1000) cache.clear();
    scheduler = build();
    cache.set(key, scheduler);
  }
  return scheduler;
}

export type TActiveInterview = { date: Date; targetRetention: number };

/** The nearest upcoming interview that covers a deck (its own plan or the all-decks plan), if any. */
export async function activeInterview(prisma: PrismaClient, userId: string, deckId: string, now: Date): Promise<TActiveInterview | null> {
  const plans = await prisma.interviewPlan.findMany({ where: { userId, deckId: { in: [deckId, '*'] }, date: { gt: now } }, orderBy: { date: 'asc' }, take: 1 });
  const plan = plans[0];
  return plan ? { date: plan.date, targetRetention: plan.targetRetention } : null;
}

/** The scheduler for a user's card: FSRS with their settings, capped toward an interview date when one applies. */
export function schedulerFor(settings: TUserSettings, interview: TActiveInterview | null = null): TScheduler {
  const config = schedulerSettings(settings);
  if (!interview) return cached(JSON.stringify(config), () => createScheduler(config));
  return cached(JSON.stringify([config, interview.date.toISOString(), interview.targetRetention]), () =>
    createInterviewScheduler(config, { interviewDate: interview.date, desiredRetention: interview.targetRetention }),
  );
}
