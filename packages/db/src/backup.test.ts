import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, backupDatabase, restoreDatabase } from './backup';
import { openDatabase, type PrismaClient } from './client';
import type { DatabaseConfig } from './config';
import { applyMigrations } from './migrate/migrate';
import { createScratchDatabase, testProviders, type ScratchDatabase } from './testing';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const databaseUrl = (config: DatabaseConfig) => (config.provider === 'sqlite' ? `file:${config.file}` : config.url);

/** `npm run db:backup -- <file>` / `db:restore` as an operator runs them (the scripts the root package.json names). */
async function cli(command: 'backup' | 'restore', config: DatabaseConfig, file: string) {
  return promisify(execFile)(process.execPath, [tsx, 'src/cli/backup-restore.ts', command, file], { cwd: packageDir, env: { ...process.env, DATABASE_URL: databaseUrl(config) } });
}

/** What the test compares: the users, decks and settings, as the app reads them. */
async function snapshot(prisma: PrismaClient) {
  return {
    users: await prisma.user.findMany({ orderBy: { id: 'asc' }, select: { id: true, email: true, displayName: true, createdAt: true } }),
    decks: await prisma.deck.findMany({ orderBy: { id: 'asc' }, select: { id: true, ownerId: true, title: true } }),
    settings: await prisma.studySettings.findMany({ orderBy: { userId: 'asc' }, select: { userId: true, newCardsPerDay: true, fsrsWeights: true } }),
  };
}

describe.each(testProviders())('backup and restore on %s', (provider) => {
  let scratch: ScratchDatabase;
  let dir: string;
  beforeAll(async () => {
    scratch = await createScratchDatabase(provider);
    await applyMigrations(scratch.config);
    dir = mkdtempSync(join(tmpdir(), 'recurrence-backup-'));
  });
  afterAll(async () => {
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  // Each runs the CLI as a child process (tsx compiles it first): slow on a busy machine.
  it('backs up while the app is connected, and a restore brings back the data as it was', { timeout: 300_000 }, async () => {
    let db = await openDatabase(scratch.config, { studyWorkingSet: false });
    await db.prisma.user.create({ data: { id: 'ada', email: 'ada@example.com', displayName: 'Ada' } });
    await db.prisma.deck.create({ data: { id: 'ada-deck', ownerId: 'ada', title: { en: 'Ada’s deck', zh: '卡组' }, description: {}, source: 'user' } });
    await db.prisma.studySettings.create({ data: { userId: 'ada', newCardsPerDay: 7, fsrsWeights: [0.4, 1.2, 3.1] } });
    const before = await snapshot(db.prisma);

    const file = join(dir, `recurrence-${provider}.backup`);
    const backedUp = await cli('backup', scratch.config, file);
    expect(backedUp.stdout).toContain(file);
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe(provider === 'sqlite' ? 'SQLit' : 'PGDMP');

    // Change, delete and add after the backup.
    await db.prisma.user.update({ where: { id: 'ada' }, data: { displayName: 'Changed' } });
    await db.prisma.deck.delete({ where: { id: 'ada-deck' } });
    await db.prisma.studySettings.update({ where: { userId: 'ada' }, data: { newCardsPerDay: 50 } });
    await db.prisma.user.create({ data: { id: 'bob', email: 'bob@example.com' } });
    expect(await snapshot(db.prisma)).not.toEqual(before);
    await db.close();

    await cli('restore', scratch.config, file);
    // The restored database is one the app goes on using, as it starts: migrations recorded, then reads and writes.
    expect((await applyMigrations(scratch.config)).applied).toEqual([]);
    db = await openDatabase(scratch.config, { studyWorkingSet: false });
    try {
      expect(await snapshot(db.prisma)).toEqual(before);
      await db.prisma.user.create({ data: { id: 'carol', email: 'carol@example.com' } });
    } finally {
      await db.close();
    }
  });

  it('refuses a file that is not a backup for this database, naming what it is, and changes nothing', { timeout: 300_000 }, async () => {
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, 'not a backup');
    await expect(restoreDatabase(scratch.config, junk)).rejects.toThrow(/not a backup/);
    await expect(restoreDatabase(scratch.config, join(dir, 'missing'))).rejects.toThrow(BackupError);
    const other = join(dir, 'other-kind');
    writeFileSync(other, provider === 'sqlite' ? 'PGDMP\u0001\u000e' : 'SQLite format 3\u0000');
    await expect(restoreDatabase(scratch.config, other)).rejects.toThrow(provider === 'sqlite' ? /PostgreSQL \(pg_dump\) backup/ : /an SQLite backup/);
    const failed = cli('restore', scratch.config, junk);
    await expect(failed).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('restore failed') });
    const db = await openDatabase(scratch.config, { studyWorkingSet: false });
    try {
      expect(await db.prisma.user.count({ where: { id: 'carol' } })).toBe(1);
    } finally {
      await db.close();
    }
  });

  it.runIf(provider === 'sqlite')('copies one committed snapshot: a write still open in another connection is not in the copy', async () => {
    if (scratch.config.provider !== 'sqlite') return;
    const writer = new SqliteDatabase(scratch.config.file);
    writer.pragma('busy_timeout = 5000');
    writer.exec('BEGIN IMMEDIATE');
    writer.prepare(`INSERT INTO "User" ("id", "email", "role", "isGuest", "createdAt", "updatedAt") VALUES ('uncommitted', 'u@example.com', 'student', 0, 0, 0)`).run();
    const file = join(dir, 'during-write.db');
    try {
      await backupDatabase(scratch.config, file);
    } finally {
      writer.exec('COMMIT');
      writer.close();
    }
    const copy = new SqliteDatabase(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare(`SELECT count(*) AS n FROM "User" WHERE "id" = 'uncommitted'`).get()).toEqual({ n: 0 });
      expect(copy.prepare(`SELECT count(*) AS n FROM "User" WHERE "id" = 'carol'`).get()).toEqual({ n: 1 });
    } finally {
      copy.close();
    }
  });
});
