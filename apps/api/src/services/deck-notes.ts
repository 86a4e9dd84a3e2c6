import { AUTHORING_LIMITS, type TNote, type TNoteList, type TNoteView } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { notFound } from '../errors';
import { deckToRead, type DeckViewer } from './deck-access';

type NoteWithCards = Awaited<ReturnType<PrismaClient['note']['findUniqueOrThrow']>> & { cards: { id: string; ordinal: number; retiredAt: Date | null }[] };

export function toNoteView(note: NoteWithCards): TNoteView {
  return {
    id: note.id,
    deckId: note.deckId,
    slug: note.slug,
    content: note.content as TNote,
    tags: note.tags as string[],
    cards: note.cards.filter((c) => c.retiredAt === null).map((c) => ({ id: c.id, ordinal: c.ordinal })),
    updatedAt: note.updatedAt.toISOString(),
  };
}

/** Every string of a note's content (both languages, choices, checklist, tags), lower-cased, for search. */
function searchableText(value: unknown): string {
  if (typeof value === 'string') return value.toLowerCase();
  if (Array.isArray(value)) return value.map(searchableText).join('\n');
  if (value !== null && typeof value === 'object') return Object.values(value).map(searchableText).join('\n');
  return '';
}

/**
 * A deck's notes in authoring order, a page at a time: those whose text (any field, either language) contains every
 * word of `q`, case-insensitively, and that carry `tag`. The search runs over the deck's notes in this process (a deck
 * holds at most `AUTHORING_LIMITS.notesPerDeck`), the same on SQLite and PostgreSQL.
 */
export async function listNotes(prisma: PrismaClient, viewer: DeckViewer, deckId: string, query: { q?: string | undefined; tag?: string | undefined; page: number }): Promise<TNoteList> {
  await deckToRead(prisma, viewer, deckId);
  const notes = await prisma.note.findMany({
    where: { deckId, retiredAt: null },
    orderBy: { position: 'asc' },
    include: { cards: { select: { id: true, ordinal: true, retiredAt: true }, orderBy: { ordinal: 'asc' } } },
  });
  const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const tag = query.tag?.toLowerCase();
  const tags = new Set<string>();
  const matching = notes.filter((note) => {
    const noteTags = note.tags as string[];
    for (const t of noteTags) tags.add(t);
    if (tag && !noteTags.includes(tag)) return false;
    if (words.length === 0) return true;
    const text = searchableText(note.content);
    return words.every((w) => text.includes(w));
  });
  const pageSize = AUTHORING_LIMITS.notesPerPage;
  const start = (query.page - 1) * pageSize;
  return { notes: matching.slice(start, start + pageSize).map(toNoteView), total: matching.length, page: query.page, pageSize, tags: [...tags].sort() };
}

/** A note the viewer may read (404 otherwise, and for retired notes), with the deck access that allowed it. */
export async function noteToRead(prisma: PrismaClient, viewer: DeckViewer, noteId: string) {
  const note = await prisma.note.findUnique({ where: { id: noteId }, include: { cards: { select: { id: true, ordinal: true, retiredAt: true }, orderBy: { ordinal: 'asc' } } } });
  if (!note || note.retiredAt !== null) throw notFound(`no note ${noteId}`, 'params.noteId');
  const access = await deckToRead(prisma, viewer, note.deckId).catch(() => {
    throw notFound(`no note ${noteId}`, 'params.noteId');
  });
  return { note, access };
}
