import { describe, expect, it } from 'vitest';
import { dayNumber } from './calendar-day';
import { DEFAULT_WEIGHTS, retrievability } from './forgetting-curve';
import { newMemoryState, type TMemoryState } from './memory-state';
import { advanceForInterview, capDueForInterview, createInterviewScheduler, forecastRetentionOnDate, leadDaysForNewCards, planInterview, type TInterviewPlan } from './planner';
import { createScheduler, type TSchedulerSettings } from './scheduler';
import { createSimulatedLearner, simulateStudy } from './simulation';

const today = new Date('2026-03-02T08:00:00Z');
const inDays = (n: number, from = today) => new Date(from.getTime() + n * 86_400_000);
const reviewed = (stability: number, lastReview: Date, due: Date): TMemoryState => ({
  ...newMemoryState(lastReview),
  state: 'review',
  stability,
  difficulty: 5,
  reps: 4,
  lastReview,
  due,
});

describe('capDueForInterview', () => {
  const interview = inDays(20);

  it('leaves a card alone when it is due before the interview or will still be at target on the date', () => {
    const dueBefore = reviewed(5, today, inDays(5));
    expect(capDueForInterview(dueBefore, today, interview, 0.95)).toBe(dueBefore);
    const strong = reviewed(400, today, inDays(400));
    expect(retrievability(20, 400)).toBeGreaterThan(0.95);
    expect(capDueForInterview(strong, today, interview, 0.95)).toBe(strong);
  });

  it('moves an overshooting card to the last day its R is still at target, before the eve', () => {
    const s = reviewed(30, today, inDays(30));
    const capped = capDueForInterview(s, today, interview, 0.95);
    const d = dayNumber(capped.due) - dayNumber(today);
    expect(d).toBeGreaterThan(0);
    expect(d).toBeLessThan(20);
    expect(retrievability(d, 30)).toBeGreaterThanOrEqual(0.95);
    expect(retrievability(d + 1, 30)).toBeLessThan(0.95);
    expect(capped.scheduledDays).toBe(d);
    expect(capped.stability).toBe(30);
  });

  it('never schedules after the interview eve, nor before tomorrow', () => {
    const eve = capDueForInterview(reviewed(100, today, inDays(100)), today, interview, 0.99);
    expect(dayNumber(eve.due)).toBeLessThanOrEqual(dayNumber(interview) - 1);
    const weak = capDueForInterview(reviewed(0.5, today, inDays(21)), today, interview, 0.95);
    expect(dayNumber(weak.due)).toBe(dayNumber(today) + 1);
    const onEve = reviewed(3, inDays(19), inDays(22));
    expect(capDueForInterview(onEve, inDays(19), interview, 0.95)).toBe(onEve);
  });

  it('is applied by the interview scheduler to ratings and previews', () => {
    const settings: TSchedulerSettings = { desiredRetention: 0.9, maximumIntervalDays: 36500, enableFuzz: false };
    const s = reviewed(30, inDays(-30), today);
    const capped = createInterviewScheduler(settings, { interviewDate: interview, desiredRetention: 0.99 });
    const plain = createScheduler(settings);
    const next = plain.scheduleNext(s, 3, today);
    expect(next.due.getTime()).toBeGreaterThan(interview.getTime());
    expect(retrievability(20, next.stability)).toBeLessThan(0.99);
    expect(capped.scheduleNext(s, 3, today).due.getTime()).toBeLessThan(interview.getTime());
    expect(capped.preview(s, today)[4].due.getTime()).toBeLessThan(interview.getTime());
  });
});

describe('advanceForInterview', () => {
  it('pulls already-scheduled cards in, and makes one already below target due today', () => {
    const interview = inDays(20);
    const [kept, pulled, weak] = advanceForInterview(
      [reviewed(400, inDays(-5), inDays(300)), reviewed(30, inDays(-10), inDays(25)), reviewed(2, inDays(-10), inDays(22))],
      today,
      interview,
      0.95,
    );
    expect(kept!.due).toEqual(inDays(300));
    const d = dayNumber(pulled!.due) - dayNumber(inDays(-10));
    expect(retrievability(d, 30)).toBeGreaterThanOrEqual(0.95);
    expect(retrievability(d + 1, 30)).toBeLessThan(0.95);
    expect(pulled!.scheduledDays).toBe(d);
    expect(dayNumber(weak!.due)).toBe(dayNumber(today));
  });
});

describe('forecastRetentionOnDate', () => {
  it('averages predicted R over all cards, counting unseen cards as 0 and reporting them', () => {
    const date = inDays(10);
    const states = [reviewed(10, today, inDays(10)), reviewed(1000, today, inDays(900)), newMemoryState(today)];
    const f = forecastRetentionOnDate(states, date, DEFAULT_WEIGHTS, 0.9);
    const strong = retrievability(10, 1000);
    expect(f.meanRetention).toBeCloseTo((0.9 + strong) / 3, 6);
    expect(f.meanRetentionSeen).toBeCloseTo((0.9 + strong) / 2, 6);
    expect(f.shareAtTarget).toBeCloseTo(2 / 3, 10);
    expect(f).toMatchObject({ date: '2026-03-12', cards: 3, unseen: 1 });
  });
});

const EVERYDAY: TSchedulerSettings = { desiredRetention: 0.9, maximumIntervalDays: 36500, enableFuzz: true };

/** Plays the plan with a simulated learner; returns the share of cards it recalls on the interview day. */
function followPlan(plan: TInterviewPlan, cards: TMemoryState[], interview: Date, target: number, seed: number, cap: boolean) {
  const learner = createSimulatedLearner({ seed });
  const introducing = plan.lastIntroductionDate === null ? 0 : dayNumber(new Date(plan.lastIntroductionDate)) - dayNumber(today) + 1;
  const sim = simulateStudy({
    states: cards,
    learner,
    scheduler: createScheduler(EVERYDAY),
    from: today,
    days: dayNumber(interview) - dayNumber(today),
    newCardsPerDay: (d) => (d < introducing ? plan.newPerDay : 0),
    ...(cap ? { afterRating: (s: TMemoryState, now: Date) => capDueForInterview(s, now, interview, target) } : {}),
  });
  let recalled = 0;
  cards.forEach((_, i) => {
    if (learner.recalls(i, interview)) recalled++;
  });
  return { recalled: recalled / cards.length, reviews: sim.days.reduce((n, d) => n + d.reviews, 0) };
}

describe('planInterview', () => {
  it('needs a few days of lead for a new card to get spaced reviews', () => {
    expect(leadDaysForNewCards(EVERYDAY, 2)).toBeGreaterThanOrEqual(4);
    expect(leadDaysForNewCards(EVERYDAY, 3)).toBeGreaterThan(leadDaysForNewCards(EVERYDAY, 2));
  });

  it('with generous limits, gets a simulated learner to the target on the date — better than plain FSRS', () => {
    const target = 0.95;
    const interview = inDays(40);
    const cards = Array.from({ length: 150 }, () => newMemoryState(today));
    const plan = planInterview({
      cards,
      today,
      interviewDate: interview,
      newCardsPerDayLimit: 50,
      reviewsPerDayLimit: 500,
      desiredRetention: target,
      settings: EVERYDAY,
    });
    expect(plan.feasible).toBe(true);
    expect(plan.reason).toBeUndefined();
    expect(plan.newCards).toBe(150);
    expect(plan.newPerDay).toBe(Math.ceil(150 / (40 - plan.leadDays + 1)));
    expect(dayNumber(new Date(plan.lastIntroductionDate!))).toBeLessThanOrEqual(dayNumber(interview) - plan.leadDays);
    expect(plan.dailyLoad).toHaveLength(40);
    expect(plan.dailyLoad.reduce((n, d) => n + d.newCards, 0)).toBe(150);
    expect(plan.forecast.date).toBe('2026-04-11');
    expect(plan.forecast.meanRetention).toBeGreaterThanOrEqual(target);

    const seeds = [1, 2, 3, 4, 5, 6];
    const withCap = seeds.map((seed) => followPlan(plan, cards, interview, target, seed, true));
    const plain = seeds.map((seed) => followPlan(plan, cards, interview, target, seed, false));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const capped = mean(withCap.map((r) => r.recalled));
    const uncapped = mean(plain.map((r) => r.recalled));
    console.info(
      `planner: target ${target}, measured recall on the date ${capped.toFixed(4)} with the cap vs ${uncapped.toFixed(4)} plain FSRS ` +
        `(${seeds.length} seeds x 150 cards); reviews ${mean(withCap.map((r) => r.reviews)).toFixed(0)} vs ${mean(plain.map((r) => r.reviews)).toFixed(0)}; ` +
        `forecast ${plan.forecast.meanRetention.toFixed(4)}, newPerDay ${plan.newPerDay}, lead ${plan.leadDays} days, peak ${plan.peakReviews} reviews/day`,
    );
    // 900 recall draws: the standard error is ~0.007, so 0.015 is a two-sigma margin.
    expect(capped).toBeGreaterThanOrEqual(target - 0.015);
    expect(capped).toBeGreaterThan(uncapped);
  });

  it('pulls in reviewed cards whose intervals would carry them past the date below target', () => {
    // 60 cards learned a while ago, due after the interview, with R on the date below 0.95.
    const lastReview = inDays(-10);
    const cards = Array.from({ length: 60 }, (_, i) => reviewed(20 + i, lastReview, inDays(15 + i)));
    const interview = inDays(14);
    expect(forecastRetentionOnDate(cards, interview, DEFAULT_WEIGHTS, 0.95).shareAtTarget).toBeLessThan(0.5);
    const plan = planInterview({ cards, today, interviewDate: interview, newCardsPerDayLimit: 10, reviewsPerDayLimit: 200, desiredRetention: 0.95 });
    expect(plan).toMatchObject({ feasible: true, newCards: 0, newPerDay: 0, lastIntroductionDate: null });
    const belowTarget = cards.filter((c) => retrievability(24, c.stability) < 0.95).length;
    expect(belowTarget).toBeGreaterThan(30);
    expect(plan.dailyLoad.reduce((n, d) => n + d.reviews, 0)).toBeGreaterThanOrEqual(belowTarget);
    expect(plan.forecast.meanRetention).toBeGreaterThanOrEqual(0.95);
  });

  it('counts only what is left of today\'s new-card limit after today\'s introductions, as study shows it', () => {
    const cards = Array.from({ length: 40 }, () => newMemoryState(today));
    const input = { cards, today, interviewDate: inDays(30), newCardsPerDayLimit: 6, reviewsPerDayLimit: 200, desiredRetention: 0.9 };
    const plan = planInterview(input);
    expect(plan.newPerDay).toBe(3);
    expect(plan.dailyLoad[0]!.newCards).toBe(3);
    expect(planInterview({ ...input, introducedToday: 6 }).dailyLoad[0]!.newCards).toBe(0);
    expect(planInterview({ ...input, introducedToday: 5 }).dailyLoad[0]!.newCards).toBe(1);
    expect(planInterview({ ...input, introducedToday: 6 }).dailyLoad[1]!.newCards).toBe(3);
  });

    it('says which new-card limit makes a plan impossible', () => {
    const plan = planInterview({
      cards: Array.from({ length: 400 }, () => newMemoryState(today)),
      today,
      interviewDate: inDays(12),
      newCardsPerDayLimit: 20,
      reviewsPerDayLimit: 10_000,
      desiredRetention: 0.9,
      projectionRuns: 1,
    });
    expect(plan.feasible).toBe(false);
    expect(plan.reason).toMatch(/new cards\/day .* but the new-card limit is 20/);
    expect(plan.newPerDay).toBe(20);
    expect(plan.forecast.meanRetention).toBeLessThan(0.9);
  });

  it('says when the review limit is too low', () => {
    const plan = planInterview({
      cards: Array.from({ length: 300 }, () => newMemoryState(today)),
      today,
      interviewDate: inDays(30),
      newCardsPerDayLimit: 100,
      reviewsPerDayLimit: 15,
      desiredRetention: 0.9,
      projectionRuns: 1,
    });
    expect(plan.feasible).toBe(false);
    expect(plan.reason).toMatch(/needs up to \d+ reviews\/day .* but the review limit is 15/);
    expect(plan.peakReviews).toBeGreaterThan(15);
    expect(plan.dailyLoad.every((d) => d.reviews <= 15)).toBe(true);
  });

  it('refuses an interview that is not in the future', () => {
    const plan = planInterview({
      cards: [newMemoryState(today)],
      today,
      interviewDate: today,
      newCardsPerDayLimit: 10,
      reviewsPerDayLimit: 100,
      desiredRetention: 0.9,
    });
    expect(plan).toMatchObject({ feasible: false, reason: 'the interview date is not after today', dailyLoad: [] });
  });
});
