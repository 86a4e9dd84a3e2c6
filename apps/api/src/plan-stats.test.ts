import { testProviders } from '@recurrence/db/testing';
import { createScheduler, memoryStateFromJson, type TMemoryStateJson } from '@recurrence/srs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { basicCard, buildTestApp, seedDeck, sessionCookie, testDeck, type TestApp } from './testing';

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe.each(testProviders())('interview plan, statistics and fitting on %s', (provider) => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await buildTestApp(provider);
    await seedDeck(t.db, testDeck(Array.from({ length: 8 }, (_, i) => basicCard(`plan-card-${i}`)), 'plan-deck'));
    cookie = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
  });
  afterAll(() => t.close());

  const rateNext = async (rating: number) => {
    const next = (await t.app.inject({ method: 'GET', url: '/api/v1/study/next?deckId=plan-deck', headers: { cookie } })).json().next;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie }, payload: { clientId: crypto.randomUUID(), cardId: next.card.id, rating, durationMs: 900 } });
    return res.json();
  };

  it('refuses interview dates in the past, too far ahead, or for unknown decks, naming the field', async () => {
    const past = await t.app.inject({ method: 'PUT', url: '/api/v1/plan/plan-deck', headers: { cookie }, payload: { date: isoDay(Date.now() - DAY) } });
    expect(past.statusCode).toBe(400);
    expect(past.json().field).toBe('body.date');
    const far = await t.app.inject({ method: 'PUT', url: '/api/v1/plan/plan-deck', headers: { cookie }, payload: { date: isoDay(Date.now() + 800 * DAY) } });
    expect(far.json().field).toBe('body.date');
    const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/plan/plan-deck', headers: { cookie }, payload: { date: '14/03/2027' } });
    expect(bad.json().field).toBe('body.date');
    const unknown = await t.app.inject({ method: 'PUT', url: '/api/v1/plan/nope', headers: { cookie }, payload: { date: isoDay(Date.now() + 10 * DAY) } });
    expect(unknown.statusCode).toBe(404);
  });

  it('caps intervals at the interview and forecasts recall on the day', async () => {
    const before = await rateNext(4);
    // Easy on a new card schedules about 11 days ahead (FSRS-6 defaults). With the interview in 6 days, recall
    // on the day would be about 0.92, below the 0.95 target, so the next review must come before the interview.
    const interview = isoDay(Date.now() + 6 * DAY);
    const set = await t.app.inject({ method: 'PUT', url: '/api/v1/plan/plan-deck', headers: { cookie }, payload: { date: interview } });
    expect(set.statusCode).toBe(200);
    const after = await rateNext(4);
    const interviewMs = new Date(`${interview}T00:00:00Z`).getTime();
    expect(new Date(after.due).getTime()).toBeLessThan(interviewMs);
    expect(new Date(before.due).getTime()).toBeGreaterThan(Date.now());
    // Plain FSRS, given the same card and rating, would have scheduled it past the interview.
    const log = await t.db.prisma.reviewLog.findFirstOrThrow({ where: { id: after.reviewId } });
    const plain = createScheduler({ desiredRetention: 0.9, maximumIntervalDays: 36500, enableFuzz: true, learningSteps: ['1m', '10m'], relearningSteps: ['10m'] });
    const uncapped = plain.scheduleNext(memoryStateFromJson(log.before as TMemoryStateJson), 4, log.reviewedAt);
    expect(uncapped.due.getTime()).toBeGreaterThan(interviewMs);

    const plans = (await t.app.inject({ method: 'GET', url: '/api/v1/plan', headers: { cookie } })).json().plans;
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ deckId: 'plan-deck', date: interview, cardCount: 8, unseenCount: 6, targetRetention: 0.95 });
    expect(plans[0].meanRetention).toBeGreaterThan(0);
    expect(plans[0].meanRetention).toBeLessThanOrEqual(1);
    expect(plans[0].dailyLoad.length).toBeGreaterThan(0);

    const removed = await t.app.inject({ method: 'DELETE', url: '/api/v1/plan/plan-deck', headers: { cookie } });
    expect(removed.statusCode).toBe(204);
  });

  it('reports statistics from the review log', async () => {
    const stats = (await t.app.inject({ method: 'GET', url: '/api/v1/stats?deckId=plan-deck', headers: { cookie } })).json();
    expect(stats.reviewsPerDay.reduce((s: number, d: { reviews: number }) => s + d.reviews, 0)).toBe(2);
    expect(stats.counts.total).toBe(8);
    expect(stats.counts.new).toBe(6);
    expect(stats.dueForecast).toHaveLength(30);
    const workload = stats.workload.map((w: { reviewsPerDay: number }) => w.reviewsPerDay);
    expect(workload).toHaveLength(18);
    expect(workload[0]).toBeGreaterThan(0);
    for (let i = 1; i < workload.length; i++) expect(workload[i]).toBeGreaterThanOrEqual(workload[i - 1]);
  });

  it('computes the workload curve again only when its inputs changed', async () => {
    const run = vi.spyOn(t.app.compute, 'run');
    const workloadRuns = () => run.mock.calls.filter(([op]) => op === 'workload').length;
    const stats = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/stats?deckId=plan-deck', headers: { cookie } })).json();
    const first = await stats();
    const second = await stats();
    expect(second.workload).toEqual(first.workload);
    expect(workloadRuns()).toBe(0); // the previous test computed this curve already
    const next = (await t.app.inject({ method: 'GET', url: '/api/v1/study/next?deckId=plan-deck', headers: { cookie } })).json().next;
    await t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie }, payload: { clientId: crypto.randomUUID(), cardId: next.card.id, rating: 3, durationMs: 800 } });
    await stats();
    expect(workloadRuns()).toBe(1);
    run.mockRestore();
  });

  it('says how many reviews parameter fitting still needs', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/settings/optimize', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'not-enough-reviews', have: 0, need: 400 });
  });
});
