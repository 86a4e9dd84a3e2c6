import type { PrismaClient } from '@recurrence/db';
import { createInterviewScheduler, createScheduler, type TScheduler, type TSchedulerSettings } from '@recurrence/srs';
import { ReadCache } from './read-cache';
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

type PlanRow = { deckId: string; date: Date; targetRetention: number };

/** Interview plans are read on every study request and change only through the plan service (see ReadCache). */
const plansCache = new ReadCache<string, PlanRow[]>({ limit: 10_000 });

export function forgetInterviewPlans(prisma: PrismaClient, userId: string): void {
  plansCache.forget(prisma, userId);
}

/** The nearest upcoming interview that covers a deck (its own plan or the all-decks plan), if any. */
export async function activeInterview(prisma: PrismaClient, userId: string, deckId: string, now: Date): Promise<TActiveInterview | null> {
  const plans = await plansCache.get(prisma, userId, () =>
    prisma.interviewPlan.findMany({ where: { userId }, orderBy: { date: 'asc' }, select: { deckId: true, date: true, targetRetention: true } }),
  );
  const plan = plans.find((p) => (p.deckId === deckId || p.deckId === '*') && p.date.getTime() > now.getTime());
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
