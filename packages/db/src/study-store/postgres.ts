import pg from 'pg';
import { candidate, cardRecord, catalogCard, ratingRecord, reviewContext, stateRecord, type Decoder, type Row } from './rows';
import { ALL_CARDS, CARD, INSERT_REVIEW_COLUMNS, INSERT_STATE, LAST_REVIEW, MARK_UNDONE, QUEUE_IN_ONE_STATEMENT, RATINGS_SINCE, RESTORE_STATE, REVIEW_CONTEXT, statement, UPDATE_STATE, MEMORY_COLUMNS, USER_STATES, type Statement } from './statements';
import { groupCommit } from './group-commit';
import type { MemoryFields, QueueCounts, QueueQuery, ReviewWrite, ReviewWriteResult, StudyStore, StudyTables } from './types';


const TIMESTAMP_OID = 1114;
/**
 * Prisma's DateTime is `timestamp(3)` (without time zone) holding UTC. pg would read it as local time; we read it
 * as UTC. Parameters go in as ISO strings, whose zone PostgreSQL ignores for this type, so they land as UTC too.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

// pg parses jsonb and booleans itself, and timestamps with the parser above.
const decode: Decoder = { date: (v) => v as Date, bool: (v) => v as boolean, json: (v) => v };

const memoryParams = (f: MemoryFields) => ({ ...f, due: iso(f.due), lastReview: iso(f.lastReview) });

/**
 * A rating in one statement: the version-checked update (or the first insert) of the state row and the log entry
 * are data-modifying CTEs of one statement, so they commit together or not at all (a duplicate clientId aborts
 * both), and it costs one round trip.
 */
// In INSERT … SELECT the target columns do not type the parameters, so the non-text ones are cast.
const REVIEW_VALUES = `:reviewId, :user, :card, :client, CAST(:rating AS INTEGER), :stateBefore, CAST(:now AS TIMESTAMP(3)), CAST(:durationMs AS INTEGER),
  CAST(:before AS JSONB), CAST(:after AS JSONB), CAST(:answer AS JSONB)`;
const reviewWrite = (stateChange: string, name: string) =>
  statement(
    name,
    `WITH changed AS (${stateChange} RETURNING "version"),
      logged AS (INSERT INTO "ReviewLog" (${INSERT_REVIEW_COLUMNS}) SELECT ${REVIEW_VALUES} FROM changed RETURNING "id")
    SELECT (SELECT "version" FROM changed) AS "version", (SELECT "id" FROM logged) AS "reviewId"`,
  );
const SAVE_UPDATE = reviewWrite(UPDATE_STATE, 'study_save_update');
const SAVE_INSERT = reviewWrite(INSERT_STATE, 'study_save_insert');
const LAST_REVIEW_FOR_UPDATE = statement('study_last_review', `${LAST_REVIEW} FOR UPDATE`);
const RESTORE = statement('study_restore_state', RESTORE_STATE);
const UNDONE = statement('study_mark_undone', MARK_UNDONE);

const UNIQUE_VIOLATION = '23505';

/**
 * Several ratings in one statement: each input row (arrays, one element per rating) is a version-checked update or
 * a first insert of its state row, and gets its log entry only if that state change happened. At most one rating
 * per (user, card) in a batch (the caller holds the others back), so every state row is changed at most once.
 * A reused clientId aborts the whole statement; the caller then writes that batch one rating at a time.
 */
const BATCH_COLUMNS = [
  ['reviewId', 'TEXT'],
  ['user', 'TEXT'],
  ['card', 'TEXT'],
  ['deck', 'TEXT'],
  ['client', 'TEXT'],
  ['rating', 'INTEGER'],
  ['stateBefore', 'TEXT'],
  ['now', 'TIMESTAMP(3)'],
  ['durationMs', 'INTEGER'],
  ['before', 'JSONB'],
  ['after', 'JSONB'],
  ['answer', 'JSONB'],
  ['version', 'INTEGER'],
  ['state', 'TEXT'],
  ['due', 'TIMESTAMP(3)'],
  ['stability', 'DOUBLE PRECISION'],
  ['difficulty', 'DOUBLE PRECISION'],
  ['scheduledDays', 'INTEGER'],
  ['learningSteps', 'INTEGER'],
  ['reps', 'INTEGER'],
  ['lapses', 'INTEGER'],
  ['lastReview', 'TIMESTAMP(3)'],
] as const;
const quoted = (columns: readonly string[], alias = '') => columns.map((c) => `${alias}"${c}"`).join(', ');
const SAVE_BATCH = statement(
  'study_save_batch',
  `WITH input AS (
    SELECT * FROM unnest(${BATCH_COLUMNS.map(([c, type]) => `CAST(:${c} AS ${type}[])`).join(', ')}) AS i(${quoted(BATCH_COLUMNS.map(([c]) => c))})
  ),
  updated AS (
    UPDATE "CardState" s SET ${MEMORY_COLUMNS.map((c) => `"${c}" = i."${c}"`).join(', ')}, "buriedUntil" = NULL, "version" = s."version" + 1, "updatedAt" = i."now"
    FROM input i WHERE i."version" > 0 AND s."userId" = i."user" AND s."cardId" = i."card" AND s."version" = i."version"
    RETURNING s."userId", s."cardId", s."version"
  ),
  inserted AS (
    INSERT INTO "CardState" ("userId", "cardId", "deckId", ${quoted(MEMORY_COLUMNS)}, "suspended", "buriedUntil", "version", "updatedAt")
    SELECT i."user", i."card", i."deck", ${quoted(MEMORY_COLUMNS, 'i.')}, false, NULL, 1, i."now" FROM input i WHERE i."version" = 0
    ON CONFLICT ("userId", "cardId") DO NOTHING
    RETURNING "userId", "cardId", "version"
  ),
  changed AS (SELECT * FROM updated UNION ALL SELECT * FROM inserted),
  logged AS (
    INSERT INTO "ReviewLog" (${INSERT_REVIEW_COLUMNS})
    SELECT i."reviewId", i."user", i."card", i."client", i."rating", i."stateBefore", i."now", i."durationMs", i."before", i."after", i."answer"
    FROM input i JOIN changed c ON c."userId" = i."user" AND c."cardId" = i."card"
  )
  SELECT i."reviewId", c."version" FROM input i LEFT JOIN changed c ON c."userId" = i."user" AND c."cardId" = i."card"`,
);

/** A rating's parameters, by the names of the single statements and of the batch's columns (field by field: built with spreads it cost the rating route ~5% here). */
const writeParams = (w: ReviewWrite) => ({
  state: w.after.state,
  due: iso(w.after.due),
  stability: w.after.stability,
  difficulty: w.after.difficulty,
  scheduledDays: w.after.scheduledDays,
  learningSteps: w.after.learningSteps,
  reps: w.after.reps,
  lapses: w.after.lapses,
  lastReview: iso(w.after.lastReview),
  reviewId: w.reviewId,
  user: w.userId,
  card: w.cardId,
  deck: w.deckId,
  client: w.clientId,
  rating: w.rating,
  stateBefore: w.stateBefore,
  now: iso(w.now),
  durationMs: w.durationMs,
  before: JSON.stringify(w.beforeJson),
  after: JSON.stringify(w.afterJson),
  answer: w.answerJson === null ? null : JSON.stringify(w.answerJson),
  version: w.version,
});

/** The batch's parameters: one array per column. */
function batchParams(writes: ReviewWrite[]): Record<string, unknown[]> {
  const rows = writes.map(writeParams);
  return Object.fromEntries(BATCH_COLUMNS.map(([c]) => [c, rows.map((row) => row[c])]));
}

/** The study store on its own small pg pool; every statement is a named prepared statement. */
export function openPostgresStudyStore(url: string): StudyStore & StudyTables {
  // Generic plans: these statements are small OLTP lookups whose best plan does not depend on the values, and the
  // default (re-planning each execution while custom plans look cheaper) cost up to 0.3 ms per statement here.
  const pool = new pg.Pool({ connectionString: url, max: 8, types, options: '-c plan_cache_mode=force_generic_plan' });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);

  const run = async (client: pg.Pool | pg.PoolClient, s: Statement, params: Record<string, unknown>): Promise<Row[]> => {
    const values = s.params.map((p) => {
      if (!(p in params)) throw new Error(`statement ${s.name}: no value for :${p}`);
      return params[p];
    });
    return (await client.query({ name: s.name, text: s.postgres, values })).rows as Row[];
  };
  const bind = (q: QueueQuery) => ({ user: q.userId, decks: q.deckIds, since: iso(q.since), now: iso(q.now) });

  async function saveOne(w: ReviewWrite): Promise<ReviewWriteResult> {
    try {
      const row = (await run(pool, w.version === 0 ? SAVE_INSERT : SAVE_UPDATE, writeParams(w)))[0]!;
      return row.reviewId === null ? { kind: 'conflict' } : { kind: 'saved', version: row.version as number };
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return { kind: 'duplicate' };
      throw error;
    }
  }

  async function saveBatch(writes: ReviewWrite[]): Promise<ReviewWriteResult[]> {
    if (writes.length === 1) return [await saveOne(writes[0]!)];
    try {
      const rows = await run(pool, SAVE_BATCH, batchParams(writes));
      const versions = new Map(rows.map((row) => [row.reviewId as string, row.version as number | null]));
      return writes.map((w) => {
        const version = versions.get(w.reviewId);
        return version === null || version === undefined ? { kind: 'conflict' } : { kind: 'saved', version };
      });
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      // A reused clientId in the batch (a retry): nothing of the batch was written; one at a time finds which.
      return Promise.all(writes.map(saveOne));
    }
  }

  /**
   * Group commit, as on SQLite: the ratings that arrive while one batch statement is being written form the next
   * (at most 256). A second rating of the same card waits for the next batch, where its version check decides.
   */
  const save = groupCommit(saveBatch, { maxBatch: 256, key: (w) => `${w.userId}\u0000${w.cardId}` });

  return {
    async queue(q) {
      const row = (await run(pool, QUEUE_IN_ONE_STATEMENT, { ...bind(q), reviewLimit: q.reviewLimit, newLimit: q.newLimit }))[0]!;
      const { reviewsToday, introducedToday, due, untouched, newStates } = row as QueueCounts;
      return { counts: { reviewsToday, introducedToday, due, untouched, newStates }, firstDue: candidate(row, decode, 'due_'), firstNew: candidate(row, decode, 'new_') };
    },
    async reviewContext(userId, cardId, clientId) {
      return reviewContext((await run(pool, REVIEW_CONTEXT, { user: userId, card: cardId, client: clientId }))[0]!, decode);
    },
    async findReplay(userId, clientId) {
      return reviewContext((await run(pool, REVIEW_CONTEXT, { user: userId, card: '', client: clientId }))[0]!, decode).replay;
    },
    async card(cardId) {
      const row = (await run(pool, CARD, { card: cardId }))[0];
      return row ? cardRecord(row, decode) : null;
    },
    saveReview: save,
    async undoLast(userId, now, restore) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const last = (await run(client, LAST_REVIEW_FOR_UPDATE, { user: userId }))[0];
        if (!last) {
          await client.query('COMMIT');
          return null;
        }
        await run(client, RESTORE, { user: userId, card: last.cardId, now: iso(now), ...memoryParams(restore(last.before)) });
        await run(client, UNDONE, { reviewId: last.id, now: iso(now) });
        await client.query('COMMIT');
        return { reviewId: last.id as string, cardId: last.cardId as string, rating: last.rating as number };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    forgetUser() {
      // Nothing is kept in memory.
    },
    forgetCards() {
      // Nothing is kept in memory.
    },
    async userStates(userId) {
      return (await run(pool, USER_STATES, { user: userId })).map((row) => stateRecord(row, '', decode));
    },
    async ratingsSince(userId, since) {
      return (await run(pool, RATINGS_SINCE, { user: userId, since: iso(since) })).map((row) => ratingRecord(row, decode));
    },
    async cards() {
      return (await run(pool, ALL_CARDS, {})).map((row) => catalogCard(row, decode));
    },
    async close() {
      await pool.end();
    },
  };
}
