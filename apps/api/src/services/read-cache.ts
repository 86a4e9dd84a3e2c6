import type { Database } from '@recurrence/db';

type Entry<V> = { value: V; storedAt: number };
type Store<K, V> = { values: Map<K, Entry<V>>; writes: number };

/** The databases this process is the only API of (see `keepReadCaches`); every other database is read through. */
const cachedDatabases = new WeakSet<object>();

/**
 * Read caches are kept only for a database that this process alone serves: the embedded SQLite file under
 * `npm start`. On PostgreSQL any number of API processes share the database, and a cache here would answer from
 * before another process's write (a signed-out session still accepted, old settings used to schedule), so on
 * PostgreSQL every read goes to the database. buildApp decides; see ARCHITECTURE.md "One process or many".
 */
export function keepReadCaches(db: Pick<Database, 'prisma'>): void {
  cachedDatabases.add(db.prisma);
}

/**
 * A bounded cache for rows that are read on every request and written rarely, by this API only (settings,
 * interview plans, sessions), one per database. Writers call `forget` after their write. A load that was in flight
 * while any write happened is returned but not kept, so a slow read can never re-insert a value older than the
 * write that forgot it.
 */
export class ReadCache<K, V> {
  private readonly stores = new WeakMap<object, Store<K, V>>();

  constructor(private readonly options: { limit: number; maxAgeMs?: number }) {}

  async get(database: object, key: K, load: () => Promise<V>): Promise<V> {
    const store = this.storeOf(database);
    if (!store) return load();
    const hit = store.values.get(key);
    if (hit && (this.options.maxAgeMs === undefined || Date.now() - hit.storedAt < this.options.maxAgeMs)) return hit.value;
    const startedAt = store.writes;
    const value = await load();
    if (store.writes === startedAt) {
      if (store.values.size >= this.options.limit) store.values.clear();
      store.values.set(key, { value, storedAt: Date.now() });
    }
    return value;
  }

  forget(database: object, key: K): void {
    const store = this.storeOf(database);
    if (!store) return;
    store.writes++;
    store.values.delete(key);
  }

  /** Forgets every entry whose value matches (e.g. all sessions of one user). */
  forgetWhere(database: object, matches: (value: V) => boolean): void {
    const store = this.storeOf(database);
    if (!store) return;
    store.writes++;
    for (const [key, entry] of store.values) if (matches(entry.value)) store.values.delete(key);
  }

  private storeOf(database: object): Store<K, V> | null {
    if (!cachedDatabases.has(database)) return null;
    let store = this.stores.get(database);
    if (!store) {
      store = { values: new Map(), writes: 0 };
      this.stores.set(database, store);
    }
    return store;
  }
}
