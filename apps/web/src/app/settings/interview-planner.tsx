'use client';

import { ZDeckList, ZPlanResponse, type TDeckSummary, type TInterviewForecast } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations();
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
      <h2>{t('plan.title')}</h2>
      <p className="small muted">{t('plan.intro')}</p>
      <div className="lab-actions">
        <select aria-label={t('common.deck')} value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="*">{t('common.allDecks')}</option>
          {decks.map((d) => (
            <option key={d.id} value={d.id}>
              {d.title[lang]}
            </option>
          ))}
        </select>
        <input type="date" aria-label={t('plan.title')} value={date} onChange={(e) => setDate(e.target.value)} />
        <label className="inline small">
          {t('plan.targetRecall')}
          <input type="number" aria-label={t('plan.targetRecallLabel')} min={0.7} max={0.99} step={0.01} value={target} onChange={(e) => setTarget(Number(e.target.value))} />
        </label>
        <button type="button" className="button" disabled={!date} onClick={() => void save()}>
          {t('plan.setDate')}
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
            {plan.deckId === '*' ? t('common.allDecks') : (decks.find((d) => d.id === plan.deckId)?.title[lang] ?? plan.deckId)} — {plan.date}
            <button
              type="button"
              className="link-button small"
              onClick={async () => {
                await api(z.unknown(), `/api/v1/plan/${encodeURIComponent(plan.deckId)}`, { method: 'DELETE' });
                load();
              }}
            >
              {' '}
              {t('plan.remove')}
            </button>
          </h3>
          <p>
            {t.rich('plan.forecast', {
              mean: pct(plan.meanRetention),
              share: pct(plan.shareAtTarget),
              cards: plan.cardCount,
              target: pct(plan.targetRetention),
              perDay: plan.newPerDay,
              introduced: plan.lastIntroductionDate ? t('plan.allIntroducedBy', { date: plan.lastIntroductionDate }) : '',
              unseen: plan.unseenCount,
              b: (chunks) => <strong>{chunks}</strong>,
            })}
          </p>
          {!plan.feasible && plan.reason && <p className="error">{plan.reason}</p>}
          {plan.dailyLoad.length > 0 && (
            <Chart
              height={220}
              label={t('plan.chartLabel')}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 40, right: 10, top: 30, bottom: 30 },
                xAxis: { type: 'category', data: plan.dailyLoad.map((d) => d.date.slice(5)) },
                yAxis: { type: 'value' },
                series: [
                  { type: 'bar', stack: 'load', name: t('plan.reviews'), data: plan.dailyLoad.map((d) => Math.round(d.reviews)) },
                  { type: 'bar', stack: 'load', name: t('plan.newCards'), data: plan.dailyLoad.map((d) => Math.round(d.newCards)) },
                ],
              }}
            />
          )}
        </div>
      ))}
    </section>
  );
}
