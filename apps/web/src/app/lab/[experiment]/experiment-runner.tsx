'use client';

import { ZLabInfo, type TExperimentId, type TLabBudget, type TLabInfo, type TLabRunRequestInput } from '@recurrence/contracts';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useCardLanguage } from '../../../components/card-language';
import { workedFigures } from '../../../components/lab/figures';
import { checkLabForm, initialValues, labFields, type LabField, type LabFieldError, type LabFormValues } from '../../../components/lab/form-check';
import { ResultView } from '../../../components/lab/result-views';
import { RunProgress } from '../../../components/lab/run-progress';
import { useLabRun, type LabRunState } from '../../../components/lab/use-lab-run';
import { useSession } from '../../../components/session';
import { api } from '../../../lib/api';

/** Runs shown below the form, newest first; older finished ones make way. */
const RUNS_SHOWN = 4;

type RunEntry = { n: number; request: TLabRunRequestInput };

export function ExperimentRunner({ experiment, initialParams }: { experiment: TExperimentId; initialParams: Record<string, unknown> }) {
  const { user, startAsGuest } = useSession();
  const t = useTranslations();
  const locale = useLocale();
  const label = (name: string) => t(`labParams.${experiment}.${name}.label` as never);
  const help = (name: string) => t(`labParams.${experiment}.${name}.help` as never);
  const option = (name: string, value: string) => t(`labParams.options.${name}.${value}` as never);
  const fields = useMemo(() => labFields(experiment), [experiment]);
  const [values, setValues] = useState<LabFormValues>(() => initialValues(fields, initialParams));
  const [seed, setSeed] = useState('0');
  const [info, setInfo] = useState<TLabInfo | null>(null);
  const [runs, setRuns] = useState<RunEntry[]>([]);
  /** Runs started here that have not ended (starting, queued or running). */
  const [active, setActive] = useState<ReadonlySet<number>>(new Set());
  const runCount = useRef(0);

  useEffect(() => {
    api(ZLabInfo, '/api/v1/lab').then(setInfo, () => setInfo(null));
  }, []);

  const check = useMemo(() => checkLabForm(experiment, fields, values), [experiment, fields, values]);
  const seedValue = seed.trim() === '' ? NaN : Number(seed);
  const seedOk = Number.isInteger(seedValue) && seedValue >= 0 && seedValue <= 2 ** 32 - 1;
  const maxRuns = info?.maxConcurrentRunsPerUser ?? 2;
  const busy = active.size >= maxRuns;

  const list = (names: readonly string[]) => new Intl.ListFormat(locale, { type: 'disjunction' }).format(names.map(label));
  const errorText = (e: LabFieldError) => {
    const error = e.code === 'other' ? e.message : e.code === 'tooSmall' ? t('labForm.errors.tooSmall', { min: String(e.min) }) : e.code === 'tooLarge' ? t('labForm.errors.tooLarge', { max: String(e.max) }) : t(`labForm.errors.${e.code}`);
    return t('labForm.fieldError', { field: label(e.field), error });
  };
  const overText = (b: TLabBudget) => t('labForm.overBudget', { budget: t(`labForm.budget.${b.name}`), share: b.used / b.limit, fields: list(b.lower) });
  const reasons = [
    ...check.errors.map(errorText),
    ...check.over.map(overText),
    ...(seedOk ? [] : [t('labForm.fieldError', { field: t('labParams.seed.label'), error: t(seed.trim() === '' ? 'labForm.errors.empty' : 'labForm.errors.notInteger') })]),
    ...(busy ? [t('labForm.busy', { max: maxRuns })] : []),
  ];
  const canRun = check.params !== null && seedOk && !busy;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!canRun || !check.params) return;
    if (!user) await startAsGuest();
    const n = ++runCount.current;
    const request = { experiment, params: check.params, seed: seedValue } as TLabRunRequestInput;
    setActive((a) => new Set(a).add(n));
    // Every run still going stays; the oldest finished ones make way beyond RUNS_SHOWN.
    setRuns((previous) => [{ n, request }, ...previous.filter((r, i) => i < RUNS_SHOWN - 1 || active.has(r.n))]);
  }

  const onPhase = useCallback((n: number, phase: LabRunState['phase']) => {
    setActive((a) => {
      const going = phase === 'running' || phase === 'idle';
      if (going === a.has(n)) return a;
      const next = new Set(a);
      if (going) next.add(n);
      else next.delete(n);
      return next;
    });
  }, []);

  const errorsOf = (name: string) => check.errors.filter((e) => e.field === name);
  const overFor = (name: string) => check.over.some((b) => b.field === name);
  return (
    <section className="lab">
      <h1>{t(`lab.${experiment}.title`)}</h1>
      <p className="muted">{t(`lab.${experiment}.question`)}</p>
      <form className="panel lab-form" onSubmit={submit} noValidate>
        {fields.map((f) => (
          <FieldInput
            key={f.name}
            field={f}
            label={label(f.name)}
            help={help(f.name)}
            option={(o) => option(f.name, o)}
            value={values[f.name]!}
            errors={errorsOf(f.name).map(errorText)}
            invalid={errorsOf(f.name).length > 0 || overFor(f.name)}
            onChange={(value) => setValues((v) => ({ ...v, [f.name]: value }))}
          />
        ))}
        <label>
          <span>{t('labParams.seed.label')}</span>
          <input type="number" min={0} step={1} value={seed} aria-invalid={!seedOk || undefined} aria-describedby="lab-seed-help" onChange={(e) => setSeed(e.target.value)} />
          <span className="small muted" id="lab-seed-help">
            {t('labParams.seed.help')}
          </span>
        </label>
        {check.budgets.length > 0 && (
          <div className="lab-budgets" data-testid="lab-budgets">
            {check.budgets.map((b) => (
              <label key={b.name} className="lab-budget" data-over={b.used > b.limit || undefined}>
                <span>{t(`labForm.budget.${b.name}`)}</span>
                <meter min={0} max={b.limit} low={b.limit * 0.75} high={b.limit * 0.9999} optimum={0} value={Math.min(b.used, b.limit)} />
                <span className="small" data-testid={`budget-${b.name}`}>
                  {t('labForm.budgetUse', { share: b.used / b.limit })}
                </span>
              </label>
            ))}
          </div>
        )}
        <div className="lab-actions">
          <button className="button" type="submit" disabled={!canRun} aria-describedby={reasons.length > 0 ? 'lab-cannot-run' : undefined}>
            {t('lab.run')}
          </button>
          <span className="small muted">
            {t('lab.info', { backend: info?.backend ?? '…', code: info?.codeVersion ?? '…', max: String(info?.maxConcurrentRunsPerUser ?? '…') })}
          </span>
        </div>
        {reasons.length > 0 && (
          <div className="lab-reasons" id="lab-cannot-run" role="status" data-testid="lab-cannot-run">
            <p className="small">{t('labForm.cannotRun')}</p>
            <ul className="small">
              {reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        )}
      </form>
      {runs.map((r) => (
        <RunPanel key={r.n} n={r.n} experiment={experiment} request={r.request} onPhase={onPhase} />
      ))}
    </section>
  );
}

function FieldInput({
  field,
  label,
  help,
  option,
  value,
  errors,
  invalid,
  onChange,
}: {
  field: LabField;
  label: string;
  help: string;
  option(value: string): string;
  value: string | string[];
  errors: string[];
  invalid: boolean;
  onChange(value: string | string[]): void;
}) {
  const id = `lab-${field.name}`;
  const described = `${id}-help${errors.length > 0 ? ` ${id}-error` : ''}`;
  const helpLine = (
    <span className="small muted" id={`${id}-help`}>
      {help}
      {field.kind === 'number' && field.min !== undefined && ` (${field.min} – ${field.max})`}
    </span>
  );
  const errorLine = errors.length > 0 && (
    <span className="small error" id={`${id}-error`}>
      {errors.join(' ')}
    </span>
  );
  if (field.kind === 'multi') {
    // A group with its own legend: each checkbox is named by its own option only.
    const list = Array.isArray(value) ? value : [];
    return (
      <fieldset className="lab-field" data-invalid={invalid || undefined} aria-describedby={described}>
        <legend>{label}</legend>
        <span className="multi">
          {field.options.map((o) => (
            <label key={o} className="inline">
              <input type="checkbox" checked={list.includes(o)} onChange={(e) => onChange(e.target.checked ? [...list, o] : list.filter((x) => x !== o))} />
              {option(o)}
            </label>
          ))}
        </span>
        {helpLine}
        {errorLine}
      </fieldset>
    );
  }
  return (
    <div className="lab-field" data-invalid={invalid || undefined}>
      <label htmlFor={id}>{label}</label>
      {field.kind === 'number' ? (
        <input
          id={id}
          type="number"
          min={field.min}
          max={field.max}
          step={field.integer ? 1 : 'any'}
          value={String(value)}
          aria-invalid={invalid || undefined}
          aria-describedby={described}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <select id={id} value={String(value)} aria-describedby={described} onChange={(e) => onChange(e.target.value)}>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {option(o)}
            </option>
          ))}
        </select>
      )}
      {helpLine}
      {errorLine}
    </div>
  );
}

/** One run of the experiment: started when shown, followed to its end, cancellable; tells the form while it goes. */
function RunPanel({ n, experiment, request, onPhase }: { n: number; experiment: TExperimentId; request: TLabRunRequestInput; onPhase(n: number, phase: LabRunState['phase']): void }) {
  const t = useTranslations();
  const { lang } = useCardLanguage();
  const { state, start, cancel } = useLabRun();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void start(request);
  }, [start, request]);
  useEffect(() => onPhase(n, state.phase), [n, state.phase, onPhase]);

  return (
    <section className="panel lab-run" aria-labelledby={`lab-run-${n}`} data-testid="lab-run">
      <h2 id={`lab-run-${n}`}>{t('labForm.runTitle', { n: String(n) })}</h2>
      {state.phase === 'running' && <RunProgress state={state} onCancel={() => void cancel()} />}
      {state.phase === 'error' && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
      {state.phase === 'finished' && state.run.status !== 'done' && (
        <p className="error">{t('run.ended', { status: t(`run.status.${state.run.status}`), detail: state.run.error ? t('run.errorDetail', { error: state.run.error }) : '' })}</p>
      )}
      {state.phase === 'finished' && state.run.result && (
        <>
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
        </>
      )}
    </section>
  );
}
