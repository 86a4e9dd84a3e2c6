import { CARD_TYPES, noteOrdinals, type TCardType, type TDeck } from '@recurrence/contracts';

export interface TTypeCount {
  type: TCardType;
  /** Entries of this type in the deck's files. */
  notes: number;
  /** Cards they make (`noteOrdinals`: a cloze note one per deletion number, a reversed basic note two). */
  cards: number;
}

export interface TDeckCounts {
  notes: number;
  cards: number;
  byType: TTypeCount[];
  /** Reversed cards among the basic cards. */
  reversed: number;
}

/** How many notes a deck has and how many cards they make, by note type, as study schedules them. */
export function countNotesAndCards(notes: TDeck['cards']): TDeckCounts {
  const cardsOf = (list: TDeck['cards']) => list.reduce((n, note) => n + noteOrdinals(note).length, 0);
  const byType = CARD_TYPES.map((type) => {
    const ofType = notes.filter((n) => n.type === type);
    return { type, notes: ofType.length, cards: cardsOf(ofType) };
  });
  const reversed = notes.filter((n) => n.type === 'basic' && n.reverse === true).length;
  return { notes: notes.length, cards: cardsOf(notes), byType, reversed };
}
