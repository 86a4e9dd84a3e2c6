import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { startCheckpointer } from './checkpointer';

const dir = mkdtempSync(join(tmpdir(), 'recurrence-checkpointer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('copies what another connection committed from the write-ahead log into the database file', async () => {
  const file = join(dir, 'db.sqlite');
  const db = new Sqlite(file);
  db.pragma('journal_mode = WAL');
  // Only the worker may checkpoint here.
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (x TEXT)');
  const checkpointer = startCheckpointer(file);
  try {
    const before = statSync(file).size;
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run('x'.repeat(1000));
    })();
    // The rows are in the log; the database file grows once the worker has copied them.
    let size = before;
    for (let waited = 0; waited < 5000 && size <= before + 400_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      size = statSync(file).size;
    }
    expect(size).toBeGreaterThan(before + 400_000);
  } finally {
    await checkpointer.stop();
    db.close();
  }
  // Stopped twice: the second stop returns at once.
  await checkpointer.stop();
});
