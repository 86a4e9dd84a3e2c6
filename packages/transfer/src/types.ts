import type { TNote } from '@recurrence/contracts';
import type { TRefusal } from './notes';

export type TImportKind = 'csv' | 'apkg' | 'colpkg' | 'yaml-zip';

/** One review from the source's history, to be replayed into FSRS state. */
export type TImportedReview = {
  noteSlug: string;
  ordinal: number;
  reviewedAt: Date;
  rating: 1 | 2 | 3 | 4;
  durationMs: number;
  /** The source's id of the review (Anki's revlog id), for the log's idempotency key. */
  sourceId: string;
};

export type TMediaFile = { name: string; data: Uint8Array; contentType: string };

export type TImportReport = {
  kind: TImportKind;
  /** Notes and cards that would be (or were) imported. */
  notes: number;
  cards: number;
  /** Review-log rows read (replayed only when history is asked for). */
  reviews: number;
  media: number;
  /** Rows, lines or notes that cannot be imported, each with where and why. */
  refused: TRefusal[];
  /** What was imported differently from the source (a dropped tag, a type-in that became a plain card, …). */
  warnings: string[];
};

export type TParsedImport = {
  kind: TImportKind;
  /** The deck's title as the source names it, when it does. */
  title: string | null;
  description: string | null;
  /** Notes in source order; each is valid (ZNote). */
  notes: TNote[];
  media: TMediaFile[];
  reviews: TImportedReview[];
  report: TImportReport;
};

/** Adds up cards the way the database will (noteOrdinals). */
export type { TRefusal };
