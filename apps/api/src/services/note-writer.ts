import { createHash } from 'node:crypto';
import { AUTHORED_SECTION, AUTHORING_LIMITS, noteOrdinals, type TLocalizedText, type TNote } from '@recurrence/contracts';
import type { Prisma } from '@recurrence/db';
import { badRequest, conflict, notFound } from '../errors';
import { sortableId } from '../sortable-id';

/**
 * Writing decks and notes: one use case per function, each taking a transaction client (`tx`) so that callers make
 * several of them one transaction (the importers: create a deck, then add every note, all or nothing). Run them inside
 * `transaction(db.prisma, tx => …)` from @recurrence/db, and call `db.study.forgetCards()` after it commits: the
 * study working set keeps the card catalog in memory.
 *
 * Cards follow their note's ordinals (`noteOrdinals`), as deck sync does: an edit keeps the card (its id, everyone's
 * state and review history) of every ordinal the note still has, makes cards for new ordinals, and retires a card
 * whose ordinal is gone if anyone has reviewed it (deleted if nobody has).
 */
type Tx = Prisma.TransactionClient;
type NoteRow = Awaited<ReturnType<Tx['note']['findUniqueOrThrow']>>;
type CardRow = Awaited<ReturnType<Tx['card']['findUniqueOrThrow']>>;
export type WrittenNote = NoteRow & { cards: CardRow[] };

/** Cards of one note sit in the deck's new-card order at note position × this + ordinal. */
const CARD_SLOTS_PER_NOTE = 1000;
export const cardPosition = (notePosition: number, ordinal: number) => notePosition * CARD_SLOTS_PER_NOTE + Math.min(ordinal, CARD_SLOTS_PER_NOTE - 1);

const contentHash = (note: TNote) => createHash('sha256').update(JSON.stringify(note)).digest('hex');

/** A new note slug: sortable by creation, unique without asking the database. */
export const newNoteSlug = () => `n${sortableId()}`;

/** A new deck id (user decks; built-in ones are named in their files). */
export const newDeckId = () => `d${sortableId()}`;

export type DeckInput = { title: TLocalizedText; description?: { en: string; zh: string } };

/**
 * Creates an empty deck owned by `ownerId`. Refuses (409) a user's deck beyond `AUTHORING_LIMITS.decksPerUser`.
 * `source` says where its notes come from: written here ("user") or imported ("import"). An importer names the id
 * itself (`newDeckId()`): the URLs of the deck's media are written into its notes before the deck exists.
 */
export async function createDeck(tx: Tx, ownerId: string, input: DeckInput, source: 'user' | 'import' = 'user', id: string = newDeckId()) {
  const owned = await tx.deck.count({ where: { ownerId } });
  if (owned >= AUTHORING_LIMITS.decksPerUser) throw conflict(`you have ${owned} decks, the most one account may have (${AUTHORING_LIMITS.decksPerUser}); delete one first`);
  return tx.deck.create({
    data: { id, ownerId, source, title: input.title, description: input.description ?? { en: '', zh: '' } },
  });
}

export async function updateDeck(tx: Tx, deckId: string, input: Partial<DeckInput>) {
  return tx.deck.update({ where: { id: deckId }, data: { ...(input.title ? { title: input.title } : {}), ...(input.description ? { description: input.description } : {}) } });
}

/**
 * Deletes a deck with its notes, cards and everyone's study state and reviews of them. A deck published as a quiz set
 * is refused (409): its attempts and grades would go with it; delete the quiz set first.
 */
export async function deleteDeck(tx: Tx, deckId: string) {
  const quizSets = await tx.quizSet.count({ where: { deckId } });
  if (quizSets > 0) throw conflict(`this deck is published as ${quizSets} quiz set(s): delete them first (their attempts and grades would go with the deck)`);
  await tx.interviewPlan.deleteMany({ where: { deckId } });
  await tx.deck.delete({ where: { id: deckId } });
}

/**
 * Adds `notes` (valid `ZNote`s; `id` is each note's slug, unique in the deck) at the end of deck `deckId`, with a card
 * per ordinal. All or nothing inside the caller's transaction. Errors (HttpError): 400 naming `notes.<i>.id` for a
 * slug used twice or already in the deck; 400 on `notes` past `AUTHORING_LIMITS.notesPerDeck`.
 * Returns the notes (with their cards) in the order given, and the number of cards made.
 */
export async function addNotes(tx: Tx, deckId: string, notes: readonly TNote[]): Promise<{ notes: WrittenNote[]; cards: number }> {
  const seen = new Map<string, number>();
  notes.forEach((note, i) => {
    if (seen.has(note.id)) throw badRequest(`notes.${i}.id`, `note id "${note.id}" is used twice (notes ${seen.get(note.id)} and ${i})`);
    seen.set(note.id, i);
  });
  const taken = await tx.note.findMany({ where: { deckId, slug: { in: [...seen.keys()] } }, select: { slug: true } });
  if (taken.length > 0) throw badRequest(`notes.${seen.get(taken[0]!.slug)}.id`, `the deck already has a note "${taken[0]!.slug}"`);
  const existing = await tx.note.count({ where: { deckId, retiredAt: null } });
  if (existing + notes.length > AUTHORING_LIMITS.notesPerDeck) {
    throw badRequest('notes', `a deck holds at most ${AUTHORING_LIMITS.notesPerDeck} notes; it has ${existing}, and ${notes.length} more would pass that`);
  }
  const last = await tx.note.aggregate({ where: { deckId }, _max: { position: true } });
  let position = (last._max.position ?? -1) + 1;
  const written: WrittenNote[] = [];
  let cardCount = 0;
  for (const note of notes) {
    const row = await tx.note.create({
      data: { deckId, slug: note.id, type: note.type, section: note.section, position, tags: note.tags, content: note, contentHash: contentHash(note), experimentId: note.experiment?.id ?? null },
    });
    const ordinals = noteOrdinals(note);
    await tx.card.createMany({ data: ordinals.map((ordinal) => ({ noteId: row.id, deckId, ordinal, position: cardPosition(position, ordinal) })) });
    cardCount += ordinals.length;
    written.push({ ...row, cards: await tx.card.findMany({ where: { noteId: row.id }, orderBy: { ordinal: 'asc' } }) });
    position++;
  }
  await tx.deck.update({ where: { id: deckId }, data: { updatedAt: new Date() } });
  return { notes: written, cards: cardCount };
}

export type NoteEditReport = { note: WrittenNote; cards: { kept: number; created: number; retired: number; deleted: number } };

/**
 * Replaces the content of note `noteId` (its slug and section stay) and brings its cards in line with the new
 * ordinals: kept, created, retired (reviewed) or deleted (never reviewed). 404 for a retired or missing note.
 */
export async function updateNote(tx: Tx, noteId: string, note: TNote): Promise<NoteEditReport> {
  const current = await tx.note.findUnique({ where: { id: noteId }, include: { cards: true } });
  if (!current || current.retiredAt !== null) throw notFound(`no note ${noteId}`, 'params.noteId');
  const content: TNote = { ...note, id: current.slug, section: current.section || AUTHORED_SECTION };
  const report = { kept: 0, created: 0, retired: 0, deleted: 0 };
  await tx.note.update({
    where: { id: noteId },
    data: { type: content.type, tags: content.tags, content, contentHash: contentHash(content), experimentId: content.experiment?.id ?? null },
  });
  const cards = new Map(current.cards.map((c) => [c.ordinal, c]));
  for (const ordinal of noteOrdinals(content)) {
    const card = cards.get(ordinal);
    cards.delete(ordinal);
    if (!card) {
      await tx.card.create({ data: { noteId, deckId: current.deckId, ordinal, position: cardPosition(current.position, ordinal) } });
      report.created++;
    } else {
      if (card.retiredAt !== null) await tx.card.update({ where: { id: card.id }, data: { retiredAt: null } });
      report.kept++;
    }
  }
  const gone = await retireOrDeleteCards(tx, [...cards.values()], new Date());
  report.retired = gone.retired;
  report.deleted = gone.deleted;
  const updated = await tx.note.findUniqueOrThrow({ where: { id: noteId }, include: { cards: { where: { retiredAt: null }, orderBy: { ordinal: 'asc' } } } });
  return { note: updated, cards: report };
}

/**
 * Cards that left their note (or whose note left the deck): retired if anyone has reviewed them, deleted otherwise.
 * Returns the counts and the ids of the reviewed cards.
 */
export async function retireOrDeleteCards(tx: Tx, cards: readonly { id: string; retiredAt: Date | null }[], now: Date) {
  const reviewed = new Set((await tx.reviewLog.groupBy({ by: ['cardId'], where: { cardId: { in: cards.map((c) => c.id) } } })).map((r) => r.cardId));
  let retired = 0;
  let deleted = 0;
  for (const card of cards) {
    if (reviewed.has(card.id)) {
      if (card.retiredAt === null) {
        await tx.card.update({ where: { id: card.id }, data: { retiredAt: now } });
        retired++;
      }
    } else {
      await tx.card.delete({ where: { id: card.id } });
      deleted++;
    }
  }
  return { retired, deleted, reviewed };
}

/**
 * Deletes note `noteId`: with its cards when nobody has reviewed any of them; otherwise the note and its cards are
 * retired (out of every list and queue, reviews kept for statistics), as deck sync does. 404 for a missing note.
 */
export async function deleteNote(tx: Tx, noteId: string): Promise<{ retired: boolean }> {
  const note = await tx.note.findUnique({ where: { id: noteId }, include: { cards: { select: { id: true } } } });
  if (!note || note.retiredAt !== null) throw notFound(`no note ${noteId}`, 'params.noteId');
  const reviews = await tx.reviewLog.count({ where: { cardId: { in: note.cards.map((c) => c.id) } } });
  if (reviews === 0) {
    await tx.note.delete({ where: { id: noteId } });
    return { retired: false };
  }
  const now = new Date();
  await tx.card.updateMany({ where: { noteId, retiredAt: null }, data: { retiredAt: now } });
  await tx.note.update({ where: { id: noteId }, data: { retiredAt: now } });
  return { retired: true };
}
