'use client';

import { useTranslations } from 'next-intl';
import type { LabRunState } from './use-lab-run';

export function RunProgress({ state, onCancel }: { state: Extract<LabRunState, { phase: 'running' }>; onCancel(): void }) {
  const t = useTranslations();
  const { event } = state;
  return (
    <div className="run-progress" aria-live="polite">
      <progress max={1} value={event.progress} aria-label={t('run.progress')} />
      <span className="small muted">
        {event.status === 'queued' ? t('run.queued') : `${Math.round(event.progress * 100)}% · ${event.message}`}
      </span>
      <button type="button" className="button secondary small" onClick={onCancel} disabled={state.cancelling} aria-busy={state.cancelling || undefined}>
        {state.cancelling ? t('run.cancelling') : t('common.cancel')}
      </button>
      {state.cancelError && (
        <span className="small error" role="alert">
          {t('run.cancelFailed', { error: state.cancelError })}
        </span>
      )}
    </div>
  );
}
