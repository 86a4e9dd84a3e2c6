import { dayNumber, dayNumberToIsoDate, MS_PER_DAY } from './calendar-day';
import { DEFAULT_WEIGHTS, daysUntilRetention, retrievability } from './forgetting-curve';
import { newMemoryState, type TMemoryState } from './memory-state';
import { createScheduler, DEFAULT_SCHEDULER_SETTINGS, type TScheduler, type TSchedulerSettings } from './scheduler';
import { createSimulatedLearner, simulateStudy } from './simulation';

/**
 * The interview-date planner. Days are UTC days (ts-fsrs's own convention for elapsed days); "retention on the
 * interview date" is R at the start of that day, from whole days since each card's last review. Reviews on the
 * interview day itself are not planned.
 */

/**
 * Shortens an interval that would carry a card past the interview with R on the date below the target.
 *
 * Rule: if the card's next due day is before the interview, or R(interview) with its current stability is
 * already ≥ target, nothing changes. Otherwise the card is due on the last day on which its R is still ≥ target
 * — FSRS's own interval rule with the interview target as desired retention — never before tomorrow and never
 * after the interview eve. Applied after every rating, this chains: each review before the interview happens
 * when R reaches the target, until an interval (whose stability has grown) carries R ≥ target past the date.
 * Reviewing when R hits the target (rather than all on the eve) spreads the load over the last days and leaves
 * time to relearn a card that is forgotten at its last review.
 */
export function capDueForInterview(
  stateAfterRating: TMemoryState,
  now: Date,
  interviewDate: Date,
  desiredRetention: number,
  weights: readonly number[] = DEFAULT_WEIGHTS,
): TMemoryState {
  return pullDueBeforeInterview(stateAfterRating, now, interviewDate, desiredRetention, weights, dayNumber(now) + 1);
}

/**
 * capDueForInterview for cards already scheduled: apply it to the user's current states when the interview
 * date is set (planInterview projects from these). A card whose R is already at or below the target is due
 * today instead of tomorrow.
 */
export function advanceForInterview(
  states: readonly TMemoryState[],
  today: Date,
  interviewDate: Date,
  desiredRetention: number,
  weights: readonly number[] = DEFAULT_WEIGHTS,
): TMemoryState[] {
  return states.map((s) => pullDueBeforeInterview(s, today, interviewDate, desiredRetention, weights, dayNumber(today)));
}

function pullDueBeforeInterview(
  s: TMemoryState,
  now: Date,
  interviewDate: Date,
  desiredRetention: number,
  weights: readonly number[],
  earliestDay: number,
): TMemoryState {
  const today = dayNumber(now);
  const interview = dayNumber(interviewDate);
  const eve = interview - 1;
  if (s.state === 'new' || !(s.stability > 0) || earliestDay > eve) return s;
  if (dayNumber(s.due) < interview) return s;
  const lastDay = dayNumber(s.lastReview ?? now);
  if (retrievability(interview - lastDay, s.stability, weights) >= desiredRetention) return s;
  const target = Math.min(eve, Math.max(earliestDay, lastDay + Math.floor(daysUntilRetention(s.stability, desiredRetention, weights))));
  return { ...s, due: new Date(now.getTime() + (target - today) * MS_PER_DAY), scheduledDays: target - lastDay };
}

/** A scheduler that applies capDueForInterview to every rating and preview. */
export function createInterviewScheduler(
  settings: TSchedulerSettings,
  interview: { interviewDate: Date; desiredRetention: number },
): TScheduler {
  const inner = createScheduler(settings);
  const cap = (s: TMemoryState, now: Date) =>
    capDueForInterview(s, now, interview.interviewDate, interview.desiredRetention, settings.weights ?? DEFAULT_WEIGHTS);
  return {
    scheduleNext: (state, rating, now) => cap(inner.scheduleNext(state, rating, now), now),
    preview: (state, now) => {
      const p = inner.preview(state, now);
      return { 1: cap(p[1], now), 2: cap(p[2], now), 3: cap(p[3], now), 4: cap(p[4], now) };
    },
  };
}

export type TRetentionForecast = {
  date: string;
  /** Mean predicted R over all cards; a card never studied counts as 0. */
  meanRetention: number;
  /** Share of all cards with predicted R ≥ target; a card never studied counts as below. */
  shareAtTarget: number;
  /** Mean predicted R over the studied cards only (null if none). */
  meanRetentionSeen: number | null;
  cards: number;
  unseen: number;
};

/** Predicted retrievability of each card at the start of `date`, from stability and whole days since its last review. */
export function forecastRetentionOnDate(
  states: readonly TMemoryState[],
  date: Date,
  weights: readonly number[] = DEFAULT_WEIGHTS,
  target = 0.9,
): TRetentionForecast {
  const day = dayNumber(date);
  let sum = 0;
  let atTarget = 0;
  let unseen = 0;
  for (const s of states) {
    if (s.state === 'new' || s.lastReview === null || !(s.stability > 0)) {
      unseen++;
      continue;
    }
    const r = retrievability(day - dayNumber(s.lastReview), s.stability, weights);
    sum += r;
    if (r >= target) atTarget++;
  }
  const n = states.length;
  const seen = n - unseen;
  return {
    date: dayNumberToIsoDate(day),
    meanRetention: n === 0 ? 0 : sum / n,
    shareAtTarget: n === 0 ? 0 : atTarget / n,
    meanRetentionSeen: seen === 0 ? null : sum / seen,
    cards: n,
    unseen,
  };
}

/**
 * How many days before the interview a new card must be introduced to get `reviews` spaced reviews (on days
 * after its introduction, by the interview eve at the latest), if it is answered Good every time and scheduled
 * by `settings`. planInterview passes the everyday settings with the desired retention raised to the interview
 * target when that is higher, because near the date the cap gives the card (at most) those intervals.
 */
export function leadDaysForNewCards(settings: TSchedulerSettings = DEFAULT_SCHEDULER_SETTINGS, reviews = 2): number {
  const scheduler = createScheduler({ ...settings, enableFuzz: false });
  const start = new Date(Date.UTC(2000, 0, 3, 12));
  const firstDay = dayNumber(start);
  let state = newMemoryState(start);
  let now = start;
  let later = 0;
  for (let i = 0; i < 200 && later < reviews; i++) {
    state = scheduler.scheduleNext(state, 3, now);
    now = state.due;
    if (dayNumber(now) > firstDay) later++;
  }
  return dayNumber(now) - firstDay + 1;
}

export type TInterviewPlanInput = {
  /** The user's cards, including new ones (introduced in this order). */
  cards: readonly TMemoryState[];
  today: Date;
  interviewDate: Date;
  newCardsPerDayLimit: number;
  reviewsPerDayLimit: number;
  /** New cards already introduced today (they count against today's limit, as in the study queue). Default 0. */
  introducedToday?: number;
  /** The target: R on the interview date. */
  desiredRetention: number;
  /** The everyday scheduler; its weights are the memory model. */
  settings?: TSchedulerSettings;
  /** Spaced reviews each new card should get before the interview (on days after its introduction). Default 2. */
  reviewsBeforeInterview?: number;
  /** Projection runs averaged (each a seeded simulated learner whose memory is the model). Default 3. */
  projectionRuns?: number;
  seed?: number;
};

export type TInterviewPlan = {
  newCards: number;
  /** New cards to introduce each day from today until lastIntroductionDate. */
  newPerDay: number;
  /** Days before the interview by which every card should be introduced (see leadDaysForNewCards). */
  leadDays: number;
  lastIntroductionDate: string | null;
  feasible: boolean;
  /** Why not feasible, naming the limit; absent when feasible. */
  reason?: string;
  /** The largest projected number of reviews due on one day (before the limit defers any). */
  peakReviews: number;
  forecast: { date: string; meanRetention: number; shareAtTarget: number };
  /** Projected per day from today to the interview eve (means over the projection runs). */
  dailyLoad: { date: string; reviews: number; newCards: number }[];
};

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Plans study until the interview: (a) paces new cards evenly so all are introduced by `leadDays` before the
 * date, (b) pulls in already-scheduled cards with advanceForInterview and caps every new interval with
 * capDueForInterview (use createInterviewScheduler for that), then (c) projects the plan with seeded simulated
 * learners whose memory is the model (the user's weights), applying both limits, for the daily load and the
 * forecast. Feasible when no limit binds: the new-card pace fits the new-card limit, the projected reviews due
 * on any day fit the review limit, and there are enough days for `reviewsBeforeInterview` spaced reviews.
 */
export function planInterview(input: TInterviewPlanInput): TInterviewPlan {
  const settings = input.settings ?? DEFAULT_SCHEDULER_SETTINGS;
  const weights = settings.weights ?? DEFAULT_WEIGHTS;
  const today = dayNumber(input.today);
  const interview = dayNumber(input.interviewDate);
  const daysLeft = interview - today;
  const newCards = input.cards.filter((c) => c.state === 'new').length;
  const reviewsWanted = input.reviewsBeforeInterview ?? 2;
  const leadSettings = { ...settings, desiredRetention: Math.max(settings.desiredRetention, input.desiredRetention) };
  const idealLead = leadDaysForNewCards(leadSettings, reviewsWanted);
  const reasons: string[] = [];

  if (daysLeft < 1) {
    const forecast = forecastRetentionOnDate(input.cards, input.interviewDate, weights, input.desiredRetention);
    return {
      newCards,
      newPerDay: 0,
      leadDays: idealLead,
      lastIntroductionDate: null,
      feasible: false,
      reason: 'the interview date is not after today',
      peakReviews: 0,
      forecast: { date: forecast.date, meanRetention: forecast.meanRetention, shareAtTarget: forecast.shareAtTarget },
      dailyLoad: [],
    };
  }

  // Short notice: settle for one spaced review per card (a card introduced on the eve gets none, hence ≥ 2).
  const leadDays = daysLeft >= idealLead ? idealLead : Math.max(2, Math.min(leadDaysForNewCards(leadSettings, 1), daysLeft));
  const introductionDays = Math.max(1, daysLeft - leadDays + 1);
  if (newCards > 0 && daysLeft < idealLead) {
    reasons.push(`the interview is in ${daysLeft} days but a new card needs ${idealLead} days to get ${reviewsWanted} spaced reviews`);
  }
  const needed = Math.ceil(newCards / introductionDays);
  const newPerDay = Math.min(needed, Math.max(0, Math.floor(input.newCardsPerDayLimit)));
  if (needed > newPerDay) {
    reasons.push(`needs ${needed} new cards/day to introduce all ${newCards} by ${dayNumberToIsoDate(today + introductionDays - 1)}, but the new-card limit is ${input.newCardsPerDayLimit}`);
  }
  // With the limit binding, introduction continues at the limit (up to the eve): as many cards as it allows.
  const introducingDays = newPerDay === 0 ? 0 : Math.min(daysLeft, Math.ceil(newCards / newPerDay));
  const lastIntroductionDate = introducingDays === 0 ? null : dayNumberToIsoDate(today + introducingDays - 1);

  const runs = Math.max(1, input.projectionRuns ?? 3);
  const scheduler = createScheduler(settings);
  const advanced = advanceForInterview(input.cards, input.today, input.interviewDate, input.desiredRetention, weights);
  const load = Array.from({ length: daysLeft }, (_, i) => ({ date: dayNumberToIsoDate(today + i), reviews: 0, newCards: 0, due: 0 }));
  let meanRetention = 0;
  let shareAtTarget = 0;
  for (let run = 0; run < runs; run++) {
    const learner = createSimulatedLearner({ seed: (input.seed ?? 1) * 7919 + run, profile: { weights } });
    input.cards.forEach((c, i) => learner.remember(i, c));
    const sim = simulateStudy({
      states: advanced,
      learner,
      scheduler,
      from: input.today,
      days: daysLeft,
      // Today only what is left of the limit after today's introductions, as study shows it.
      newCardsPerDay: (day) => (day >= introducingDays ? 0 : day === 0 ? Math.max(0, Math.min(newPerDay, Math.floor(input.newCardsPerDayLimit) - (input.introducedToday ?? 0))) : newPerDay),
      reviewsPerDay: input.reviewsPerDayLimit,
      afterRating: (s, now) => capDueForInterview(s, now, input.interviewDate, input.desiredRetention, weights),
    });
    sim.days.forEach((d, i) => {
      const row = load[i]!;
      row.reviews += d.reviews / runs;
      row.newCards += d.newCards / runs;
      row.due += d.due / runs;
    });
    const f = forecastRetentionOnDate(sim.states, input.interviewDate, weights, input.desiredRetention);
    meanRetention += f.meanRetention / runs;
    shareAtTarget += f.shareAtTarget / runs;
  }
  const peak = load.reduce((best, d) => (d.due > best.due ? d : best), load[0]!);
  const peakReviews = Math.ceil(peak.due - 1e-9);
  if (peak.due > input.reviewsPerDayLimit) {
    reasons.push(`needs up to ${peakReviews} reviews/day (on ${peak.date}) but the review limit is ${input.reviewsPerDayLimit}`);
  }

  return {
    newCards,
    newPerDay,
    leadDays,
    lastIntroductionDate,
    feasible: reasons.length === 0,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
    peakReviews,
    forecast: { date: dayNumberToIsoDate(interview), meanRetention, shareAtTarget },
    dailyLoad: load.map((d) => ({ date: d.date, reviews: round1(d.reviews), newCards: round1(d.newCards) })),
  };
}
