import type { CardRecord, CatalogCard, Queue, QueueQuery, ReviewContext, StateRecord, StudyCandidate, StudyStore, StudyTables } from './types';

/** How much the working set holds and for how long (ARCHITECTURE.md, "The study working set"). */
const LIMITS = {
  /** Users whose study state is kept; the least recently used one is dropped beyond this. */
  users: 5_000,
  /** A user's state and the card catalog are read again from the database after this long, whatever happened. */
  maxAgeMs: 60_000,
};

type UserSet = {
  states: Map<string, StateRecord>;
  /** Ratings still in effect at or after `since` (ms): what the daily limits count. */
  since: number;
  ratings: { at: number; introduced: boolean }[];
  loadedAt: number;
};

type Catalog = {
  byId: Map<string, CatalogCard>;
  /** Each deck's cards that are not retired, in the order new cards are introduced (by position). */
  activeByDeck: Map<string, CatalogCard[]>;
  loadedAt: number;
};

/**
 * A load in flight. A write for its user (or to the cards) at any time while it runs makes its result unfit to keep:
 * it may or may not contain that write, and a saved rating is applied to memory when it returns.
 */
type Load<T> = { promise: Promise<T>; stale: boolean };

/**
 * The study store with the state it reads kept in this process: the card catalog, and for each recently active
 * user their card states and today's ratings. Picking the next card is then computed in memory — no database round
 * trip, which on PostgreSQL cost ~0.6 ms of CPU per request here — and a rating reads its card's state from memory
 * and makes one write.
 *
 * It stays true because every write of study state goes through it or tells it: ratings and undo pass through
 * (a saved rating updates memory, a conflict or an undo drops the user), and the services that write CardState
 * through Prisma (bury, suspend, the interview plan) call `forgetUser`; deck sync calls `forgetCards`. A write it
 * never heard of — another process on the same database — is caught by the rating's version check (409, and the
 * user is read again) and otherwise seen within `maxAgeMs`. One API process per database, as compose runs it.
 */
export function withWorkingSet(store: StudyStore & StudyTables): StudyStore {
  const users = new Map<string, UserSet>();
  const userLoads = new Map<string, Load<UserSet> & { since: number }>();
  /** Ratings being written, per user. */
  const writing = new Map<string, number>();
  let catalog: Catalog | null = null;
  let catalogLoad: Load<Catalog> | null = null;

  const fresh = (loadedAt: number) => Date.now() - loadedAt < LIMITS.maxAgeMs;

  async function cards(): Promise<Catalog | null> {
    if (catalog && fresh(catalog.loadedAt)) return catalog;
    const load = (catalogLoad ??= { promise: store.cards().then(toCatalog), stale: false });
    try {
      const loaded = await load.promise;
      if (load.stale) return null;
      catalog = loaded;
      return loaded;
    } finally {
      if (catalogLoad === load) catalogLoad = null;
    }
  }

  async function userSet(userId: string, since: Date): Promise<UserSet | null> {
    const cached = users.get(userId);
    if (cached && fresh(cached.loadedAt) && cached.since <= since.getTime()) {
      // Most recently used last: the first entry is the one to drop.
      users.delete(userId);
      users.set(userId, cached);
      return cached;
    }
    let load = userLoads.get(userId);
    if (!load || load.since > since.getTime()) {
      const started = Date.now();
      const promise = Promise.all([store.userStates(userId), store.ratingsSince(userId, since)]).then(
        ([states, ratings]): UserSet => ({
          states: new Map(states.map((s) => [s.cardId, s])),
          since: since.getTime(),
          ratings: ratings.map((r) => ({ at: r.reviewedAt.getTime(), introduced: r.stateBefore === 'new' })),
          loadedAt: started,
        }),
      );
      load = { promise, stale: writing.has(userId), since: since.getTime() };
      userLoads.set(userId, load);
    }
    try {
      const loaded = await load.promise;
      if (load.stale) return null;
      users.delete(userId);
      if (users.size >= LIMITS.users) users.delete(users.keys().next().value!);
      users.set(userId, loaded);
      return loaded;
    } finally {
      if (userLoads.get(userId) === load) userLoads.delete(userId);
    }
  }

  function forgetUser(userId: string) {
    users.delete(userId);
    const load = userLoads.get(userId);
    if (load) load.stale = true;
  }

  return {
    async queue(q) {
      const [known, set] = await Promise.all([cards(), userSet(q.userId, q.since)]);
      // A write landed while loading: answer this one from the database.
      if (!known || !set) return store.queue(q);
      return queueOf(known, set, q);
    },
    async reviewContext(userId, cardId, clientId): Promise<ReviewContext> {
      const card = catalog?.byId.get(cardId);
      const set = users.get(userId);
      // Cold user, or a card created since the catalog was read: ask the database.
      if (!card || !set || !fresh(set.loadedAt)) return store.reviewContext(userId, cardId, clientId);
      return { card: { id: card.id, deckId: card.deckId }, state: set.states.get(cardId) ?? null, replay: 'unchecked' };
    },
    findReplay: (userId, clientId) => store.findReplay(userId, clientId),
    async card(cardId) {
      const known = (await cards())?.byId.get(cardId);
      // A card created since the catalog was read: ask the database.
      return known ? cardRecord(known) : store.card(cardId);
    },
    async saveReview(w) {
      const staleLoad = () => {
        const load = userLoads.get(w.userId);
        if (load) load.stale = true;
      };
      staleLoad();
      writing.set(w.userId, (writing.get(w.userId) ?? 0) + 1);
      let result;
      try {
        result = await store.saveReview(w);
      } finally {
        const left = writing.get(w.userId)! - 1;
        if (left === 0) writing.delete(w.userId);
        else writing.set(w.userId, left);
        staleLoad();
      }
      // Loaded before this write began (a load overlapping it is never kept): apply the write once.
      const set = users.get(w.userId);
      if (!set) return result;
      if (result.kind === 'saved') {
        const before = set.states.get(w.cardId);
        set.states.set(w.cardId, { cardId: w.cardId, deckId: before?.deckId ?? w.deckId, ...w.after, suspended: before?.suspended ?? false, buriedUntil: null, version: result.version });
        set.ratings.push({ at: w.now.getTime(), introduced: w.stateBefore === 'new' });
      } else if (result.kind === 'conflict') {
        // The memory was behind the database (or another rating won): read the user again.
        forgetUser(w.userId);
      }
      return result;
    },
    async undoLast(userId, now, restore) {
      try {
        return await store.undoLast(userId, now, restore);
      } finally {
        forgetUser(userId);
      }
    },
    forgetUser,
    forgetCards() {
      catalog = null;
      if (catalogLoad) catalogLoad.stale = true;
    },
    close: () => store.close(),
  };
}

function toCatalog(cards: CatalogCard[]): Catalog {
  const active = cards.filter((c) => !c.retired).sort((a, b) => byCodeUnit(a.deckId, b.deckId) || a.position - b.position);
  const activeByDeck = new Map<string, CatalogCard[]>();
  for (const card of active) {
    let deck = activeByDeck.get(card.deckId);
    if (!deck) activeByDeck.set(card.deckId, (deck = []));
    deck.push(card);
  }
  // A note's cards share one content object.
  const contents = new Map<string, unknown>();
  for (const card of cards) {
    const shared = contents.get(card.noteId);
    if (shared === undefined) {
      deepFreeze(card.content);
      contents.set(card.noteId, card.content);
    } else card.content = shared;
  }
  return { byId: new Map(cards.map((c) => [c.id, c])), activeByDeck, loadedAt: Date.now() };
}

/** Code-unit order of deck ids, as SQLite compares them (and PostgreSQL under the C collation). */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Card content is shared by every user's queue: nobody may change it in place. */
function deepFreeze(value: unknown) {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/**
 * The same answer as the store's queue statements (statements.ts), computed from memory: a test compares the two on
 * generated states. Cards due at the same instant may come in another order than the database's (SQL leaves
 * ties unordered too).
 */
function queueOf(catalog: Catalog, set: UserSet, q: QueueQuery): Queue {
  const since = q.since.getTime();
  const now = q.now.getTime();
  let reviewsToday = 0;
  let introducedToday = 0;
  for (const r of set.ratings) {
    if (r.at < since) continue;
    if (r.introduced) introducedToday++;
    else reviewsToday++;
  }
  const available = (s: StateRecord) => !s.suspended && (s.buriedUntil === null || s.buriedUntil.getTime() <= now);
  let due = 0;
  let newStates = 0;
  let touched = 0;
  let firstDue: StateRecord | null = null;
  const inDecks = new Set(q.deckIds);
  for (const s of set.states.values()) {
    if (!inDecks.has(s.deckId)) continue;
    const card = catalog.byId.get(s.cardId);
    if (!card || card.retired) continue;
    touched++;
    if (!available(s)) continue;
    if (s.state === 'new') newStates++;
    else if (s.due.getTime() <= now) {
      due++;
      if (firstDue === null || s.due.getTime() < firstDue.due.getTime()) firstDue = s;
    }
  }
  // New cards come by deck id, then position, as in the statements' ORDER BY.
  const inScope = [...inDecks].sort(byCodeUnit).map((deckId) => catalog.activeByDeck.get(deckId) ?? []);
  const untouched = inScope.reduce((n, deck) => n + deck.length, 0) - touched;
  const counts = { reviewsToday, introducedToday, due, untouched, newStates };

  let firstNew: StudyCandidate | null = null;
  if (untouched + newStates > 0 && introducedToday < q.newLimit) {
    scan: for (const deck of inScope) {
      for (const card of deck) {
        const state = set.states.get(card.id);
        if (!state || (state.state === 'new' && available(state))) {
          firstNew = { card: cardRecord(card), state: state ?? null };
          break scan;
        }
      }
    }
  }
  const dueRoom = due > 0 && reviewsToday < q.reviewLimit;
  return { counts, firstDue: dueRoom && firstDue ? { card: cardRecord(catalog.byId.get(firstDue.cardId)!), state: firstDue } : null, firstNew };
}

const cardRecord = (c: CatalogCard): CardRecord => ({ id: c.id, deckId: c.deckId, noteId: c.noteId, ordinal: c.ordinal, slug: c.slug, content: c.content });
