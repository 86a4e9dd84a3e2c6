'use client';

import type { TCardExperiment } from '@recurrence/contracts';
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
  const { state, start, cancel } = useLabRun();
  const params = experiment.params ?? {};
  const paramsKey = JSON.stringify(params);

  useEffect(() => {
    void start({ experiment: experiment.id, params: JSON.parse(paramsKey), seed: 0 } as never);
  }, [experiment.id, paramsKey, start]);

  const rerun = `/lab/${experiment.id}?params=${encodeURIComponent(paramsKey)}`;
  return (
    <section className="worked-answer" aria-label="Worked answer from the lab">
      <h3>{lang === 'en' ? 'Worked answer: measured in the lab' : '实测：实验室的运行结果'}</h3>
      {experiment.caption && <p className="small muted">{experiment.caption[lang]}</p>}
      {state.phase === 'running' && <RunProgress state={state} onCancel={() => void cancel()} />}
      {state.phase === 'error' && <p className="error">{state.message}</p>}
      {state.phase === 'finished' && state.run.status !== 'done' && <p className="error">The run {state.run.status}{state.run.error ? `: ${state.run.error}` : ''}.</p>}
      {state.phase === 'finished' && state.run.result && (
        <>
          <ul className="figures" data-testid="worked-figures">
            {workedFigures(state.run.result, lang).map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
          <ResultView result={state.run.result} compact />
          <p className="small muted">
            {state.run.result.backend} backend · {Math.round(state.run.result.timings.totalMs)} ms · seed {state.run.seed}
            {state.run.cached ? ' · cached' : ''} · <Link href={rerun}>{lang === 'en' ? 'Re-run with my parameters' : '用我的参数重新运行'}</Link>
          </p>
        </>
      )}
    </section>
  );
}
