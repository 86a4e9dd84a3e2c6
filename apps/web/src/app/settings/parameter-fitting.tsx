'use client';

import { ZOptimizeResponse, type TOptimizeResponse } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '../../lib/api';

/** Fit FSRS to your own reviews, and see whether the fit predicts them better than what is in use. */
export function ParameterFitting() {
  const t = useTranslations();
  const [result, setResult] = useState<TOptimizeResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="panel">
      <h2>{t('fit.title')}</h2>
      <p className="small muted">{t('fit.intro')}</p>
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
        {t('fit.run')}
      </button>
      {error && <p className="error">{error}</p>}
      {result?.status === 'not-enough-reviews' && (
        <p role="status">{t('fit.notEnough', { have: result.have, need: result.need })}</p>
      )}
      {result?.status === 'ok' && (
        <p role="status">
          {t('fit.result', {
            reviews: result.reviewsUsed,
            before: result.logLossBefore.toFixed(4),
            after: result.logLossAfter.toFixed(4),
            outcome: t(result.applied ? 'fit.applied' : 'fit.kept'),
          })}
        </p>
      )}
    </section>
  );
}
