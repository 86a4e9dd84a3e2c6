import { articleDeckDirectory, formatDeckErrors, loadDeckDirectory } from '@recurrence/deck';
import type { Database } from '@recurrence/db';
import { syncDeck, type TDeckSyncReport } from './services/deck-sync';

/** Loads the decks that ship with Recurrence (the article deck) into the database, updating them in place. */
export async function syncBuiltinDecks(db: Database): Promise<TDeckSyncReport[]> {
  const loaded = await loadDeckDirectory(articleDeckDirectory);
  if (!loaded.ok) throw new Error(`the built-in article deck does not validate:\n${formatDeckErrors(loaded.errors)}`);
  return [await syncDeck(db, loaded.deck, { source: 'builtin' })];
}
