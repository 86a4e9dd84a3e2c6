/**
 * SQL shared by both providers, written once with `:name` parameters. SQLite (better-sqlite3) binds the names
 * directly; PostgreSQL gets positional `$n` placeholders. Identifiers are Prisma's (quoted, camelCase); both
 * dialects accept the same text for everything here (`CAST(… AS INTEGER)`, `false`, `LIMIT`, `ON CONFLICT`) except a
 * list parameter, written `IN_LIST(column, :param)` (see `inList`).
 */
export type Statement = {
  /** A stable name: PostgreSQL prepares it once per connection under this name. */
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
  /** Parameter names in `$n` order. */
  readonly params: readonly string[];
};

/**
 * `column IN (the elements of a string-array parameter)`, the one place the two dialects differ: better-sqlite3 binds
 * the array as JSON text (read with json_each), pg binds it as a PostgreSQL text[].
 */
export const inList = (column: string, param: string) => `IN_LIST(${column}, :${param})`;
const IN_LIST = /IN_LIST\(([^,]+), :(\w+)\)/g;

export function statement(name: string, text: string): Statement {
  const sql = text.replace(IN_LIST, (_, column: string, param: string) => `${column} IN (SELECT value FROM json_each(:${param}))`);
  const withArrays = text.replace(IN_LIST, (_, column: string, param: string) => `${column} = ANY(CAST(:${param} AS text[]))`);
  const params: string[] = [];
  const postgres = withArrays.replace(/(?<!:):([A-Za-z_]\w*)/g, (_, param: string) => {
    let index = params.indexOf(param);
    if (index < 0) index = params.push(param) - 1;
    return `$${index + 1}`;
  });
  return { name, sqlite: sql, postgres, params };
}

export const STATE_COLUMNS = ['cardId', 'deckId', 'state', 'due', 'stability', 'difficulty', 'scheduledDays', 'learningSteps', 'reps', 'lapses', 'lastReview', 'suspended', 'buriedUntil', 'version'] as const;

const stateColumns = (alias: string, prefix = '') => STATE_COLUMNS.map((c) => `${alias}."${c}" AS "${prefix}${c}"`).join(', ');
/** The decks in scope (:decks, a list the caller checked the user may study). */
const inDecks = (alias: string) => ` AND ${inList(`${alias}."deckId"`, 'decks')}`;

/** A state row the user may study now: not suspended, not buried, its card not retired. */
const available = () =>
  `s."userId" = :user${inDecks('s')} AND s."suspended" = false AND c."retiredAt" IS NULL AND (s."buriedUntil" IS NULL OR s."buriedUntil" <= :now)`;
const count = (from: string) => `(SELECT CAST(count(*) AS INTEGER) FROM ${from})`;
const sumWhen = (condition: string) => `CAST(COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0) AS INTEGER)`;

// Today's ratings in one scan of a covering index; cards never touched = cards in scope − the user's states of them
// (two counts, instead of probing the state table once per card).
const stateJoin = () => `"CardState" s JOIN "Card" c ON c."id" = s."cardId" WHERE ${available()}`;
const countsSql = () => `SELECT t."reviewsToday", t."introducedToday",
        ${count(`${stateJoin()} AND s."state" <> 'new' AND s."due" <= :now`)} AS "due",
        ${count(`"Card" c WHERE c."retiredAt" IS NULL${inDecks('c')}`)}
          - ${count(`"CardState" s JOIN "Card" c ON c."id" = s."cardId" WHERE s."userId" = :user${inDecks('s')} AND c."retiredAt" IS NULL`)} AS "untouched",
        ${count(`${stateJoin()} AND s."state" = 'new'`)} AS "newStates"
      FROM (SELECT ${sumWhen(`r."stateBefore" <> 'new'`)} AS "reviewsToday", ${sumWhen(`r."stateBefore" = 'new'`)} AS "introducedToday"
        FROM "ReviewLog" r WHERE r."userId" = :user AND r."reviewedAt" >= :since AND r."undoneAt" IS NULL) t`;

/** A card's columns and its note's (alias n). */
const cardColumns = (prefix: string) =>
  `c."id" AS "${prefix}id", c."deckId" AS "${prefix}deckId", c."noteId" AS "${prefix}noteId", c."ordinal" AS "${prefix}ordinal", n."slug" AS "${prefix}slug", n."content" AS "${prefix}content"`;
const candidateColumns = (prefix: string) => `${cardColumns(prefix)}, ${stateColumns('s', `${prefix}state_`)}`;
const NOTE_JOIN = `JOIN "Note" n ON n."id" = c."noteId"`;

/** The most overdue available card in learning or review. */
const firstDue = (prefix = '', onlyIf = '') =>
  `SELECT ${candidateColumns(prefix)} FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId" ${NOTE_JOIN} WHERE ${available()}
    AND s."state" <> 'new' AND s."due" <= :now${onlyIf} ORDER BY s."due" ASC LIMIT 1`;

/** The next new card in deck order: never touched (no state row), or touched but still new (an undone first rating, an expired bury), and available. */
const firstNew = (prefix = '', onlyIf = '') =>
  `SELECT ${candidateColumns(prefix)} FROM "Card" c ${NOTE_JOIN} LEFT JOIN "CardState" s ON s."userId" = :user AND s."cardId" = c."id"
    WHERE c."retiredAt" IS NULL${inDecks('c')} AND (s."cardId" IS NULL
      OR (s."state" = 'new' AND s."suspended" = false AND (s."buriedUntil" IS NULL OR s."buriedUntil" <= :now)))${onlyIf}
    ORDER BY c."deckId" ASC, c."position" ASC LIMIT 1`;

/**
 * PostgreSQL: the counts and both candidates in one statement (LATERAL, which SQLite lacks), each candidate looked
 * up only when the counts and the daily limits (:reviewLimit, :newLimit) leave room for it. One round trip instead
 * of two or three; measured here (generic plans, one connection, 3 rounds of 200): 0.67–0.76 ms against
 * 0.74–1.04 ms for a user with no cards studied, no difference for one who studied all of them.
 */
function queueInOneStatement() {
  return statement(
    'study_queue',
    `WITH counts AS (${countsSql()})
    SELECT counts.*, d.*, n.* FROM counts
      LEFT JOIN LATERAL (${firstDue('due_', ' AND counts."due" > 0 AND counts."reviewsToday" < :reviewLimit')}) d ON true
      LEFT JOIN LATERAL (${firstNew('new_', ' AND counts."untouched" + counts."newStates" > 0 AND counts."introducedToday" < :newLimit')}) n ON true`,
  );
}

export const QUEUE_IN_ONE_STATEMENT = queueInOneStatement();

export const QUEUE = {
  counts: statement('study_counts', countsSql()),
  firstDue: statement('study_first_due', firstDue()),
  firstNew: statement('study_first_new', firstNew()),
};

/** Everything a rating needs in one round trip: the card, the user's state of it, and an earlier use of the clientId. */
export const REVIEW_CONTEXT = statement(
  'study_review_context',
  `SELECT c."id" AS "cardId", c."deckId" AS "cardDeckId", ${stateColumns('s', 'state_')},
      r."id" AS "replayId", r."cardId" AS "replayCardId", r."rating" AS "replayRating", r."after" AS "replayAfter",
      (SELECT rs."version" FROM "CardState" rs WHERE rs."userId" = :user AND rs."cardId" = r."cardId") AS "replayVersion"
    FROM (SELECT 1 AS "one") x
    LEFT JOIN "Card" c ON c."id" = :card
    LEFT JOIN "CardState" s ON s."cardId" = c."id" AND s."userId" = :user
    LEFT JOIN "ReviewLog" r ON r."userId" = :user AND r."clientId" = :client`,
);

/** For the working set: all of a user's state rows, their ratings since a time, and every card. */
export const USER_STATES = statement('study_user_states', `SELECT ${stateColumns('s')} FROM "CardState" s WHERE s."userId" = :user`);
export const RATINGS_SINCE = statement(
  'study_ratings_since',
  `SELECT "reviewedAt", "stateBefore" FROM "ReviewLog" WHERE "userId" = :user AND "reviewedAt" >= :since AND "undoneAt" IS NULL`,
);
export const ALL_CARDS = statement('study_all_cards', `SELECT ${cardColumns('')}, c."position", c."retiredAt" FROM "Card" c ${NOTE_JOIN}`);
/** One card with its note. */
export const CARD = statement('study_card', `SELECT ${cardColumns('')} FROM "Card" c ${NOTE_JOIN} WHERE c."id" = :card`);

/** The memory-state columns (MemoryFields), which ratings and undo write. */
export const MEMORY_COLUMNS = ['state', 'due', 'stability', 'difficulty', 'scheduledDays', 'learningSteps', 'reps', 'lapses', 'lastReview'] as const;
const STATE_VALUES = MEMORY_COLUMNS.map((c) => `"${c}" = :${c}`).join(', ');

/** Applies a new memory state if nobody else changed the row since it was read (optimistic, by version). */
export const UPDATE_STATE = `UPDATE "CardState" SET ${STATE_VALUES}, "buriedUntil" = NULL, "version" = "version" + 1, "updatedAt" = :now
  WHERE "userId" = :user AND "cardId" = :card AND "version" = :version`;

/** The first rating of a card creates its state row; a concurrent first rating makes this insert nothing. */
export const INSERT_STATE = `INSERT INTO "CardState" ("userId", "cardId", "deckId", "state", "due", "stability", "difficulty", "scheduledDays",
    "learningSteps", "reps", "lapses", "lastReview", "suspended", "buriedUntil", "version", "updatedAt")
  VALUES (:user, :card, :deck, :state, :due, :stability, :difficulty, :scheduledDays, :learningSteps, :reps, :lapses, :lastReview, false, NULL, 1, :now)
  ON CONFLICT ("userId", "cardId") DO NOTHING`;

export const INSERT_REVIEW_COLUMNS = `"id", "userId", "cardId", "clientId", "rating", "stateBefore", "reviewedAt", "durationMs", "before", "after", "answer"`;
export const INSERT_REVIEW_VALUES = `:reviewId, :user, :card, :client, :rating, :stateBefore, :now, :durationMs, :before, :after, :answer`;

export const LAST_REVIEW = `SELECT "id", "cardId", "rating", "before" FROM "ReviewLog" WHERE "userId" = :user AND "undoneAt" IS NULL
  ORDER BY "reviewedAt" DESC, "id" DESC LIMIT 1`;

/** Puts back the state a card had before an undone rating (the version still moves forward). */
export const RESTORE_STATE = `UPDATE "CardState" SET ${STATE_VALUES}, "version" = "version" + 1, "updatedAt" = :now WHERE "userId" = :user AND "cardId" = :card`;
export const MARK_UNDONE = `UPDATE "ReviewLog" SET "undoneAt" = :now WHERE "id" = :reviewId`;
