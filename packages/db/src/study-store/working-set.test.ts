import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../client';
import { applyMigrations } from '../migrate/migrate';
import { createScratchDatabase, createTestCard, testProviders, type ScratchDatabase } from '../testing';
import type { MemoryFields, QueueQuery, ReviewWrite, StudyStore, StudyTables } from './types';
import { withWorkingSet } from './working-set';

process.env.TZ = 'Asia/Shanghai';

/** A deterministic generator (a linear congruential one), so a failure names a seed that reproduces it. */
function random(seed: number) {
  let x = seed;
  return () => (x = (x * 48271) % 2147483647) / 2147483647;
}

const HOUR = 3_600_000;
const now = new Date('2026-11-27T10:00:00.000Z');
const since = new Date('2026-11-27T00:00:00.000Z');
const DECKS = ['deck-a', 'deck-b'];

describe.each(testProviders())('the study working set on %s', (provider) => {
  let scratch: ScratchDatabase;
  /** The database as the statements read it, and the same database through the working set. */
  let sql: Database;
  let memory: Database;
  const cards: { id: string; deckId: string; retired: boolean }[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase(provider);
    await applyMigrations(scratch.config);
    sql = await openDatabase(scratch.config);
    memory = await openDatabase(scratch.config, { studyWorkingSet: true });
    for (const deckId of DECKS) {
      await sql.prisma.deck.create({ data: { id: deckId, title: { en: deckId, zh: deckId }, description: { en: '', zh: '' } } });
      for (let i = 0; i < 10; i++) {
        // Positions out of creation order, and every fourth card retired.
        const card = { id: `${deckId}-${i}`, deckId, retired: i % 4 === 3 };
        cards.push(card);
        await createTestCard(sql.prisma, { id: card.id, deckId, slug: card.id, position: (i * 7) % 10, content: { n: i }, retiredAt: card.retired ? now : null });
      }
    }
  });
  afterAll(async () => {
    await memory?.close();
    await sql?.close();
    await scratch?.drop();
  });

  /** A user with generated states and ratings: every state, suspended, buried (expired or not), retired cards. */
  async function generatedUser(seed: number) {
    const next = random(seed);
    const userId = `user-${seed}`;
    await sql.prisma.user.create({ data: { id: userId, role: 'student' } });
    const states = ['new', 'learning', 'review', 'relearning'];
    let offset = 0;
    for (const card of cards) {
      if (next() < 0.35) continue;
      // Distinct due times (ties may be ordered either way), spread around `now`.
      offset += 1 + Math.floor(next() * 5);
      const buried = next();
      await sql.prisma.cardState.create({
        data: {
          userId,
          cardId: card.id,
          deckId: card.deckId,
          state: states[Math.floor(next() * states.length)]!,
          due: new Date(now.getTime() + (offset - 40) * HOUR + Math.floor(next() * 1000)),
          stability: next() * 10,
          difficulty: 1 + next() * 9,
          reps: Math.floor(next() * 5),
          suspended: next() < 0.15,
          // Buried past `now`, until exactly `now` (available again), or until earlier.
          buriedUntil: buried < 0.1 ? new Date(now.getTime() + HOUR) : buried < 0.15 ? now : buried < 0.2 ? new Date(now.getTime() - HOUR) : null,
          version: 1 + Math.floor(next() * 3),
        },
      });
    }
    const ratings = Math.floor(next() * 12);
    for (let i = 0; i < ratings; i++) {
      const card = cards[Math.floor(next() * cards.length)]!;
      await sql.prisma.reviewLog.create({
        data: {
          userId,
          cardId: card.id,
          clientId: `${userId}-${i}`,
          rating: 3,
          stateBefore: next() < 0.5 ? 'new' : 'review',
          // Some yesterday, some today; some undone.
          reviewedAt: new Date(since.getTime() + (next() - 0.3) * 20 * HOUR),
          durationMs: 1000,
          before: {},
          after: {},
          undoneAt: next() < 0.2 ? now : null,
        },
      });
    }
    return userId;
  }

  const queries = (userId: string): QueueQuery[] =>
    // Every deck, each one, two in reverse order (new cards still come by deck id), none, and one with no cards.
    [[...DECKS], ...DECKS.map((deck) => [deck]), [...DECKS].reverse().slice(0, 2), [], ['no-such-deck']].flatMap((deckIds) =>
      // Today, and tomorrow (a later start of the day: yesterday's ratings no longer count).
      [
        { since, now },
        { since: new Date(since.getTime() + 24 * HOUR), now: new Date(now.getTime() + 30 * HOUR) },
      ].flatMap((day) => [
        { userId, deckIds, ...day, reviewLimit: 200, newLimit: 20 },
        { userId, deckIds, ...day, reviewLimit: 2, newLimit: 2 },
      ]),
    );

  async function expectSameQueues(userId: string) {
    for (const query of queries(userId)) {
      const [fromMemory, fromSql] = await Promise.all([memory.study.queue(query), sql.study.queue(query)]);
      expect({ query, queue: fromMemory }).toEqual({ query, queue: fromSql });
    }
  }

  it('picks the same next card and counts as the database statements, for generated users', async () => {
    for (let seed = 1; seed <= 25; seed++) await expectSameQueues(await generatedUser(seed));
  }, 120_000); // 25 generated users, dozens of statements each: 2 s on a quiet machine, over 30 s on a loaded one

  const after: MemoryFields = { state: 'review', due: new Date(now.getTime() + 48 * HOUR), stability: 4, difficulty: 5, scheduledDays: 2, learningSteps: 0, reps: 1, lapses: 0, lastReview: now };
  const write = (userId: string, cardId: string, version: number, over: Partial<ReviewWrite> = {}): ReviewWrite => ({
    reviewId: crypto.randomUUID(),
    userId,
    cardId,
    deckId: cardId.slice(0, 'deck-a'.length),
    clientId: crypto.randomUUID(),
    rating: 3,
    durationMs: 800,
    now,
    version,
    stateBefore: version === 0 ? 'new' : 'review',
    after,
    beforeJson: {},
    afterJson: {},
    answerJson: null,
    ...over,
  });

  it('stays equal to the database through ratings, refused ratings, undo and writes it is told about', async () => {
    const userId = await generatedUser(101);
    await expectSameQueues(userId);
    const versionOf = async (cardId: string) => (await sql.study.reviewContext(userId, cardId, 'none')).state?.version ?? 0;

    // A first rating and a later one, read from memory.
    const context = await memory.study.reviewContext(userId, 'deck-a-0', 'c1');
    expect(context.replay).toBe('unchecked');
    expect(context.state?.version ?? 0).toBe(await versionOf('deck-a-0'));
    expect((await memory.study.saveReview(write(userId, 'deck-a-0', context.state?.version ?? 0))).kind).toBe('saved');
    expect((await memory.study.saveReview(write(userId, 'deck-b-1', await versionOf('deck-b-1')))).kind).toBe('saved');
    await expectSameQueues(userId);

    // A reused clientId: nothing changes, and the replay is read from the database.
    const reused = (await sql.prisma.reviewLog.findFirstOrThrow({ where: { userId, undoneAt: null } })).clientId;
    expect(await memory.study.saveReview(write(userId, 'deck-a-2', await versionOf('deck-a-2'), { clientId: reused }))).toEqual({ kind: 'duplicate' });
    expect(await memory.study.findReplay(userId, reused)).not.toBeNull();
    await expectSameQueues(userId);

    // A write it never heard of (another process), which changes the queue: the stale version is refused, and the
    // user is read again.
    const stale = await versionOf('deck-a-0');
    await sql.prisma.cardState.update({ where: { userId_cardId: { userId, cardId: 'deck-a-0' } }, data: { due: new Date(now.getTime() - 1000), version: { increment: 1 } } });
    expect(await memory.study.saveReview(write(userId, 'deck-a-0', stale))).toEqual({ kind: 'conflict' });
    await expectSameQueues(userId);

    // A write it is told about.
    await sql.prisma.cardState.updateMany({ where: { userId }, data: { buriedUntil: new Date(now.getTime() + HOUR) } });
    memory.study.forgetUser(userId);
    await expectSameQueues(userId);
    await sql.prisma.cardState.updateMany({ where: { userId }, data: { buriedUntil: null } });
    memory.study.forgetUser(userId);

    // Undo through it.
    const undone = await memory.study.undoLast(userId, now, () => ({ ...after, state: 'learning' }));
    expect(undone).not.toBeNull();
    await expectSameQueues(userId);

    // A card retired by deck sync.
    await sql.prisma.card.update({ where: { id: 'deck-b-1' }, data: { retiredAt: now } });
    memory.study.forgetCards();
    await expectSameQueues(userId);
  });

  /** The working set over a database call that, once done, waits for `release` before it answers. */
  function heldBack<K extends 'userStates' | 'saveReview'>(call: K) {
    const base = sql.study as StudyStore & StudyTables;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = async (...args: Parameters<(StudyStore & StudyTables)[K]>) => {
      const result = await (base[call] as (...a: typeof args) => Promise<unknown>)(...args);
      await held;
      return result;
    };
    return { base, study: withWorkingSet({ ...base, [call]: slow }), release };
  }

  it('does not keep a user read while their state was written through Prisma and it was told', async () => {
    const userId = await generatedUser(202);
    // The read of the user's states returns only after the write below.
    const { base, study, release } = heldBack('userStates');
    const loading = study.queue(queries(userId)[0]!);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sql.prisma.cardState.updateMany({ where: { userId }, data: { suspended: true } });
    study.forgetUser(userId);
    release();
    await loading;
    for (const query of queries(userId)) expect(await study.queue(query)).toEqual(await base.queue(query));
  });

  it('applies a rating once when the user is read while the rating is being written', async () => {
    const userId = await generatedUser(303);
    // The rating commits, then its answer is held back while the user is read (and sees the rating).
    const { base, study, release } = heldBack('saveReview');
    const version = (await base.reviewContext(userId, 'deck-b-2', 'none')).state?.version ?? 0;
    const saving = study.saveReview(write(userId, 'deck-b-2', version));
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const query of queries(userId)) expect(await study.queue(query)).toEqual(await base.queue(query));
    release();
    expect((await saving).kind).toBe('saved');
    for (const query of queries(userId)) expect(await study.queue(query)).toEqual(await base.queue(query));
  });
});
