import 'katex/dist/katex.min.css';
import './globals.css';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { CardLanguageProvider } from '../components/card-language';
import { Header } from '../components/header';
import { PreferencesProvider, themeBootScript } from '../components/preferences';
import { SessionProvider } from '../components/session';

export const metadata: Metadata = {
  title: 'Recurrence — ML interview prep with worked answers',
  description: 'Spaced repetition and quizzes for machine-learning interviews, with answers worked by models trained live.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeBootScript }} />
      </head>
      <body>
        <PreferencesProvider>
          <SessionProvider>
            <CardLanguageProvider>
              <Header />
              <main>{children}</main>
            </CardLanguageProvider>
          </SessionProvider>
        </PreferencesProvider>
      </body>
    </html>
  );
}
