import Sqlite from 'better-sqlite3';
import { candidate, cardRecord, catalogCard, ratingRecord, reviewContext, stateRecord, type Decoder, type Row } from './rows';
import { ALL_CARDS, CARD, INSERT_REVIEW_COLUMNS, INSERT_REVIEW_VALUES, INSERT_STATE, LAST_REVIEW, MARK_UNDONE, QUEUE, RATINGS_SINCE, RESTORE_STATE, REVIEW_CONTEXT, UPDATE_STATE, USER_STATES } from './statements';
import type { MemoryFields, QueueCounts, QueueQuery, ReviewWrite, ReviewWriteResult, StudyStore, StudyTables } from './types';
import type { WriteGate } from './write-gate';
import { startCheckpointer } from './checkpointer';
import { groupCommit } from './group-commit';

// Prisma's adapter stores DateTime as integer milliseconds (timestampFormat 'unixepoch-ms'), Boolean as 0/1, Json as text.
const decode: Decoder = {
  date: (v) => new Date(v as number),
  bool: (v) => v === 1,
  json: (v) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v),
};
const ms = (d: Date | null) => (d === null ? null : d.getTime());

const memoryParams = (f: MemoryFields) => ({ ...f, due: f.due.getTime(), lastReview: ms(f.lastReview) });

/**
 * The study store on its own better-sqlite3 connection to the database file (WAL: its reads never wait for
 * Prisma's). Statements are prepared once, on first use (so opening a database that is not migrated yet works).
 * Writes are synchronous transactions that go through the write gate; a worker thread checkpoints (checkpointer.ts).
 */
export function openSqliteStudyStore(file: string, gate: WriteGate): StudyStore & StudyTables {
  const db = new Sqlite(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  const checkpointer = startCheckpointer(file);
  const prepare = (sql: string) => {
    let prepared: Sqlite.Statement | undefined;
    return () => (prepared ??= db.prepare(sql));
  };
  const queue = { counts: prepare(QUEUE.counts.sqlite), firstDue: prepare(QUEUE.firstDue.sqlite), firstNew: prepare(QUEUE.firstNew.sqlite) };
  const context = prepare(REVIEW_CONTEXT.sqlite);
  const updateState = prepare(UPDATE_STATE);
  const insertState = prepare(INSERT_STATE);
  const insertReview = prepare(`INSERT INTO "ReviewLog" (${INSERT_REVIEW_COLUMNS}) VALUES (${INSERT_REVIEW_VALUES})`);
  const lastReview = prepare(LAST_REVIEW);
  const restoreState = prepare(RESTORE_STATE);
  const markUndone = prepare(MARK_UNDONE);
  const userStates = prepare(USER_STATES.sqlite);
  const ratingsSince = prepare(RATINGS_SINCE.sqlite);
  const allCards = prepare(ALL_CARDS.sqlite);
  const oneCard = prepare(CARD.sqlite);

  // better-sqlite3 ignores names a statement does not use; a list is bound as JSON text (json_each reads it).
  const bind = (q: QueueQuery) => ({ user: q.userId, decks: JSON.stringify(q.deckIds), since: q.since.getTime(), now: q.now.getTime() });

  /** One rating; inside the batch's transaction it runs in a savepoint, so a duplicate clientId undoes only itself. */
  const applyOne = db.transaction((w: ReviewWrite): ReviewWriteResult => {
    const state = { user: w.userId, card: w.cardId, now: w.now.getTime(), ...memoryParams(w.after) };
    const changed = w.version === 0 ? insertState().run({ ...state, deck: w.deckId }).changes : updateState().run({ ...state, version: w.version }).changes;
    if (changed === 0) return { kind: 'conflict' };
    insertReview().run({
      reviewId: w.reviewId,
      user: w.userId,
      card: w.cardId,
      client: w.clientId,
      rating: w.rating,
      stateBefore: w.stateBefore,
      now: w.now.getTime(),
      durationMs: w.durationMs,
      before: JSON.stringify(w.beforeJson),
      after: JSON.stringify(w.afterJson),
      answer: w.answerJson === null ? null : JSON.stringify(w.answerJson),
    });
    return { kind: 'saved', version: w.version + 1 };
  });
  const applyBatch = db.transaction((writes: ReviewWrite[]): ReviewWriteResult[] =>
    writes.map((w) => {
      try {
        return applyOne(w);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return { kind: 'duplicate' };
        throw error;
      }
    }),
  );

  /**
   * Group commit: the ratings that arrive while a batch waits its turn at the write gate or is written (or in the
   * same turn of the event loop) are written in one transaction, a savepoint each. Each caller is answered only
   * after the commit that holds its rating.
   */
  const save = groupCommit((writes: ReviewWrite[]) => gate.run(() => applyBatch.immediate(writes)), { maxBatch: 256 });

  return {
    async queue(q) {
      const statements = queue;
      const params = bind(q);
      const counts = statements.counts().get(params) as QueueCounts;
      const dueRoom = counts.due > 0 && counts.reviewsToday < q.reviewLimit;
      const newRoom = counts.untouched + counts.newStates > 0 && counts.introducedToday < q.newLimit;
      return {
        counts,
        firstDue: dueRoom ? candidate(statements.firstDue().get(params) as Row | undefined, decode) : null,
        firstNew: newRoom ? candidate(statements.firstNew().get(params) as Row | undefined, decode) : null,
      };
    },
    async reviewContext(userId, cardId, clientId) {
      return reviewContext(context().get({ user: userId, card: cardId, client: clientId }) as Row, decode);
    },
    async findReplay(userId, clientId) {
      return reviewContext(context().get({ user: userId, card: '', client: clientId }) as Row, decode).replay;
    },
    async card(cardId) {
      const row = oneCard().get({ card: cardId }) as Row | undefined;
      return row ? cardRecord(row, decode) : null;
    },
    saveReview: save,
    undoLast(userId, now, restore) {
      const undo = db.transaction(() => {
        const last = lastReview().get({ user: userId }) as Row | undefined;
        if (!last) return null;
        restoreState().run({ user: userId, card: last.cardId, now: now.getTime(), ...memoryParams(restore(decode.json(last.before))) });
        markUndone().run({ reviewId: last.id, now: now.getTime() });
        return { reviewId: last.id as string, cardId: last.cardId as string, rating: last.rating as number };
      });
      return gate.run(() => undo.immediate());
    },
    forgetUser() {
      // Nothing is kept in memory.
    },
    forgetCards() {
      // Nothing is kept in memory.
    },
    async userStates(userId) {
      return (userStates().all({ user: userId }) as Row[]).map((row) => stateRecord(row, '', decode));
    },
    async ratingsSince(userId, since) {
      return (ratingsSince().all({ user: userId, since: since.getTime() }) as Row[]).map((row) => ratingRecord(row, decode));
    },
    async cards() {
      return (allCards().all() as Row[]).map((row) => catalogCard(row, decode));
    },
    async close() {
      await checkpointer.stop();
      db.close();
    },
  };
}
