/**
 * A bounded in-process cache for rows that are read on every request and written rarely, by this API only
 * (settings, interview plans, sessions). Writers call `forget` after their write. A load that was in flight
 * while any write happened is returned but not kept, so a slow read can never re-insert a value older than
 * the write that forgot it.
 */
export class ReadCache<K, V> {
  private readonly values = new Map<K, { value: V; storedAt: number }>();
  private writes = 0;

  constructor(private readonly options: { limit: number; maxAgeMs?: number }) {}

  async get(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.values.get(key);
    if (hit && (this.options.maxAgeMs === undefined || Date.now() - hit.storedAt < this.options.maxAgeMs)) return hit.value;
    const startedAt = this.writes;
    const value = await load();
    if (this.writes === startedAt) {
      if (this.values.size >= this.options.limit) this.values.clear();
      this.values.set(key, { value, storedAt: Date.now() });
    }
    return value;
  }

  forget(key: K): void {
    this.writes++;
    this.values.delete(key);
  }

  /** Forgets every entry whose value matches (e.g. all sessions of one user). */
  forgetWhere(matches: (value: V) => boolean): void {
    this.writes++;
    for (const [key, entry] of this.values) if (matches(entry.value)) this.values.delete(key);
  }
}
