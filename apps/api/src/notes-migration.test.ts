import { applyMigrations, openDatabase, type Database } from '@recurrence/db';
import { createScratchDatabase, testProviders, type ScratchDatabase } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncDeck } from './services/deck-sync';
import { basicCard, clozeNote, testDeck } from './testing';

/**
 * The migration from one card per authored item to notes and cards (prisma/*\/migrations/*_notes_and_cards), on a
 * database written by the model before it: every card state and review stays with a card, and the deck sync then adds
 * the other cards of each note as new ones.
 */
describe.each(testProviders())('migrating existing study history to notes and cards on %s', (provider) => {
  let scratch: ScratchDatabase;
  let db: Database;
  const basic = basicCard('old-basic');
  const cloze = clozeNote('old-cloze', 'Deletions {{c2::two}} and {{c3::three}}, then {{c2::two again}}.');

  beforeAll(async () => {
    scratch = await createScratchDatabase(provider);
    await applyMigrations(scratch.config, { before: 'notes_and_cards' });
    const old = await openDatabase(scratch.config);
    // The old model's rows, written as the old code wrote them (raw SQL: the client knows only the new model).
    const at = (iso: string) => (provider === 'sqlite' ? String(new Date(iso).getTime()) : `'${iso.replace('T', ' ').replace('Z', '')}'`);
    const json = (value: unknown) => `'${JSON.stringify(value).replace(/'/g, "''")}'`;
    const now = at('2026-11-20T08:00:00.000Z');
    const run = (sql: string) => old.prisma.$executeRawUnsafe(sql);
    await run(`INSERT INTO "User" ("id", "role", "isGuest", "createdAt", "updatedAt") VALUES ('learner', 'student', false, ${now}, ${now})`);
    await run(`INSERT INTO "Deck" ("id", "title", "description", "source", "contentHash", "createdAt", "updatedAt") VALUES ('old-deck', ${json({ en: 'T', zh: '题' })}, ${json({ en: 'D', zh: '述' })}, 'builtin', 'old-hash', ${now}, ${now})`);
    for (const [i, card] of [basic, { ...cloze, tags: ['lstm', 'gates'] }].entries()) {
      await run(`INSERT INTO "Card" ("id", "deckId", "slug", "type", "section", "position", "content", "contentHash", "createdAt", "updatedAt")
        VALUES ('card-${card.id}', 'old-deck', '${card.id}', '${card.type}', 'test', ${i}, ${json(card)}, 'h${i}', ${now}, ${now})`);
      await run(`INSERT INTO "CardState" ("userId", "cardId", "deckId", "state", "due", "stability", "difficulty", "scheduledDays", "learningSteps", "reps", "lapses", "lastReview", "suspended", "version", "updatedAt")
        VALUES ('learner', 'card-${card.id}', 'old-deck', 'review', ${at('2026-12-01T08:00:00.000Z')}, 11.5, 4.2, 11, 0, 2, 0, ${now}, false, 2, ${now})`);
      for (const r of [1, 2]) {
        await run(`INSERT INTO "ReviewLog" ("id", "userId", "cardId", "clientId", "rating", "stateBefore", "reviewedAt", "durationMs", "before", "after")
          VALUES ('log-${card.id}-${r}', 'learner', 'card-${card.id}', 'client-${card.id}-${r}', 3, '${r === 1 ? 'new' : 'learning'}', ${now}, 1000, ${json({ r })}, ${json({ r })})`);
      }
    }
    // Closed first: on PostgreSQL the migration's ALTER TABLE waits for every other session on the table.
    await old.close();
    await applyMigrations(scratch.config);
    db = await openDatabase(scratch.config);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it('turns each card into a note with the same content and a card with the same id, history and state', async () => {
    const notes = await db.prisma.note.findMany({ orderBy: { position: 'asc' }, include: { cards: true } });
    expect(notes.map((n) => [n.id, n.slug, n.type, n.tags])).toEqual([
      ['card-old-basic', 'old-basic', 'basic', []],
      ['card-old-cloze', 'old-cloze', 'cloze', ['lstm', 'gates']],
    ]);
    expect(notes[1]!.content).toMatchObject({ text: cloze.type === 'cloze' ? cloze.text : null });
    // The cloze card becomes the card of its lowest deletion number, c2.
    expect(notes.map((n) => n.cards.map((c) => [c.id, c.ordinal]))).toEqual([[['card-old-basic', 1]], [['card-old-cloze', 2]]]);
    expect((await db.prisma.reviewLog.findMany({ where: { cardId: 'card-old-cloze' } })).map((r) => [r.id, r.answer])).toEqual([
      ['log-old-cloze-1', null],
      ['log-old-cloze-2', null],
    ]);
    const state = await db.prisma.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: 'learner', cardId: 'card-old-cloze' } } });
    expect(state).toMatchObject({ state: 'review', stability: 11.5, reps: 2, version: 2 });
  });

  it('then lets the deck sync add the other cards of each note as new ones, leaving the history where it is', async () => {
    const report = await syncDeck(db, testDeck([{ ...basic, reverse: true } as typeof basic, cloze], 'old-deck'));
    expect(report).toMatchObject({ created: 0, cards: { created: 2, retired: 0, deleted: 0 } });
    const cards = await db.prisma.card.findMany({ orderBy: { position: 'asc' }, include: { note: { select: { slug: true } } } });
    expect(cards.map((c) => [c.note.slug, c.ordinal, c.id.startsWith('card-') ? c.id : 'new'])).toEqual([
      ['old-basic', 1, 'card-old-basic'],
      ['old-basic', 2, 'new'],
      ['old-cloze', 2, 'card-old-cloze'],
      ['old-cloze', 3, 'new'],
    ]);
    expect(await db.prisma.reviewLog.groupBy({ by: ['cardId'], _count: { _all: true }, orderBy: { cardId: 'asc' } })).toEqual([
      { cardId: 'card-old-basic', _count: { _all: 2 } },
      { cardId: 'card-old-cloze', _count: { _all: 2 } },
    ]);
    expect(await db.prisma.cardState.count()).toBe(2);
  });
});
