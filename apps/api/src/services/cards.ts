import type { TCard, TCardView } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';

type CardRow = Awaited<ReturnType<PrismaClient['card']['findUniqueOrThrow']>>;

export function toCardView(card: CardRow): TCardView {
  return { id: card.id, deckId: card.deckId, slug: card.slug, content: card.content as TCard, retired: card.retiredAt !== null };
}
