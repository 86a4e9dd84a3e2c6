/**
 * Group commit: one batch write in flight at a time; whatever arrives meanwhile (or in the same turn of the event
 * loop) forms the next batch. Each caller is answered when the write holding its item has finished. `key`, when
 * given, keeps two items with the same key out of one batch (the later one waits for the next).
 */
export function groupCommit<W, R>(writeBatch: (batch: W[]) => Promise<R[]>, options: { maxBatch: number; key?: (item: W) => string }): (item: W) => Promise<R> {
  type Pending = { item: W; resolve: (r: R) => void; reject: (e: unknown) => void };
  let pending: Pending[] = [];
  let writing = false;

  const flush = () => {
    if (writing || pending.length === 0) return;
    const batch: Pending[] = [];
    const later: Pending[] = [];
    const keys = new Set<string>();
    for (const p of pending) {
      const key = options.key?.(p.item);
      if (batch.length >= options.maxBatch || (key !== undefined && keys.has(key))) {
        later.push(p);
      } else {
        if (key !== undefined) keys.add(key);
        batch.push(p);
      }
    }
    pending = later;
    writing = true;
    writeBatch(batch.map((p) => p.item))
      .then(
        (results) => batch.forEach((p, i) => p.resolve(results[i]!)),
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        writing = false;
        flush();
      });
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (pending.length === 1) setImmediate(flush);
    });
}
