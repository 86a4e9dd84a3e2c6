import { createHash } from 'node:crypto';
import type { TDeck } from '@recurrence/contracts';
import { transaction, type Database } from '@recurrence/db';
import { cardContentHash } from '@recurrence/deck';

export type TDeckSyncReport = { deckId: string; created: number; updated: number; unchanged: number; retired: number; deleted: number };

/**
 * Makes the database hold `deck`, updating cards in place by their stable slug so review history survives.
 * A card that left the source is retired while anyone has reviewed it, deleted otherwise; a card that comes
 * back is un-retired. Runs in one transaction: a failed sync leaves the previous deck intact. The study working set
 * reads the cards again afterwards.
 */
export async function syncDeck(
  db: Database,
  deck: TDeck,
  options: { source: 'builtin' | 'import'; ownerId?: string | null } = { source: 'builtin' },
): Promise<TDeckSyncReport> {
  const report: TDeckSyncReport = { deckId: deck.id, created: 0, updated: 0, unchanged: 0, retired: 0, deleted: 0 };
  const hashes = deck.cards.map((card) => cardContentHash(card));
  const deckHash = createHash('sha256').update(JSON.stringify([deck.title, deck.description, hashes])).digest('hex');

  await transaction(
    db.prisma,
    async (tx) => {
      const existingDeck = await tx.deck.findUnique({ where: { id: deck.id }, select: { contentHash: true } });
      if (existingDeck?.contentHash === deckHash) {
        report.unchanged = deck.cards.length;
        return;
      }
      await tx.deck.upsert({
        where: { id: deck.id },
        create: { id: deck.id, title: deck.title, description: deck.description, source: options.source, ownerId: options.ownerId ?? null, contentHash: deckHash },
        update: { title: deck.title, description: deck.description, contentHash: deckHash },
      });
      const existing = new Map((await tx.card.findMany({ where: { deckId: deck.id } })).map((c) => [c.slug, c]));
      for (const [position, card] of deck.cards.entries()) {
        const contentHash = hashes[position] as string;
        const data = { type: card.type, section: card.section, position, content: card, contentHash, experimentId: card.experiment?.id ?? null, retiredAt: null };
        const current = existing.get(card.id);
        existing.delete(card.id);
        if (!current) {
          await tx.card.create({ data: { deckId: deck.id, slug: card.id, ...data } });
          report.created++;
        } else if (current.contentHash !== contentHash || current.position !== position || current.retiredAt !== null) {
          await tx.card.update({ where: { id: current.id }, data });
          report.updated++;
        } else {
          report.unchanged++;
        }
      }
      for (const gone of existing.values()) {
        const reviews = await tx.reviewLog.count({ where: { cardId: gone.id } });
        if (reviews > 0) {
          if (gone.retiredAt === null) {
            await tx.card.update({ where: { id: gone.id }, data: { retiredAt: new Date() } });
            report.retired++;
          }
        } else {
          await tx.card.delete({ where: { id: gone.id } });
          report.deleted++;
        }
      }
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  db.study.forgetCards();
  return report;
}
