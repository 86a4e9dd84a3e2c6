'use client';

import { IMPORT_KINDS, ZImportPreview, ZImportResult, type TImportKind, type TImportPreview, type TImportReport, type TImportResult } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { parseApiResponse } from '../../lib/api';
import { usePreferences } from '../../components/preferences';
import { failure, StatusNote, type Status } from '../../components/quiz/status';

const ACCEPT = '.apkg,.colpkg,.csv,.tsv,.txt,.zip';
type Mapping = { front: number; back: number; tags: number | null };

function kindFromName(name: string): TImportKind | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'apkg' || ext === 'colpkg') return ext;
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return 'csv';
  if (ext === 'zip') return 'yaml-zip';
  return null;
}

/** Pick a file, check what it holds (for CSV: map its columns), then import it as a new deck. */
export function ImportForm() {
  const t = useTranslations('transfer');
  const { cardLanguage } = usePreferences();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<TImportKind | ''>('');
  const [language, setLanguage] = useState<'en' | 'zh'>(cardLanguage);
  const [title, setTitle] = useState('');
  const [history, setHistory] = useState(false);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [preview, setPreview] = useState<TImportPreview | null>(null);
  const [result, setResult] = useState<TImportResult | null>(null);
  const [refusedReport, setRefusedReport] = useState<TImportReport | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);

  function body(chosen: File, withMapping: Mapping | null): FormData {
    const form = new FormData();
    if (kind) form.append('kind', kind);
    form.append('language', language);
    if (title.trim()) form.append('title', title.trim());
    form.append('includeHistory', String(history));
    if (withMapping) form.append('mapping', JSON.stringify(withMapping));
    form.append('file', chosen, chosen.name);
    return form;
  }

  async function send<T>(path: string, form: FormData, parse: (r: Response) => Promise<T>): Promise<T | null> {
    setBusy(true);
    setStatus(null);
    setRefusedReport(null);
    try {
      const response = await fetch(path, { method: 'POST', body: form, credentials: 'same-origin', cache: 'no-store' });
      if (response.status === 400) {
        const json = (await response.clone().json().catch(() => null)) as { report?: TImportReport } | null;
        if (json?.report) setRefusedReport(json.report);
      }
      return await parse(response);
    } catch (e) {
      setStatus(failure(e));
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function check(chosen: File, withMapping: Mapping | null) {
    const found = await send('/api/v1/imports/preview', body(chosen, withMapping), (r) => parseApiResponse(ZImportPreview, r));
    setPreview(found);
    if (found?.csv && !withMapping) setMapping(found.csv.mapping);
  }

  function pick(chosen: File | null) {
    setFile(chosen);
    setResult(null);
    setPreview(null);
    setMapping(null);
    setKind(chosen ? (kindFromName(chosen.name) ?? '') : '');
    if (chosen) void check(chosen, null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    const done = await send('/api/v1/imports', body(file, preview?.csv ? mapping : null), (r) => parseApiResponse(ZImportResult, r));
    if (done) {
      setResult(done);
      setStatus({ ok: true, text: t('imported', { notes: done.report.notes, cards: done.report.cards }) });
    }
  }

  const columns = preview?.csv?.columns ?? [];
  const setColumn = (side: keyof Mapping, value: string) => {
    if (!mapping || !file) return;
    const next = { ...mapping, [side]: value === '' ? null : Number(value) };
    setMapping(next);
    void check(file, next);
  };

  return (
    <form className="panel import-form" onSubmit={submit}>
      <label className="field">
        <span>{t('file')}</span>
        <input type="file" name="file" accept={ACCEPT} onChange={(e) => pick(e.target.files?.[0] ?? null)} />
      </label>
      <div className="row">
        <label className="field">
          <span>{t('kind')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as TImportKind)}>
            <option value="">{t('kindAuto')}</option>
            {IMPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('language')}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value as 'en' | 'zh')}>
            <option value="en">English</option>
            <option value="zh">中文</option>
          </select>
        </label>
        <label className="field">
          <span>{t('deckTitle')}</span>
          <input value={title} maxLength={200} placeholder={preview?.title ?? ''} onChange={(e) => setTitle(e.target.value)} />
        </label>
      </div>
      {(kind === 'apkg' || kind === 'colpkg') && (
        <label className="check">
          <input type="checkbox" checked={history} onChange={(e) => setHistory(e.target.checked)} /> {t('includeHistory')}
        </label>
      )}

      {preview?.csv && mapping && (
        <fieldset className="csv-mapping">
          <legend>{t('mappingTitle')}</legend>
          <p className="small muted">
            {t('detected', { encoding: preview.csv.encoding.toUpperCase(), delimiter: t(`delimiters.${preview.csv.delimiter}`), rows: preview.csv.rowCount })}
            {preview.csv.header ? ` ${t('headerFound')}` : ''}
          </p>
          <div className="row">
            {(['front', 'back', 'tags'] as const).map((side) => (
              <label key={side} className="field">
                <span>{t(`columns.${side}`)}</span>
                <select value={mapping[side] ?? ''} onChange={(e) => setColumn(side, e.target.value)}>
                  {side === 'tags' && <option value="">{t('noTags')}</option>}
                  {columns.map((name, i) => (
                    <option key={i} value={i + 1}>
                      {name === String(i + 1) ? t('columnNumber', { n: i + 1 }) : t('column', { n: i + 1, name })}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <div className="table-scroll">
            <table className="csv-preview">
              <thead>
                <tr>
                  {columns.map((name, i) => (
                    <th key={i} scope="col">
                      {name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.csv.rows.map((row, r) => (
                  <tr key={r}>
                    {columns.map((_n, c) => (
                      <td key={c}>{row[c] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </fieldset>
      )}

      {preview && <ReportView report={preview.report} heading={t('previewHeading')} />}
      {refusedReport && <ReportView report={refusedReport} heading={t('refusedHeading')} />}

      <p className="row">
        <button className="button" type="submit" disabled={!file || busy || (preview !== null && preview.report.refused.length > 0)}>
          {busy ? t('working') : t('importButton')}
        </button>
        <StatusNote status={status} />
        {result && <Link href={`/decks/${encodeURIComponent(result.deckId)}`}>{t('openDeck', { title: result.title })}</Link>}
      </p>
    </form>
  );
}

function ReportView({ report, heading }: { report: TImportReport; heading: string }) {
  const t = useTranslations('transfer');
  return (
    <div className="import-report" data-testid="import-report">
      <h2>{heading}</h2>
      <p>{t('counts', { notes: report.notes, cards: report.cards, reviews: report.reviews, media: report.media })}</p>
      {report.refused.length > 0 && (
        <>
          <p className="error">{t('refusedCount', { count: report.refused.length })}</p>
          <ul className="refused">
            {report.refused.slice(0, 100).map((r, i) => (
              <li key={i}>
                <b>{r.at}</b>: {r.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.warnings.length > 0 && (
        <details>
          <summary>{t('warnings', { count: report.warnings.length })}</summary>
          <ul>
            {report.warnings.slice(0, 100).map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
