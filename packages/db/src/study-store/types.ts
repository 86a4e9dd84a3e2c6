/** A user's scheduling state of one card, as the study store reads it. */
export type StateRecord = {
  cardId: string;
  deckId: string;
  state: string;
  due: Date;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  lastReview: Date | null;
  suspended: boolean;
  buriedUntil: Date | null;
  version: number;
};

/** The memory-state part of a state row, which ratings and undo write. */
export type MemoryFields = Pick<StateRecord, 'state' | 'due' | 'stability' | 'difficulty' | 'scheduledDays' | 'learningSteps' | 'reps' | 'lapses' | 'lastReview'>;

/** A card to study: its id, deck and ordinal, and its note's slug and content (shared by the note's cards). */
export type CardRecord = { id: string; deckId: string; noteId: string; ordinal: number; slug: string; content: unknown };

/** A card to study and the user's state of it (null: never touched). */
export type StudyCandidate = { card: CardRecord; state: StateRecord | null };

/**
 * Whose queue, over which decks (the caller checked the user may study each: the store does not), as of `now`;
 * ratings since `since` count against the daily limits.
 */
export type QueueQuery = { userId: string; deckIds: readonly string[]; since: Date; now: Date; reviewLimit: number; newLimit: number };

export type QueueCounts = { reviewsToday: number; introducedToday: number; due: number; untouched: number; newStates: number };

/**
 * The counts, and the first due and first new card, each looked up only when some card is due (new) and today's
 * ratings (introductions) are still under the limit.
 */
export type Queue = { counts: QueueCounts; firstDue: StudyCandidate | null; firstNew: StudyCandidate | null };

export type ReplayRecord = { reviewId: string; cardId: string; rating: number; after: unknown; version: number };

/**
 * `replay` is an earlier rating with the same clientId, or 'unchecked' when the context came from memory (the
 * working set): a reused clientId then shows up when the rating is saved (`duplicate`), and `findReplay` reads it.
 */
export type ReviewContext = { card: { id: string; deckId: string } | null; state: StateRecord | null; replay: ReplayRecord | null | 'unchecked' };

export type ReviewWrite = {
  reviewId: string;
  userId: string;
  cardId: string;
  deckId: string;
  clientId: string;
  rating: number;
  durationMs: number;
  now: Date;
  /** The version read; 0 when the card had no state row. */
  version: number;
  stateBefore: string;
  after: MemoryFields;
  beforeJson: unknown;
  afterJson: unknown;
  /** What was answered (ZLoggedAnswer), or null for a self-graded card. */
  answerJson: unknown;
};

/** saved: logged and applied; conflict: the state changed since it was read; duplicate: the clientId was already used. */
export type ReviewWriteResult = { kind: 'saved'; version: number } | { kind: 'conflict' } | { kind: 'duplicate' };

export type UndoneReview = { reviewId: string; cardId: string; rating: number };

/**
 * The study hot path on prepared statements (better-sqlite3 / pg), not Prisma: picking the next card and rating
 * it run on every keystroke of a review session. Everything else stays on Prisma.
 */
export interface StudyStore {
  queue(query: QueueQuery): Promise<Queue>;
  reviewContext(userId: string, cardId: string, clientId: string): Promise<ReviewContext>;
  /** The user's rating with this clientId, read from the database. */
  findReplay(userId: string, clientId: string): Promise<ReplayRecord | null>;
  /** A card with its note (retired ones too), or null when there is no such card. */
  card(cardId: string): Promise<CardRecord | null>;
  saveReview(write: ReviewWrite): Promise<ReviewWriteResult>;
  /** Undoes the user's latest rating still in effect; `restore` turns its stored `before` JSON into state fields. */
  undoLast(userId: string, now: Date, restore: (before: unknown) => MemoryFields): Promise<UndoneReview | null>;
  /**
   * Called after study state (CardState, ReviewLog) of the user was written outside the store (through Prisma):
   * a store that keeps state in memory drops what it holds for them. Stores that keep nothing ignore it.
   */
  forgetUser(userId: string): void;
  /** Called after cards were created, changed or retired outside the store (deck sync). */
  forgetCards(): void;
  close(): Promise<void>;
}

/** A card as the working set keeps it: the queue's card record, its place in its deck, and whether it was retired. */
export type CatalogCard = CardRecord & { position: number; retired: boolean };

/** A rating still in effect, as the daily limits count it. */
export type RatingRecord = { reviewedAt: Date; stateBefore: string };

/** What the working set loads from the database: whole tables' worth for one user, and the card catalog. */
export interface StudyTables {
  userStates(userId: string): Promise<StateRecord[]>;
  /** The user's ratings at or after `since` that were not undone. */
  ratingsSince(userId: string, since: Date): Promise<RatingRecord[]>;
  cards(): Promise<CatalogCard[]>;
}
