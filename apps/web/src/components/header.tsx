'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { CardLanguageSwitch } from './card-language';
import { usePreferences } from './preferences';
import { useSession } from './session';

export function Header() {
  const { user, loading, signOut } = useSession();
  const { t } = usePreferences();
  const router = useRouter();
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        Recurrence
      </Link>
      <nav aria-label={t('nav.main')}>
        <Link href="/">{t('nav.decks')}</Link>
        <Link href="/study">{t('nav.study')}</Link>
        <Link href="/stats">{t('nav.stats')}</Link>
        <Link href="/lab">{t('nav.lab')}</Link>
        <Link href="/settings">{t('nav.settings')}</Link>
        {user?.role === 'admin' && <Link href="/admin">{t('nav.admin')}</Link>}
      </nav>
      <div className="header-right">
        <CardLanguageSwitch />
        {loading ? null : user && !user.isGuest ? (
          <>
            <span className="muted" data-testid="signed-in-as">
              {user.displayName ?? user.email}
            </span>
            <button
              type="button"
              className="link-button"
              onClick={async () => {
                await signOut();
                router.push('/');
              }}
            >
              {t('auth.signOut')}
            </button>
          </>
        ) : (
          <>
            {user?.isGuest && <span className="muted">{t('auth.guest')}</span>}
            <Link href="/sign-in">{t('auth.signIn')}</Link>
            <Link href="/sign-up" className="button small">
              {user?.isGuest ? t('auth.saveProgress') : t('auth.signUp')}
            </Link>
          </>
        )}
      </div>
    </header>
  );
}
