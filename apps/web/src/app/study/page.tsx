import { StudySession } from './study-session';

export default async function StudyPage({ searchParams }: { searchParams: Promise<{ deck?: string | string[] }> }) {
  const { deck } = await searchParams;
  return <StudySession deckId={typeof deck === 'string' && deck !== '' ? deck : undefined} />;
}
