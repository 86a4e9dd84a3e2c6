import type { STATE_COLUMNS } from './statements';
import type { CardRecord, CatalogCard, RatingRecord, ReplayRecord, ReviewContext, StateRecord, StudyCandidate } from './types';

export type Row = Record<string, unknown>;

/** How a provider's driver returns Prisma's DateTime, Boolean and Json columns. */
export type Decoder = { date(value: unknown): Date; bool(value: unknown): boolean; json(value: unknown): unknown };

const dateOrNull = (d: Decoder, value: unknown) => (value === null || value === undefined ? null : d.date(value));

/** A state row whose columns carry `prefix` (see statements.ts). */
export function stateRecord(row: Row, prefix: string, d: Decoder): StateRecord {
  const get = (c: (typeof STATE_COLUMNS)[number]) => row[prefix + c];
  return {
    cardId: get('cardId') as string,
    deckId: get('deckId') as string,
    state: get('state') as string,
    due: d.date(get('due')),
    stability: get('stability') as number,
    difficulty: get('difficulty') as number,
    scheduledDays: get('scheduledDays') as number,
    learningSteps: get('learningSteps') as number,
    reps: get('reps') as number,
    lapses: get('lapses') as number,
    lastReview: dateOrNull(d, get('lastReview')),
    suspended: d.bool(get('suspended')),
    buriedUntil: dateOrNull(d, get('buriedUntil')),
    version: get('version') as number,
  };
}

/** A card and its note's slug and content (statements.ts, `cardColumns`), its columns after `prefix`. */
export function cardRecord(row: Row, d: Decoder, prefix = ''): CardRecord {
  return {
    id: row[`${prefix}id`] as string,
    deckId: row[`${prefix}deckId`] as string,
    noteId: row[`${prefix}noteId`] as string,
    ordinal: row[`${prefix}ordinal`] as number,
    slug: row[`${prefix}slug`] as string,
    content: d.json(row[`${prefix}content`]),
  };
}

/** A queue row: the card's columns, then its state's with `state_` (null when never touched), all after `prefix`. */
export function candidate(row: Row | undefined, d: Decoder, prefix = ''): StudyCandidate | null {
  if (!row || row[`${prefix}id`] === null) return null;
  return { card: cardRecord(row, d, prefix), state: row[`${prefix}state_cardId`] === null ? null : stateRecord(row, `${prefix}state_`, d) };
}

/** The context as the database has it: the replay was looked up. */
export function reviewContext(row: Row, d: Decoder): ReviewContext & { replay: ReplayRecord | null } {
  return {
    card: row.cardId === null ? null : { id: row.cardId as string, deckId: row.cardDeckId as string },
    state: row.state_cardId === null ? null : stateRecord(row, 'state_', d),
    replay:
      row.replayId === null
        ? null
        : { reviewId: row.replayId as string, cardId: row.replayCardId as string, rating: row.replayRating as number, after: d.json(row.replayAfter), version: (row.replayVersion as number | null) ?? 0 },
  };
}

export function catalogCard(row: Row, d: Decoder): CatalogCard {
  return { ...cardRecord(row, d), position: row.position as number, retired: row.retiredAt !== null };
}

export const ratingRecord = (row: Row, d: Decoder): RatingRecord => ({ reviewedAt: d.date(row.reviewedAt), stateBefore: row.stateBefore as string });
