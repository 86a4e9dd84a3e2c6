import 'katex/dist/katex.min.css';
import './globals.css';
import { ZSessionResponse } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { Header } from '../components/header';
import { PreferencesProvider } from '../components/preferences';
import { SessionProvider } from '../components/session';
import { readPreferences } from '../i18n/server-preferences';
import { localeTag } from '../messages/locales';
import { serverApiOrNull } from '../lib/server-api';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return {
    title: { template: '%s · Recurrence', default: t('meta.title') },
    description: t('meta.description'),
  };
}

/**
 * Every page: rendered by the server in the interface language, card language and theme read from cookies, with
 * the signed-in user already known (no flash of English, of the wrong theme or of "Sign in").
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const [preferences, session] = await Promise.all([readPreferences(), serverApiOrNull(ZSessionResponse, '/api/v1/auth/me')]);
  const { locale, theme } = preferences;
  return (
    <html lang={localeTag(locale)} data-theme={theme === 'system' ? undefined : theme}>
      <body>
        <NextIntlClientProvider>
          <PreferencesProvider initial={preferences}>
            <SessionProvider initialUser={session?.user ?? null}>
              <Header />
              <main id="main" tabIndex={-1}>
                {children}
              </main>
            </SessionProvider>
          </PreferencesProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
