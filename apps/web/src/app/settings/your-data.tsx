'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { useSession } from '../../components/session';
import { api, ApiRequestError } from '../../lib/api';

/** Download everything the server keeps about you (GET /api/v1/users/me/export), or delete your account. */
export function YourData() {
  const t = useTranslations();
  const { user, refresh } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: string | undefined } | null>(null);
  const [deleted, setDeleted] = useState(false);
  if (deleted) {
    return (
      <p role="status" className="panel">
        {t('yourData.deleted')}
      </p>
    );
  }
  if (!user) return null;

  async function deleteAccount(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(z.null(), '/api/v1/users/me', { method: 'DELETE', body: user!.isGuest ? {} : { password } });
      setDeleted(true);
      await refresh();
    } catch (e) {
      setError({ text: e instanceof Error ? e.message : String(e), field: e instanceof ApiRequestError ? e.field : undefined });
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="your-data-title">
      <h2 id="your-data-title">{t('yourData.title')}</h2>
      <p className="small muted">{t('yourData.intro')}</p>
      <div className="lab-actions">
        <a className="button" href="/api/v1/users/me/export" download>
          {t('yourData.download')}
        </a>
        <span className="small muted">{t('yourData.downloadHelp')}</span>
      </div>
      {!confirming ? (
        <p>
          <button type="button" className="button secondary danger" onClick={() => setConfirming(true)}>
            {t('yourData.delete')}
          </button>
        </p>
      ) : (
        <form className="settings-grid" onSubmit={deleteAccount}>
          <p role="alert" className="error">
            {t('yourData.deleteWarning')}
          </p>
          {user.isGuest ? (
            <p className="small">{t('yourData.guestConfirm')}</p>
          ) : (
            <label data-invalid={error?.field === 'body.password' || undefined}>
              {t('yourData.password')}
              <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
              <span className="small muted">{t('yourData.passwordHelp')}</span>
            </label>
          )}
          <div className="lab-actions">
            <button type="submit" className="button danger" disabled={busy}>
              {t(busy ? 'yourData.deleting' : 'yourData.confirmDelete')}
            </button>
            <button type="button" className="link-button" onClick={() => (setConfirming(false), setError(null), setPassword(''))}>
              {t('common.cancel')}
            </button>
            {error && (
              <span role="status" className="error">
                {error.text}
              </span>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
