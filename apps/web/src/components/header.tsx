'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useId } from 'react';
import type { Locale } from '../messages/locales';
import { LanguageOptions } from './card-language';
import { usePreferences } from './preferences';
import { useSession } from './session';

const NAV = [
  { href: '/decks', key: 'nav.decks' },
  { href: '/study', key: 'nav.study' },
  { href: '/stats', key: 'nav.stats' },
  { href: '/lab', key: 'nav.lab' },
  { href: '/classes', key: 'classes.nav' },
  { href: '/settings', key: 'nav.settings' },
] as const;

export function Header() {
  const { user, signOut } = useSession();
  const t = useTranslations();
  const router = useRouter();
  const pathname = usePathname();
  const current = (href: string) => (pathname === href || pathname.startsWith(`${href}/`) ? 'page' : undefined);
  return (
    <header className="site-header">
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <Link href="/" className="brand">
        Recurrence
      </Link>
      <nav aria-label={t('nav.main')}>
        {NAV.map((item) => (
          <Link key={item.href} href={item.href} aria-current={current(item.href)}>
            {t(item.key)}
          </Link>
        ))}
        {user?.role === 'admin' && (
          <Link href="/admin" aria-current={current('/admin')}>
            {t('nav.admin')}
          </Link>
        )}
      </nav>
      <div className="header-right">
        <InterfaceLanguage />
        {user && !user.isGuest ? (
          <>
            <span className="muted signed-in-as" data-testid="signed-in-as">
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

/** The interface language: a visible label and the language names each in their own language. */
function InterfaceLanguage() {
  const t = useTranslations();
  const { locale, setLocale, switchingLocale } = usePreferences();
  const id = useId();
  return (
    <span className="language-choice">
      <label htmlFor={id}>{t('ui.language')}</label>
      <select id={id} value={locale} aria-busy={switchingLocale} onChange={(e) => setLocale(e.target.value as Locale)} data-testid="interface-language">
        <LanguageOptions />
      </select>
    </span>
  );
}
