import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TCard, TDeck } from '@recurrence/contracts';
import { applyMigrations, openDatabase, type Database, type DatabaseProvider } from '@recurrence/db';
import { createScratchDatabase, type ScratchDatabase } from '@recurrence/db/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from './app';
import { isOnlyApiOf } from './plugins/database';
import { syncDeck } from './services/deck-sync';

export type TestApp = { app: FastifyInstance; db: Database; close(): Promise<void> };

/**
 * A fresh, migrated database of `provider` and the app on top of it, for `app.inject` tests. With `shared`, the app
 * opens that (migrated) database instead, which the caller drops: several apps on one database, as API replicas.
 */
export async function buildTestApp(
  provider: DatabaseProvider,
  options: Pick<AppOptions, 'createLab' | 'trustProxy' | 'webUpstream' | 'limits' | 'publicOrigins' | 'importLimits' | 'logger'> = {},
  shared?: ScratchDatabase,
): Promise<TestApp> {
  const scratch = shared ?? (await createScratchDatabase(provider));
  if (!shared) await applyMigrations(scratch.config);
  const db = await openDatabase(scratch.config, { studyWorkingSet: isOnlyApiOf(scratch.config) });
  const app = await buildApp({ db, version: '0.0.0-test', cookieSecure: false, sessionTtlDays: 30, ...options });
  await app.ready();
  return {
    app,
    db,
    close: async () => {
      await app.close();
      await db.close();
      if (!shared) await scratch.drop();
    },
  };
}

/**
 * Several apps on one fresh database, as several API processes would run (each with its own connections,
 * working set and caches). For tests of what must hold across processes: limits, sign-in throttling.
 */
export async function buildTestApps(provider: DatabaseProvider, count: number, options: Pick<AppOptions, 'limits'> = {}): Promise<{ apps: FastifyInstance[]; dbs: Database[]; close(): Promise<void> }> {
  const scratch = await createScratchDatabase(provider);
  await applyMigrations(scratch.config);
  const dbs: Database[] = [];
  const apps: FastifyInstance[] = [];
  for (let i = 0; i < count; i++) {
    const db = await openDatabase(scratch.config, { studyWorkingSet: isOnlyApiOf(scratch.config) });
    dbs.push(db);
    apps.push(await buildApp({ db, version: '0.0.0-test', cookieSecure: false, sessionTtlDays: 30, ...options }));
  }
  await Promise.all(apps.map((app) => app.ready()));
  return {
    apps,
    dbs,
    close: async () => {
      for (const app of apps) await app.close();
      for (const db of dbs) await db.close();
      await scratch.drop();
    },
  };
}

export function basicCard(id: string, front = `Front of ${id}`): TCard {
  return {
    id,
    type: 'basic',
    section: 'test',
    tags: [],
    front: { en: front, zh: `${front}（中文）` },
    back: { en: `Back of ${id}`, zh: `${id} 的背面` },
  } as TCard;
}

/** A cloze note with the same deletions in both languages (the Chinese text is the English one, marked). */
export function clozeNote(id: string, text: string): TCard {
  return { id, type: 'cloze', section: 'test', tags: [], text: { en: text, zh: `${text}（中文）` } } as TCard;
}

/** A multiple-choice note whose first choice (`a`) is the correct one. */
export function multipleChoiceNote(id: string, choices = ['a', 'b', 'c', 'd']): TCard {
  return {
    id,
    type: 'multiple-choice',
    section: 'test',
    tags: [],
    question: { en: `Question ${id}`, zh: `问题 ${id}` },
    choices: choices.map((c, i) => ({ id: c, text: { en: `Choice ${c}`, zh: `选项 ${c}` }, correct: i === 0, why: { en: `Why ${c}`, zh: `理由 ${c}` } })),
  } as TCard;
}

export function testDeck(cards: TCard[], id = 'test-deck'): TDeck {
  return { id, title: { en: 'Test deck', zh: '测试卡组' }, description: { en: 'For tests', zh: '用于测试' }, sections: [{ id: 'test', title: { en: 'Test', zh: '测试' } }], cards };
}

export async function seedDeck(db: Database, deck: TDeck) {
  return syncDeck(db, deck, { source: 'builtin' });
}

/** The `name=value` of the session cookie a response set, for the next request's Cookie header. */
export function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'recurrence_session');
  if (!cookie) throw new Error(`no session cookie in response ${response.statusCode}: ${response.body}`);
  return `${cookie.name}=${cookie.value}`;
}

export type LabStateEvent = { id: string; status: string; progress: number; message: string; error: string | null };

/** Reads a lab run's server-sent event stream (at `origin`, a listening API) until it ends; the `state` events. */
export async function readLabEvents(origin: string, runId: string, cookie: string): Promise<LabStateEvent[]> {
  const res = await fetch(`${origin}/api/v1/lab/runs/${runId}/events`, { headers: { cookie } });
  if (!res.headers.get('content-type')?.includes('text/event-stream')) throw new Error(`not an event stream: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: state'))
    .map((block) => JSON.parse(block.split('\ndata: ')[1]!) as LabStateEvent);
}

/**
 * A lab worker process (src/lab-queue-worker.ts through tsx) on `databaseUrl`, with its JSON log lines kept in
 * `lines`. `ready` resolves once it takes jobs.
 */
export function startLabWorker(databaseUrl: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/lab-queue-worker.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', LAB_QUEUE_MAINTENANCE_SECONDS: '1', LAB_QUEUE_POLL_SECONDS: '0.5', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let buffered = '';
  let onLine: () => void = () => undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        lines.push({ msg: part });
      }
    }
    onLine();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    onLine = () => {
      if (lines.some((l) => l.msg === 'lab worker ready')) resolve();
    };
    void exited.then((code) => reject(new Error(`lab worker exited (${code}) before it was ready: ${stderr}`)));
  });
  /** The runs this worker started training (one entry per attempt). */
  const trained = () => lines.filter((l) => l.msg === 'training a lab run').map((l) => l.runId as string);
  return { child, lines, ready, exited, trained };
}
