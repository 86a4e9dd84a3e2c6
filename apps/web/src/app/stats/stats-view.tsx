'use client';

import { ZDeckList, ZPlanResponse, ZStatsResponse, type TDeckSummary, type TInterviewForecast, type TStatsResponse } from '@recurrence/contracts';
import { useLocale, useTranslations } from 'next-intl';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { useCardLanguage } from '../../components/card-language';
import { Chart } from '../../components/chart';
import { pct } from '../../components/lab/format';
import { useSession } from '../../components/session';
import { api } from '../../lib/api';

/** ECharts' built-in month and weekday names for each interface language. */
const ECHARTS_LOCALE = { en: 'EN', zh: 'ZH' } as const;

export function StatsView() {
  const { user } = useSession();
  const { lang } = useCardLanguage();
  const t = useTranslations();
  const [decks, setDecks] = useState<TDeckSummary[]>([]);
  const [deckId, setDeckId] = useState('');
  const [stats, setStats] = useState<TStatsResponse | null>(null);
  const [plans, setPlans] = useState<TInterviewForecast[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!user) return;
    api(ZDeckList, '/api/v1/decks').then((r) => setDecks(r.decks), () => {});
    api(ZPlanResponse, '/api/v1/plan').then((r) => setPlans(r.plans), () => {});
  }, [user]);
  useEffect(() => {
    if (!user) return;
    setStats(null);
    api(ZStatsResponse, `/api/v1/stats${deckId ? `?deckId=${encodeURIComponent(deckId)}` : ''}`).then(setStats, (e: unknown) => setError(String(e)));
  }, [user, deckId]);

  if (!user || error) {
    return (
      <section className="stats">
        <h1>{t('stats.title')}</h1>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : (
          <p className="muted">{t('stats.signInFirst')}</p>
        )}
      </section>
    );
  }
  return (
    <section className="stats">
      <h1>{t('stats.title')}</h1>
      <select aria-label={t('common.deck')} value={deckId} onChange={(e) => setDeckId(e.target.value)}>
        <option value="">{t('common.allDecks')}</option>
        {decks.map((d) => (
          <option key={d.id} value={d.id}>
            {d.title[lang]}
          </option>
        ))}
      </select>
      {!stats ? <p className="muted">{t('stats.computing')}</p> : <StatsPanels stats={stats} plans={plans.filter((p) => !deckId || p.deckId === deckId || p.deckId === '*')} />}
    </section>
  );
}

function StatsPanels({ stats, plans }: { stats: TStatsResponse; plans: TInterviewForecast[] }) {
  const t = useTranslations();
  const ui = useLocale();
  const year = new Date().getUTCFullYear();
  const heatmap = useMemo(() => {
    const max = Math.max(1, ...stats.reviewsPerDay.map((d) => d.reviews));
    const first = stats.reviewsPerDay[0]?.date ?? `${year}-01-01`;
    const end = new Date();
    const start = new Date(Math.min(new Date(first).getTime(), end.getTime() - 180 * 86_400_000));
    return {
      tooltip: { formatter: (p: { value: [string, number] }) => t('stats.heatmapTooltip', { date: p.value[0], count: p.value[1] }) },
      visualMap: { min: 0, max, show: false, inRange: { color: ['#e8ecf7', '#2f5bd3'] } },
      calendar: { range: [start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)], cellSize: ['auto', 14], top: 30, left: 40, right: 10, yearLabel: { show: false },
        monthLabel: { nameMap: ECHARTS_LOCALE[ui] }, dayLabel: { nameMap: ECHARTS_LOCALE[ui] } },
      series: [{ type: 'heatmap', coordinateSystem: 'calendar', data: stats.reviewsPerDay.map((d) => [d.date, d.reviews]) }],
    };
  }, [stats, year, t, ui]);
  const total = stats.reviewsPerDay.reduce((s, d) => s + d.reviews, 0);
  const current = stats.workload.reduce((best, w) => (Math.abs(w.desiredRetention - stats.desiredRetention) < Math.abs(best.desiredRetention - stats.desiredRetention) ? w : best), stats.workload[0]!);
  return (
    <>
      <div className="panel counts" data-testid="card-counts">
        {(['new', 'learning', 'review', 'relearning', 'suspended'] as const).map((k) => (
          <div key={k}>
            <strong>{stats.counts[k]}</strong>
            <span className="small muted">{t(`state.${k}`)}</span>
          </div>
        ))}
        <div>
          <strong>{total}</strong>
          <span className="small muted">{t('stats.ratings')}</span>
        </div>
      </div>
      {plans.map((p) => (
        <div key={p.deckId} className="panel">
          <h2>{t('stats.interviewOn', { date: p.date })}</h2>
          <p>
            {t.rich('stats.forecast', { mean: pct(p.meanRetention), share: pct(p.shareAtTarget), target: pct(p.targetRetention), b: (chunks) => <strong>{chunks}</strong> })}{' '}
            {p.feasible ? t('stats.planFits') : p.reason} <Link href="/settings">{t('stats.change')}</Link>
          </p>
        </div>
      ))}
      <div className="panel">
        <h2>{t('stats.reviewsPerDay')}</h2>
        <Chart option={heatmap} height={170} label={t('stats.reviewsPerDayLabel')} />
      </div>
      <div className="panel">
        <h2>{t('stats.dueSoon')}</h2>
        <Chart
          height={220}
          label={t('stats.dueSoonLabel')}
          option={{ tooltip: { trigger: 'axis' }, grid: { left: 40, right: 10, top: 10, bottom: 30 }, xAxis: { type: 'category', data: stats.dueForecast.map((d) => d.date.slice(5)) }, yAxis: { type: 'value', minInterval: 1 }, series: [{ type: 'bar', data: stats.dueForecast.map((d) => d.due) }] }}
        />
      </div>
      <div className="panel">
        <h2>{t('stats.trueRetention')}</h2>
        <p className="small muted">{t('stats.trueRetentionHelp')}</p>
        <Chart
          height={220}
          label={t('stats.trueRetentionLabel')}
          option={{
            tooltip: { trigger: 'axis' },
            grid: { left: 50, right: 10, top: 10, bottom: 30 },
            xAxis: { type: 'category', data: stats.retentionByInterval.map((r) => `${r.bucket} (${r.reviews})`) },
            yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
            series: [{ type: 'bar', data: stats.retentionByInterval.map((r) => r.retention) }],
          }}
        />
        {stats.retentionByMonth.length === 0 ? (
          <p className="small muted">{t('stats.noMatureReviews')}</p>
        ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th>{t('stats.month')}</th>
                <th>{t('stats.reviews')}</th>
                <th>{t('stats.recalled')}</th>
                <th>{t('stats.retention')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.retentionByMonth.map((m) => (
                <tr key={m.month}>
                  <td>{m.month}</td>
                  <td>{m.reviews}</td>
                  <td>{m.recalled}</td>
                  <td>{m.retention === null ? '—' : pct(m.retention)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        )}
      </div>
      <div className="panel">
        <h2>{t('stats.costTitle')}</h2>
        <p className="small muted">{t('stats.costText', { retention: String(stats.desiredRetention), perDay: current?.reviewsPerDay.toFixed(1) ?? '' })}</p>
        <Chart
          height={240}
          label={t('stats.costLabel')}
          option={{
            tooltip: { trigger: 'axis', valueFormatter: (v: number) => v.toFixed(1) },
            grid: { left: 50, right: 10, top: 10, bottom: 40 },
            xAxis: { type: 'category', name: t('stats.desiredRetentionAxis'), nameLocation: 'middle', nameGap: 25, data: stats.workload.map((w) => w.desiredRetention.toFixed(2)) },
            yAxis: { type: 'value', name: t('stats.reviewsPerDayAxis') },
            series: [{ type: 'line', data: stats.workload.map((w) => w.reviewsPerDay), markLine: { symbol: 'none', data: [{ xAxis: stats.desiredRetention.toFixed(2) }] } }],
          }}
        />
      </div>
    </>
  );
}
