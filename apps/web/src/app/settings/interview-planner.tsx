'use client';

import { ZDeckList, ZPlanResponse, type TDeckSummary, type TInterviewForecast } from '@recurrence/contracts';
import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import { Chart } from '../../components/chart';
import { useCardLanguage } from '../../components/card-language';
import { pct } from '../../components/lab/format';
import { api } from '../../lib/api';

/**
 * Interview dates: set the day of an interview (for one deck or everything) and see what the planner does —
 * how many new cards a day, and the recall it forecasts on the day.
 */
export function InterviewPlanner() {
  const { lang } = useCardLanguage();
  const [plans, setPlans] = useState<TInterviewForecast[] | null>(null);
  const [decks, setDecks] = useState<TDeckSummary[]>([]);
  const [scope, setScope] = useState('*');
  const [date, setDate] = useState('');
  const [target, setTarget] = useState(0.95);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api(ZPlanResponse, '/api/v1/plan').then((r) => setPlans(r.plans), (e: unknown) => setError(String(e)));
  }, []);
  useEffect(() => {
    load();
    api(ZDeckList, '/api/v1/decks').then((r) => setDecks(r.decks), () => {});
  }, [load]);

  async function save() {
    setError(null);
    try {
      await api(z.unknown(), `/api/v1/plan/${encodeURIComponent(scope)}`, { method: 'PUT', body: { date, targetRetention: target } });
      load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <section className="panel">
      <h2>Interview date</h2>
      <p className="small muted">
        Recurrence plans toward the day: it paces new cards so the whole deck is seen early enough for a few reviews, and shortens any interval that
        would carry a card past the day below the target recall — so on the day every card is as fresh as your daily limits allow. Setting a date
        also brings forward cards already scheduled too far out.
      </p>
      <div className="lab-actions">
        <select aria-label="Deck" value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="*">All decks</option>
          {decks.map((d) => (
            <option key={d.id} value={d.id}>
              {d.title[lang]}
            </option>
          ))}
        </select>
        <input type="date" aria-label="Interview date" value={date} onChange={(e) => setDate(e.target.value)} />
        <label className="inline small">
          target recall
          <input type="number" aria-label="Target recall on the day" min={0.7} max={0.99} step={0.01} value={target} onChange={(e) => setTarget(Number(e.target.value))} />
        </label>
        <button type="button" className="button" disabled={!date} onClick={() => void save()}>
          Set date
        </button>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </div>
      {plans?.map((plan) => (
        <div key={plan.deckId} className="plan" data-testid="interview-plan">
          <h3>
            {plan.deckId === '*' ? 'All decks' : (decks.find((d) => d.id === plan.deckId)?.title[lang] ?? plan.deckId)} — {plan.date}
            <button
              type="button"
              className="link-button small"
              onClick={async () => {
                await api(z.unknown(), `/api/v1/plan/${encodeURIComponent(plan.deckId)}`, { method: 'DELETE' });
                load();
              }}
            >
              {' '}
              remove
            </button>
          </h3>
          <p>
            Forecast on the day: mean recall <strong>{pct(plan.meanRetention)}</strong>, <strong>{pct(plan.shareAtTarget)}</strong> of {plan.cardCount} cards at or above{' '}
            {pct(plan.targetRetention)}. Plan: <strong>{plan.newPerDay}</strong> new cards a day
            {plan.lastIntroductionDate ? `, all introduced by ${plan.lastIntroductionDate}` : ''} ({plan.unseenCount} not yet seen).
          </p>
          {!plan.feasible && plan.reason && <p className="error">{plan.reason}</p>}
          {plan.dailyLoad.length > 0 && (
            <Chart
              height={220}
              label="Projected reviews and new cards per day until the interview"
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 40, right: 10, top: 30, bottom: 30 },
                xAxis: { type: 'category', data: plan.dailyLoad.map((d) => d.date.slice(5)) },
                yAxis: { type: 'value' },
                series: [
                  { type: 'bar', stack: 'load', name: 'reviews', data: plan.dailyLoad.map((d) => Math.round(d.reviews)) },
                  { type: 'bar', stack: 'load', name: 'new cards', data: plan.dailyLoad.map((d) => Math.round(d.newCards)) },
                ],
              }}
            />
          )}
        </div>
      ))}
    </section>
  );
}
