import pg from 'pg';
import { candidate, catalogCard, ratingRecord, reviewContext, stateRecord, type Decoder, type Row } from './rows';
import { ALL_CARDS, INSERT_REVIEW_COLUMNS, INSERT_STATE, LAST_REVIEW, MARK_UNDONE, QUEUE_IN_ONE_STATEMENT, RATINGS_SINCE, RESTORE_STATE, REVIEW_CONTEXT, statement, UPDATE_STATE, USER_STATES, type Statement } from './statements';
import type { MemoryFields, QueueCounts, QueueQuery, StudyStore, StudyTables } from './types';


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
  CAST(:before AS JSONB), CAST(:after AS JSONB)`;
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
  const bind = (q: QueueQuery) => ({ user: q.userId, deck: q.deckId, since: iso(q.since), now: iso(q.now) });

  return {
    async queue(q) {
      const row = (await run(pool, QUEUE_IN_ONE_STATEMENT[q.deckId === null ? 'all' : 'deck'], { ...bind(q), reviewLimit: q.reviewLimit, newLimit: q.newLimit }))[0]!;
      const { reviewsToday, introducedToday, due, untouched, newStates } = row as QueueCounts;
      return { counts: { reviewsToday, introducedToday, due, untouched, newStates }, firstDue: candidate(row, decode, 'due_'), firstNew: candidate(row, decode, 'new_') };
    },
    async reviewContext(userId, cardId, clientId) {
      return reviewContext((await run(pool, REVIEW_CONTEXT, { user: userId, card: cardId, client: clientId }))[0]!, decode);
    },
    async findReplay(userId, clientId) {
      return reviewContext((await run(pool, REVIEW_CONTEXT, { user: userId, card: '', client: clientId }))[0]!, decode).replay;
    },
    async saveReview(w) {
      const params = {
        ...memoryParams(w.after),
        user: w.userId,
        card: w.cardId,
        deck: w.deckId,
        version: w.version,
        now: iso(w.now),
        reviewId: w.reviewId,
        client: w.clientId,
        rating: w.rating,
        stateBefore: w.stateBefore,
        durationMs: w.durationMs,
        before: JSON.stringify(w.beforeJson),
        after: JSON.stringify(w.afterJson),
      };
      try {
        const row = (await run(pool, w.version === 0 ? SAVE_INSERT : SAVE_UPDATE, params))[0]!;
        return row.reviewId === null ? { kind: 'conflict' } : { kind: 'saved', version: row.version as number };
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) return { kind: 'duplicate' };
        throw error;
      }
    },
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
