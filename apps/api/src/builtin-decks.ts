import { articleDeckDirectory, formatDeckErrors, loadDeckDirectory } from '@recurrence/deck';
import type { PrismaClient } from '@recurrence/db';
import { syncDeck, type TDeckSyncReport } from './services/deck-sync';

/** Loads the decks that ship with Recurrence (the article deck) into the database, updating them in place. */
export async function syncBuiltinDecks(prisma: PrismaClient): Promise<TDeckSyncReport[]> {
  const loaded = await loadDeckDirectory(articleDeckDirectory);
  if (!loaded.ok) throw new Error(`the built-in article deck does not validate:\n${formatDeckErrors(loaded.errors)}`);
  return [await syncDeck(prisma, loaded.deck, { source: 'builtin' })];
}
