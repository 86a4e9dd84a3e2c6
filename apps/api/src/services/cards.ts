import type { TCard, TCardView } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';

type CardRow = Awaited<ReturnType<PrismaClient['card']['findUniqueOrThrow']>> & { note: { slug: string; content: unknown } };

export function toCardView(card: CardRow): TCardView {
  return { id: card.id, noteId: card.noteId, deckId: card.deckId, slug: card.note.slug, ordinal: card.ordinal, content: card.note.content as TCard, retired: card.retiredAt !== null };
}
