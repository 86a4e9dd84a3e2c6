'use client';

import type { LabRunState } from './use-lab-run';

export function RunProgress({ state, onCancel }: { state: Extract<LabRunState, { phase: 'running' }>; onCancel(): void }) {
  const { event } = state;
  return (
    <div className="run-progress" aria-live="polite">
      <progress max={1} value={event.progress} aria-label="Training progress" />
      <span className="small muted">
        {event.status === 'queued' ? 'queued…' : `${Math.round(event.progress * 100)}% · ${event.message}`}
      </span>
      <button type="button" className="button secondary small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
