'use client';

import { PASSWORD_MIN_LENGTH, ZSessionResponse } from '@recurrence/contracts';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api, ApiRequestError } from '../lib/api';
import { rememberGuestMerge } from '../lib/guest-merge-notice';
import { useSession } from './session';

/** Sign-in and sign-up share one form; errors name the field the API named. */
export function AuthForm({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const router = useRouter();
  const { user, refresh } = useSession();
  const t = useTranslations();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, string> = { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    const displayName = String(form.get('displayName') ?? '').trim();
    if (mode === 'sign-up' && displayName) body.displayName = displayName;
    if (mode === 'sign-up' && form.get('instructor') === 'on') body.accountType = 'instructor';
    setBusy(true);
    setError(null);
    try {
      const session = await api(ZSessionResponse, `/api/v1/auth/${mode}`, { method: 'POST', body });
      rememberGuestMerge(session.merged);
      await refresh();
      router.push('/study');
    } catch (e) {
      if (e instanceof ApiRequestError) setError({ field: e.field, message: e.message });
      else setError({ message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: string) => {
    if (error?.field !== `body.${name}`) return null;
    // The API's reason is in English (zxcvbn's feedback); the reader gets it in their language.
    if (name === 'password' && /^body\.password: too easy to guess/.test(error.message)) return t('auth.passwordWeak');
    return error.message.replace(/^body\.\w+: /, '');
  };
  return (
    <form className="panel auth-form" onSubmit={submit} noValidate>
      <h1>{t(mode === 'sign-in' ? 'auth.signIn' : 'auth.createAccount')}</h1>
      {mode === 'sign-up' && user?.isGuest && <p className="muted">{t('auth.guestMoves')}</p>}
      <label>
        {t('auth.email')}
        <input name="email" type="email" autoComplete="email" required aria-invalid={!!fieldError('email')} />
        {fieldError('email') && <span className="error">{fieldError('email')}</span>}
      </label>
      {mode === 'sign-up' && (
        <label>
          {t('auth.displayName')} <span className="muted">{t('auth.optional')}</span>
          <input name="displayName" type="text" autoComplete="nickname" maxLength={80} />
        </label>
      )}
      {mode === 'sign-up' && (
        <label className="inline">
          <input name="instructor" type="checkbox" /> {t('classes.signUpAsInstructor')}
        </label>
      )}
      <label>
        {t('auth.password')}
        <input
          name="password"
          type="password"
          autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
          minLength={mode === 'sign-up' ? PASSWORD_MIN_LENGTH : undefined}
          required
          aria-invalid={!!fieldError('password')}
        />
        {mode === 'sign-up' && <span className="muted small">{t('auth.passwordMin', { min: PASSWORD_MIN_LENGTH })}</span>}
        {fieldError('password') && <span className="error">{fieldError('password')}</span>}
      </label>
      {error && !error.field?.startsWith('body.') && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      {error?.field === 'body.email' && mode === 'sign-up' && error.message.includes('exists') && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      <button className="button" type="submit" disabled={busy}>
        {t(mode === 'sign-in' ? 'auth.signIn' : 'auth.signUp')}
      </button>
      <p className="small">
        {mode === 'sign-in' ? (
          <>
            {t('auth.noAccount')} <Link href="/sign-up">{t('auth.signUp')}</Link>
          </>
        ) : (
          <>
            {t('auth.haveAccount')} <Link href="/sign-in">{t('auth.signIn')}</Link>
          </>
        )}
      </p>
    </form>
  );
}
