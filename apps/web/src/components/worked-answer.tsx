'use client';

import type { TCardExperiment } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useEffect } from 'react';
import { useCardLanguage } from './card-language';
import { workedFigures } from './lab/figures';
import { ResultView } from './lab/result-views';
import { RunProgress } from './lab/run-progress';
import { useLabRun } from './lab/use-lab-run';

/**
 * A card's worked answer: the lab experiment the card names, with the card's parameters, run (or fetched from
 * the cache) and shown as a chart plus the measured figures in the card's language.
 */
export function WorkedAnswer({ experiment }: { experiment: TCardExperiment }) {
  const { lang } = useCardLanguage();
  const t = useTranslations();
  const { state, start, cancel } = useLabRun();
  const params = experiment.params ?? {};
  const paramsKey = JSON.stringify(params);

  useEffect(() => {
    void start({ experiment: experiment.id, params: JSON.parse(paramsKey), seed: 0 } as never);
  }, [experiment.id, paramsKey, start]);

  const rerun = `/lab/${experiment.id}?params=${encodeURIComponent(paramsKey)}`;
  return (
    <section className="worked-answer" aria-label={t('worked.label')}>
      <h3>{t('worked.title')}</h3>
      {experiment.caption && <p className="small muted">{experiment.caption[lang]}</p>}
      {state.phase === 'running' && <RunProgress state={state} onCancel={() => void cancel()} />}
      {state.phase === 'error' && <p className="error">{state.message}</p>}
      {state.phase === 'finished' && state.run.status !== 'done' && <p className="error">{t('run.ended', { status: t(`run.status.${state.run.status}`), detail: state.run.error ? t('run.errorDetail', { error: state.run.error }) : '' })}</p>}
      {state.phase === 'finished' && state.run.result && (
        <>
          <ul className="figures" data-testid="worked-figures">
            {workedFigures(state.run.result, lang).map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
          <ResultView result={state.run.result} compact />
          <p className="small muted">
            {t('run.backendTime', { backend: state.run.result.backend, ms: Math.round(state.run.result.timings.totalMs) })}
            {t('run.seed', { seed: String(state.run.seed) })}
            {state.run.cached ? t('run.cached') : ''} · <Link href={rerun}>{t('worked.rerun')}</Link>
          </p>
        </>
      )}
    </section>
  );
}
