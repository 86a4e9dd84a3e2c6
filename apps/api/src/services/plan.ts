import type { TInterviewForecast } from '@recurrence/contracts';
import { transaction, type Database, type PrismaClient } from '@recurrence/db';
import { advanceForInterview, MS_PER_DAY, newMemoryState, type TMemoryState } from '@recurrence/srs';
import type { ComputePool } from '../compute/compute-pool';
import { badRequest } from '../errors';
import { deckToRead, studiedDeckIds, type DeckViewer } from './deck-access';
import { forgetInterviewPlans, schedulerSettings } from './scheduling';
import { getSettings, startOfUserDay } from './settings';
import { stateFields, toMemoryState } from './study';

/** Interview dates may be set up to this far ahead. */
export const MAX_PLAN_DAYS = 730;

/** The user's memory state of every card in scope (one deck, or '*': the decks they study), new cards included, in deck order. */
async function scopeStates(prisma: PrismaClient, userId: string, deckId: string, now: Date) {
  const cards = await prisma.card.findMany({
    where: { retiredAt: null, deckId: deckId === '*' ? { in: await studiedDeckIds(prisma, userId) } : deckId },
    orderBy: [{ deckId: 'asc' }, { position: 'asc' }],
    select: { id: true, states: { where: { userId } } },
  });
  return cards.map((c) => {
    const row = c.states[0];
    return { cardId: c.id, row, memory: row ? toMemoryState(row) : newMemoryState(now) };
  });
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export async function listPlans(prisma: PrismaClient, compute: ComputePool, userId: string, now: Date): Promise<TInterviewForecast[]> {
  const plans = await prisma.interviewPlan.findMany({ where: { userId }, orderBy: { date: 'asc' } });
  if (plans.length === 0) return [];
  const settings = await getSettings(prisma, userId);
  // Today's introductions already used part of today's new-card limit (the study queue counts them the same way).
  const introducedToday = await prisma.reviewLog.count({ where: { userId, undoneAt: null, stateBefore: 'new', reviewedAt: { gte: startOfUserDay(now, settings.timeZone) } } });
  const forecasts: TInterviewForecast[] = [];
  for (const plan of plans) {
    const states = await scopeStates(prisma, userId, plan.deckId, now);
    const cards: TMemoryState[] = states.filter((s) => !s.row?.suspended).map((s) => s.memory);
    const result = await compute.run('plan', {
      cards,
      today: now,
      interviewDate: plan.date,
      newCardsPerDayLimit: settings.newCardsPerDay,
      reviewsPerDayLimit: settings.reviewsPerDay,
      introducedToday,
      desiredRetention: plan.targetRetention,
      settings: schedulerSettings(settings),
    });
    forecasts.push({
      deckId: plan.deckId,
      date: isoDay(plan.date),
      targetRetention: plan.targetRetention,
      cardCount: cards.length,
      unseenCount: cards.filter((c) => c.state === 'new').length,
      newPerDay: result.newPerDay,
      lastIntroductionDate: result.lastIntroductionDate,
      feasible: result.feasible,
      reason: result.reason ?? null,
      meanRetention: result.forecast.meanRetention,
      shareAtTarget: result.forecast.shareAtTarget,
      dailyLoad: result.dailyLoad,
    });
  }
  return forecasts;
}

/**
 * Sets an interview date and pulls in every scheduled card that would otherwise fall below the target by then
 * (ratings from now on are capped by the interview scheduler).
 */
export async function setPlan(db: Database, viewer: NonNullable<DeckViewer>, deckId: string, date: string, targetRetention: number | undefined, now: Date) {
  const prisma = db.prisma;
  const userId = viewer.id;
  if (deckId !== '*') await deckToRead(prisma, viewer, deckId);
  const settings = await getSettings(prisma, userId);
  const day = new Date(`${date}T00:00:00Z`);
  const today = startOfUserDay(now, settings.timeZone);
  if (day.getTime() <= today.getTime()) throw badRequest('body.date', 'body.date: the interview must be after today');
  if (day.getTime() > today.getTime() + MAX_PLAN_DAYS * MS_PER_DAY) throw badRequest('body.date', `body.date: at most ${MAX_PLAN_DAYS} days ahead`);
  const target = targetRetention ?? 0.95;
  await prisma.interviewPlan.upsert({
    where: { userId_deckId: { userId, deckId } },
    create: { userId, deckId, date: day, targetRetention: target },
    update: { date: day, targetRetention: target },
  });
  forgetInterviewPlans(prisma, userId);
  const states = (await scopeStates(prisma, userId, deckId, now)).filter((s) => s.row && s.row.state !== 'new');
  const advanced = advanceForInterview(
    states.map((s) => s.memory),
    now,
    day,
    target,
    settings.weights ?? undefined,
  );
  let moved = 0;
  await transaction(prisma, async (tx) => {
    for (const [i, s] of states.entries()) {
      const next = advanced[i]!;
      if (next.due.getTime() === s.memory.due.getTime()) continue;
      // Only if nobody rated the card since it was read (that rating was already capped toward the new date).
      const { count } = await tx.cardState.updateMany({ where: { userId, cardId: s.cardId, version: s.row!.version }, data: { ...stateFields(next), version: s.row!.version + 1 } });
      moved += count;
    }
  });
  db.study.forgetUser(userId);
  return { moved };
}

export async function deletePlan(prisma: PrismaClient, userId: string, deckId: string) {
  await prisma.interviewPlan.deleteMany({ where: { userId, deckId } });
  forgetInterviewPlans(prisma, userId);
}
