import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, transaction, type Database } from '../client';
import { applyMigrations } from '../migrate/migrate';
import { createScratchDatabase, createTestCard, testProviders, type ScratchDatabase } from '../testing';
import type { MemoryFields, ReviewWrite } from './types';

// A zone far from UTC, so any timestamp read or written as local time shows up as an 8-hour shift.
process.env.TZ = 'Asia/Shanghai';

describe.each(testProviders())('study store on %s', (provider) => {
  let scratch: ScratchDatabase;
  let db: Database;
  beforeAll(async () => {
    scratch = await createScratchDatabase(provider);
    await applyMigrations(scratch.config);
    db = await openDatabase(scratch.config);
    await db.prisma.user.create({ data: { id: 'u1', role: 'student' } });
    await db.prisma.deck.create({ data: { id: 'd', title: { en: 'T', zh: '题' }, description: { en: '', zh: '' } } });
    for (const [i, slug] of ['c1', 'c2', 'c3'].entries()) {
      await createTestCard(db.prisma, { id: slug, deckId: 'd', slug, position: i, content: { slug } });
    }
  });
  afterAll(async () => {
    await db.close();
    await scratch.drop();
  });

  const now = new Date('2026-11-27T10:00:00.123Z');
  const after: MemoryFields = { state: 'review', due: new Date('2026-12-01T09:30:00.456Z'), stability: 4.2, difficulty: 5.1, scheduledDays: 4, learningSteps: 0, reps: 1, lapses: 0, lastReview: now };
  const write = (over: Partial<ReviewWrite>): ReviewWrite => ({
    reviewId: crypto.randomUUID(),
    userId: 'u1',
    cardId: 'c1',
    deckId: 'd',
    clientId: crypto.randomUUID(),
    rating: 3,
    durationMs: 900,
    now,
    version: 0,
    stateBefore: 'new',
    after,
    beforeJson: { state: 'new' },
    afterJson: { state: 'review' },
    answerJson: null,
    ...over,
  });

  it('writes what Prisma reads back to the millisecond, and reads what Prisma wrote', async () => {
    expect(await db.study.saveReview(write({}))).toEqual({ kind: 'saved', version: 1 });
    const row = await db.prisma.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: 'u1', cardId: 'c1' } } });
    expect(row.due.toISOString()).toBe(after.due.toISOString());
    expect(row.lastReview?.toISOString()).toBe(now.toISOString());
    const log = await db.prisma.reviewLog.findFirstOrThrow({ where: { userId: 'u1' } });
    expect(log.reviewedAt.toISOString()).toBe(now.toISOString());
    expect(log.after).toEqual({ state: 'review' });

    const buried = new Date('2026-11-28T00:00:00.000Z');
    await db.prisma.cardState.update({ where: { userId_cardId: { userId: 'u1', cardId: 'c1' } }, data: { buriedUntil: buried } });
    const context = await db.study.reviewContext('u1', 'c1', crypto.randomUUID());
    expect(context.card).toEqual({ id: 'c1', deckId: 'd' });
    expect(context.state).toMatchObject({ due: after.due, lastReview: now, buriedUntil: buried, suspended: false, version: 1 });
    expect(context.replay).toBeNull();
  });

  it('counts the queue and picks cards by due date and deck order, within the daily limits', async () => {
    const query = { userId: 'u1', deckIds: ['d'], since: new Date('2026-11-27T00:00:00Z'), now: new Date('2026-12-02T00:00:00Z'), reviewLimit: 200, newLimit: 20 };
    // c1 is buried until 2026-11-28 (before `now`), due 2026-12-01: due. c2, c3 untouched.
    const queue = await db.study.queue(query);
    expect(queue.counts).toEqual({ reviewsToday: 0, introducedToday: 1, due: 1, untouched: 2, newStates: 0 });
    expect(queue.firstDue?.card).toMatchObject({ id: 'c1', deckId: 'd', ordinal: 1, slug: 'c1', content: { slug: 'c1' } });
    expect(queue.firstDue?.state).toMatchObject({ cardId: 'c1', state: 'review', version: 1 });
    expect(queue.firstNew).toMatchObject({ card: { id: 'c2' }, state: null });
    // Only the decks asked for: a deck the caller left out contributes nothing.
    const outOfScope = await db.study.queue({ ...query, deckIds: ['another-deck'] });
    expect(outOfScope).toEqual({ counts: { reviewsToday: 0, introducedToday: 1, due: 0, untouched: 0, newStates: 0 }, firstDue: null, firstNew: null });
    // Nothing due yet; and with today's one introduction the new-card limit of 1 is used up.
    const early = await db.study.queue({ ...query, now: new Date('2026-11-27T12:00:00Z'), newLimit: 1 });
    expect(early.counts.due).toBe(0);
    expect(early.firstDue).toBeNull();
    expect(early.firstNew).toBeNull();
  });

  it('refuses a write against a stale version and reports a reused clientId as a duplicate', async () => {
    expect(await db.study.saveReview(write({ version: 0 }))).toEqual({ kind: 'conflict' });
    expect(await db.study.saveReview(write({ version: 5, stateBefore: 'review' }))).toEqual({ kind: 'conflict' });
    const clientId = crypto.randomUUID();
    expect(await db.study.saveReview(write({ version: 1, stateBefore: 'review', clientId }))).toEqual({ kind: 'saved', version: 2 });
    expect(await db.study.saveReview(write({ version: 2, stateBefore: 'review', clientId }))).toEqual({ kind: 'duplicate' });
    // The refused write left nothing behind: still version 2, two log entries.
    expect((await db.study.reviewContext('u1', 'c1', clientId)).replay).toMatchObject({ cardId: 'c1', rating: 3, version: 2 });
    expect(await db.prisma.reviewLog.count({ where: { userId: 'u1' } })).toBe(2);
  });

  it('writes ratings that arrive together in one go, and a refused one leaves the others in place', async () => {
    const before = await db.prisma.reviewLog.count();
    const reused = (await db.prisma.reviewLog.findFirstOrThrow({ where: { userId: 'u1' } })).clientId;
    const c3 = await createTestCard(db.prisma, { deckId: 'd', slug: 'c4', position: 3 });
    const results = await Promise.all([
      db.study.saveReview(write({ cardId: 'c3' })),
      db.study.saveReview(write({ cardId: 'c2', clientId: reused })),
      db.study.saveReview(write({ cardId: 'c3' })),
      db.study.saveReview(write({ cardId: c3.id })),
    ]);
    expect(results[1]).toEqual({ kind: 'duplicate' });
    expect(results[3]).toEqual({ kind: 'saved', version: 1 });
    // Two first ratings of c3: exactly one lands (on PostgreSQL either may be first).
    expect([results[0], results[2]]).toEqual(expect.arrayContaining([{ kind: 'saved', version: 1 }, { kind: 'conflict' }]));
    expect(await db.prisma.reviewLog.count()).toBe(before + 2);
    // The refused rating's state row went with it.
    expect(await db.prisma.cardState.count({ where: { cardId: 'c2' } })).toBe(0);
    await db.prisma.cardState.deleteMany({ where: { cardId: { in: ['c3', c3.id] } } });
    await db.prisma.reviewLog.deleteMany({ where: { cardId: { in: ['c3', c3.id] } } });
    await db.prisma.card.delete({ where: { id: c3.id } });
  });

  it('writes a batch of ratings of different cards, each with its own state, and refuses only the stale one', async () => {
    const cards = await Promise.all(
      [5, 6, 7].map((i) => createTestCard(db.prisma, { deckId: 'd', slug: `b${i}`, position: i })),
    );
    const dues = cards.map((_, i) => new Date(Date.UTC(2026, 11, 2 + i, 8, 0, 0, 7)));
    const first = await Promise.all(cards.map((c, i) => db.study.saveReview(write({ cardId: c.id, after: { ...after, due: dues[i]!, stability: i + 0.5 } }))));
    expect(first).toEqual(cards.map(() => ({ kind: 'saved', version: 1 })));
    // Again together: two with the version they read, one with a stale one.
    const second = await Promise.all(cards.map((c, i) => db.study.saveReview(write({ cardId: c.id, version: i === 1 ? 0 : 1, stateBefore: 'review', after: { ...after, due: dues[i]!, reps: 2 } }))));
    expect(second).toEqual([{ kind: 'saved', version: 2 }, { kind: 'conflict' }, { kind: 'saved', version: 2 }]);
    const rows = await db.prisma.cardState.findMany({ where: { cardId: { in: cards.map((c) => c.id) } }, orderBy: { cardId: 'asc' } });
    const byCard = new Map(rows.map((r) => [r.cardId, r]));
    cards.forEach((c, i) => {
      const row = byCard.get(c.id)!;
      expect(row.due.toISOString()).toBe(dues[i]!.toISOString());
      expect(row.reps).toBe(i === 1 ? 1 : 2);
      expect(row.stability).toBe(i === 1 ? 1.5 : after.stability);
    });
    expect(await db.prisma.reviewLog.count({ where: { cardId: { in: cards.map((c) => c.id) } } })).toBe(5);
    await db.prisma.card.deleteMany({ where: { id: { in: cards.map((c) => c.id) } } });
  });

  it('undoes the latest rating with the state its restore function gives', async () => {
    const undone = await db.study.undoLast('u1', now, () => ({ ...after, state: 'learning', due: new Date('2026-11-27T10:10:00.000Z') }));
    expect(undone).toMatchObject({ cardId: 'c1', rating: 3 });
    const row = await db.prisma.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: 'u1', cardId: 'c1' } } });
    expect(row).toMatchObject({ state: 'learning', version: 3 });
    expect(row.due.toISOString()).toBe('2026-11-27T10:10:00.000Z');
    expect(await db.prisma.reviewLog.count({ where: { userId: 'u1', undoneAt: { not: null } } })).toBe(1);
  });

  it('lets a Prisma transaction that reads, waits and then writes finish while a rating is submitted meanwhile', async () => {
    let rated: Promise<unknown> | undefined;
    await transaction(db.prisma, async (tx) => {
      await tx.user.count();
      rated = db.study.saveReview(write({ cardId: 'c2' }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      await tx.user.update({ where: { id: 'u1' }, data: { displayName: 'after the read' } });
    });
    expect(await rated).toEqual({ kind: 'saved', version: 1 });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: 'u1' } })).displayName).toBe('after the read');
  });

  it('opens a database that is not migrated yet: statements are prepared on first use, not on open', async () => {
    const empty = await createScratchDatabase(provider);
    try {
      const early = await openDatabase(empty.config);
      await expect(early.study.queue({ userId: 'nobody', deckIds: ['d'], since: now, now, reviewLimit: 200, newLimit: 20 })).rejects.toThrow(/CardState|ReviewLog|Card/);
      await early.close();
    } finally {
      await empty.drop();
    }
  });
});
