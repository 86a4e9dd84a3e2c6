export { buildApp, BODY_LIMIT_BYTES } from './app';
export type { AppOptions } from './app';
export { syncBuiltinDecks } from './builtin-decks';
export { syncDeck } from './services/deck-sync';
export { importDeck } from './services/import-deck';
