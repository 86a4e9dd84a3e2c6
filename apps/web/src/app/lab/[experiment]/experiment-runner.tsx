'use client';

import { LAB_PARAMS_SCHEMAS, ZLabInfo, type TExperimentId, type TLabInfo } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { useCardLanguage } from '../../../components/card-language';
import { workedFigures } from '../../../components/lab/figures';
import { ResultView } from '../../../components/lab/result-views';
import { RunProgress } from '../../../components/lab/run-progress';
import { useLabRun } from '../../../components/lab/use-lab-run';
import { useSession } from '../../../components/session';
import { api } from '../../../lib/api';

type Field =
  | { name: string; kind: 'number'; integer: boolean; min?: number; max?: number; default?: number; description?: string }
  | { name: string; kind: 'enum'; options: string[]; default?: string; description?: string }
  | { name: string; kind: 'multi'; options: string[]; default?: string[]; description?: string };

type JsonSchema = { properties?: Record<string, Record<string, unknown>> };

/** The form's fields, read off the experiment's zod schema (through JSON Schema), so bounds never drift from the API's. */
function fieldsOf(experiment: TExperimentId): Field[] {
  const schema = z.toJSONSchema(LAB_PARAMS_SCHEMAS[experiment], { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return Object.entries(schema.properties ?? {}).flatMap(([name, p]): Field[] => {
    const description = p.description as string | undefined;
    if (p.type === 'number' || p.type === 'integer') {
      return [{ name, kind: 'number', integer: p.type === 'integer', min: p.minimum as number, max: p.maximum as number, default: p.default as number, description }];
    }
    if (Array.isArray(p.enum)) return [{ name, kind: 'enum', options: p.enum as string[], default: p.default as string, description }];
    const items = p.items as { enum?: string[] } | undefined;
    if (p.type === 'array' && items?.enum) return [{ name, kind: 'multi', options: items.enum, default: p.default as string[], description }];
    return [];
  });
}

export function ExperimentRunner({ experiment, initialParams }: { experiment: TExperimentId; initialParams: Record<string, unknown> }) {
  const { user, startAsGuest } = useSession();
  const { lang } = useCardLanguage();
  const t = useTranslations();
  const text = (name: string, part: 'label' | 'help') => t(`labParams.${experiment}.${name}.${part}` as never);
  const option = (name: string, value: string) => t(`labParams.options.${name}.${value}` as never);
  const fields = useMemo(() => fieldsOf(experiment), [experiment]);
  const [values, setValues] = useState<Record<string, unknown>>(() => Object.fromEntries(fields.map((f) => [f.name, initialParams[f.name] ?? f.default])));
  const [seed, setSeed] = useState(0);
  const [info, setInfo] = useState<TLabInfo | null>(null);
  const { state, start, cancel } = useLabRun();

  useEffect(() => {
    api(ZLabInfo, '/api/v1/lab').then(setInfo, () => setInfo(null));
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!user) await startAsGuest();
    await start({ experiment, params: values, seed } as never);
  }

  const fieldError = state.phase === 'error' ? state.field : undefined;
  return (
    <section className="lab">
      <h1>{t(`lab.${experiment}.title`)}</h1>
      <p className="muted">{t(`lab.${experiment}.question`)}</p>
      <form className="panel lab-form" onSubmit={submit}>
        {fields.map((f) => (
          <label key={f.name} data-invalid={fieldError === `body.params.${f.name}` || undefined}>
            <span>{text(f.name, 'label')}</span>
            {f.kind === 'number' && (
              <input
                type="number"
                min={f.min}
                max={f.max}
                step={f.integer ? 1 : 'any'}
                value={String(values[f.name] ?? '')}
                onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value === '' ? undefined : Number(e.target.value) }))}
              />
            )}
            {f.kind === 'enum' && (
              <select value={String(values[f.name] ?? '')} onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}>
                {f.options.map((o) => (
                  <option key={o} value={o}>
                    {option(f.name, o)}
                  </option>
                ))}
              </select>
            )}
            {f.kind === 'multi' && (
              <span className="multi">
                {f.options.map((o) => {
                  const list = (values[f.name] as string[] | undefined) ?? [];
                  return (
                    <label key={o} className="inline">
                      <input
                        type="checkbox"
                        checked={list.includes(o)}
                        onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.checked ? [...list, o] : list.filter((x) => x !== o) }))}
                      />
                      {option(f.name, o)}
                    </label>
                  );
                })}
              </span>
            )}
            <span className="small muted">
              {text(f.name, 'help')}
              {f.kind === 'number' && f.min !== undefined && ` (${f.min} – ${f.max})`}
            </span>
          </label>
        ))}
        <label>
          <span>{t('labParams.seed.label')}</span>
          <input type="number" min={0} step={1} value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
          <span className="small muted">{t('labParams.seed.help')}</span>
        </label>
        <div className="lab-actions">
          <button className="button" type="submit" disabled={state.phase === 'running'}>
            {t('lab.run')}
          </button>
          <span className="small muted">
            {t('lab.info', { backend: info?.backend ?? '…', code: info?.codeVersion ?? '…', max: String(info?.maxConcurrentRunsPerUser ?? '…') })}
          </span>
        </div>
      </form>
      {state.phase === 'running' && <RunProgress state={state} onCancel={() => void cancel()} />}
      {state.phase === 'error' && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
      {state.phase === 'finished' && state.run.status !== 'done' && <p className="error">{t('run.ended', { status: t(`run.status.${state.run.status}`), detail: state.run.error ? t('run.errorDetail', { error: state.run.error }) : '' })}</p>}
      {state.phase === 'finished' && state.run.result && (
        <div className="panel">
          <ul className="figures">
            {workedFigures(state.run.result, lang).map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
          <ResultView result={state.run.result} />
          <p className="small muted">
            {t('run.backendTime', { backend: state.run.result.backend, ms: Math.round(state.run.result.timings.totalMs) })}
            {state.run.cached ? t('run.fromCache') : ''} ·{' '}
            <a href={`/api/v1/lab/runs/${state.run.id}`} download={`lab-${experiment}-${state.run.id}-result.json`}>
              {t('run.download')}
            </a>{' '}
            ·{' '}
            <a href={`/api/v1/lab/runs/${state.run.id}/export`}>{t('run.export')}</a>
          </p>
        </div>
      )}
    </section>
  );
}
