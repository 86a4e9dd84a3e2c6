import { DeckBrowser } from './deck-browser';

export default async function DeckPage({ params }: { params: Promise<{ deckId: string }> }) {
  const { deckId } = await params;
  return <DeckBrowser deckId={deckId} />;
}
