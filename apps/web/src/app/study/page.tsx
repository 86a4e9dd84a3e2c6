import { ZNextCardResponse } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { serverApiOrNull } from '../../lib/server-api';
import { StudySession } from './study-session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t('study.title') };
}

/**
 * The review screen. For a signed-in user the server fetches the first card and renders it, so it shows with the page
 * and answers as soon as the page's JavaScript has run (no second round trip after hydration).
 */
export default async function StudyPage({ searchParams }: { searchParams: Promise<{ deck?: string | string[] }> }) {
  const { deck } = await searchParams;
  const deckId = typeof deck === 'string' && deck !== '' ? deck : undefined;
  const first = await serverApiOrNull(ZNextCardResponse, `/api/v1/study/next${deckId ? `?deckId=${encodeURIComponent(deckId)}` : ''}`);
  // Only a card is rendered on the server: "all caught up" says how long until the next card, a time the browser
  // must work out itself.
  return <StudySession key={deckId ?? ''} deckId={deckId} first={first?.next ? first : undefined} />;
}
