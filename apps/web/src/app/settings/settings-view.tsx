'use client';

import { ZStudySettings, type TStudySettings } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import { useEffect, useState, type FormEvent } from 'react';
import { CardLanguageChoice, LanguageOptions } from '../../components/card-language';
import { usePreferences } from '../../components/preferences';
import type { Locale } from '../../messages/locales';
import type { Theme } from '../../lib/preferences';
import { useSession } from '../../components/session';
import { api, ApiRequestError } from '../../lib/api';
import { InterviewPlanner } from './interview-planner';
import { ParameterFitting } from './parameter-fitting';
import { YourData } from './your-data';

export function SettingsView() {
  const { locale, setLocale, theme, setTheme } = usePreferences();
  const t = useTranslations();
  const { user } = useSession();
  return (
    <section className="settings">
      <h1>{t('settings.title')}</h1>
      <div className="panel settings-grid">
        <label>
          {t('ui.language')}
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            <LanguageOptions />
          </select>
        </label>
        <CardLanguageChoice />
        <label>
          {t('ui.theme')}
          <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
            <option value="system">{t('theme.system')}</option>
            <option value="light">{t('theme.light')}</option>
            <option value="dark">{t('theme.dark')}</option>
          </select>
        </label>
      </div>
      {user ? (
        <>
          <SchedulingSettings />
          <InterviewPlanner />
          <ParameterFitting />
        </>
      ) : (
        <p className="muted">{t('settings.signInFirst')}</p>
      )}
      {/* Outside the condition above, so it can still say the account was deleted once nobody is signed in. */}
      <YourData />
    </section>
  );
}

const NUMBER_FIELDS = [
  { name: 'desiredRetention', label: 'settings.desiredRetention', step: 0.01, min: 0.7, max: 0.99, help: 'settings.desiredRetentionHelp' },
  { name: 'newCardsPerDay', label: 'settings.newCardsPerDay', step: 1, min: 0, max: 1000, help: 'settings.newCardsPerDayHelp' },
  { name: 'reviewsPerDay', label: 'settings.reviewsPerDay', step: 1, min: 0, max: 10000, help: 'settings.reviewsPerDayHelp' },
  { name: 'maximumIntervalDays', label: 'settings.maximumInterval', step: 1, min: 1, max: 36500, help: 'settings.maximumIntervalHelp' },
] as const satisfies { name: keyof TStudySettings; label: `settings.${string}`; step: number; min: number; max: number; help: `settings.${string}Help` }[];

function SchedulingSettings() {
  const t = useTranslations();
  const [settings, setSettings] = useState<TStudySettings | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string; field?: string } | null>(null);
  useEffect(() => {
    api(ZStudySettings, '/api/v1/settings').then(setSettings, (e: unknown) => setStatus({ ok: false, text: String(e) }));
  }, []);
  if (!settings) return <p className="muted">{t('common.loading')}</p>;

  async function save(event: FormEvent) {
    event.preventDefault();
    const { personalisedWeights: _p, ...patch } = settings!;
    try {
      setSettings(await api(ZStudySettings, '/api/v1/settings', { method: 'PATCH', body: patch }));
      setStatus({ ok: true, text: t('settings.saved') });
    } catch (e) {
      setStatus({ ok: false, text: e instanceof Error ? e.message : String(e), field: e instanceof ApiRequestError ? e.field : undefined });
    }
  }

  return (
    <form className="panel settings-grid" onSubmit={save}>
      <h2>{t('settings.scheduling')}</h2>
      {NUMBER_FIELDS.map((f) => (
        <label key={f.name} data-invalid={status?.field === `body.${f.name}` || undefined}>
          {t(f.label)}
          <input
            type="number"
            step={f.step}
            min={f.min}
            max={f.max}
            value={String(settings[f.name])}
            onChange={(e) => setSettings({ ...settings, [f.name]: Number(e.target.value) })}
          />
          <span className="small muted">{t(f.help)}</span>
        </label>
      ))}
      <TimeZoneChoice value={settings.timeZone} invalid={status?.field === 'body.timeZone'} onChange={(timeZone) => setSettings({ ...settings, timeZone })} />
      {(['learningSteps', 'relearningSteps'] as const).map((name) => (
        <label key={name} data-invalid={status?.field === `body.${name}` || undefined}>
          {t(name === 'learningSteps' ? 'settings.learningSteps' : 'settings.relearningSteps')}
          <input type="text" value={settings[name]} onChange={(e) => setSettings({ ...settings, [name]: e.target.value })} />
          <span className="small muted">{t('settings.stepsHelp')}</span>
        </label>
      ))}
      <div className="lab-actions">
        <button type="submit" className="button">
          {t('common.save')}
        </button>
        {status && (
          <span role="status" className={status.ok ? 'small' : 'error'}>
            {status.text}
          </span>
        )}
        <span className="small muted">{t(settings.personalisedWeights ? 'settings.weightsFitted' : 'settings.weightsDefault')}</span>
      </div>
    </form>
  );
}

/** The IANA zones this browser knows, and the browser's own zone (Intl), for the time-zone choice. */
function knownZones(current: string): { zones: string[]; browser: string } {
  const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const listed = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return { zones: [...new Set(['UTC', current, browser, ...listed])].sort(), browser };
}

/** The zone whose midnight starts the user's day; offers the browser's zone when it differs (e.g. after migration). */
function TimeZoneChoice({ value, invalid, onChange }: { value: string; invalid: boolean; onChange(zone: string): void }) {
  const t = useTranslations();
  const [{ zones, browser }, setZones] = useState<{ zones: string[]; browser: string }>({ zones: [value], browser: value });
  useEffect(() => setZones(knownZones(value)), [value]);
  return (
    <label data-invalid={invalid || undefined}>
      {t('settings.timeZone')}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {zones.map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </select>
      <span className="small muted">{t('settings.timeZoneHelp')}</span>
      {browser !== value && (
        <button type="button" className="link-button small" onClick={() => onChange(browser)}>
          {t('settings.useBrowserZone', { zone: browser })}
        </button>
      )}
    </label>
  );
}
