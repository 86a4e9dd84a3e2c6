'use client';

import { ZOptimizeResponse, type TOptimizeResponse } from '@recurrence/contracts';
import { useState } from 'react';
import { api } from '../../lib/api';

/** Fit FSRS to your own reviews, and see whether the fit predicts them better than what is in use. */
export function ParameterFitting() {
  const [result, setResult] = useState<TOptimizeResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="panel">
      <h2>Personal FSRS parameters</h2>
      <p className="small muted">FSRS predicts forgetting with 21 parameters. With enough reviews they can be fitted to your own history.</p>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            setResult(await api(ZOptimizeResponse, '/api/v1/settings/optimize', { method: 'POST' }));
          } catch (e) {
            setError(e instanceof Error ? e.message : String(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        Fit to my reviews
      </button>
      {error && <p className="error">{error}</p>}
      {result?.status === 'not-enough-reviews' && (
        <p role="status">
          Not enough reviews yet ({result.have} of {result.need}).
        </p>
      )}
      {result?.status === 'ok' && (
        <p role="status">
          Fitted on {result.reviewsUsed} reviews. Log loss on your reviews: {result.logLossBefore.toFixed(4)} before, {result.logLossAfter.toFixed(4)} with the
          fitted parameters — {result.applied ? 'applied.' : 'not better, so the current parameters stay.'}
        </p>
      )}
    </section>
  );
}
