'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';

/** A page whose data could not be loaded: what failed, in words, and a way to try again. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset(): void }) {
  const t = useTranslations();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel center" role="alert">
      <h1 ref={heading} tabIndex={-1}>
        {t('errors.failedTitle')}
      </h1>
      <p>{t('errors.failedText')}</p>
      {/* In production a server error's message is withheld; its digest finds it in the server's log. */}
      <p className="small muted">{error.digest ? t('errors.failedReference', { digest: error.digest }) : t('errors.failedDetail', { message: error.message })}</p>
      <button type="button" className="button" onClick={reset}>
        {t('common.retry')}
      </button>
    </section>
  );
}
