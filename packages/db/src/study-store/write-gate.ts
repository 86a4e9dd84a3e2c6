/**
 * One writer at a time, in this process. SQLite allows a single writer, and our two connections to the file
 * (Prisma's and the study store's) must not interleave: a Prisma interactive transaction that has read and then
 * awaits would fail with SQLITE_BUSY_SNAPSHOT on its next write if the other connection committed meanwhile
 * (the busy handler does not help there). Every write transaction on SQLite runs through the gate; PostgreSQL
 * needs none.
 */
export class WriteGate {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
