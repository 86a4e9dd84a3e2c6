import type { TCard, TDeck } from '@recurrence/contracts';
import { applyMigrations, openDatabase, type Database, type DatabaseProvider } from '@recurrence/db';
import { createScratchDatabase } from '@recurrence/db/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from './app';
import { isOnlyApiOf } from './plugins/database';
import { syncDeck } from './services/deck-sync';

export type TestApp = { app: FastifyInstance; db: Database; close(): Promise<void> };

/** A fresh, migrated database of `provider` and the app on top of it, for `app.inject` tests. */
export async function buildTestApp(provider: DatabaseProvider, options: Pick<AppOptions, 'createLab' | 'trustProxy' | 'webUpstream' | 'limits' | 'publicOrigins' | 'importLimits'> = {}): Promise<TestApp> {
  const scratch = await createScratchDatabase(provider);
  await applyMigrations(scratch.config);
  const db = await openDatabase(scratch.config, { studyWorkingSet: isOnlyApiOf(scratch.config) });
  const app = await buildApp({ db, version: '0.0.0-test', cookieSecure: false, sessionTtlDays: 30, ...options });
  await app.ready();
  return {
    app,
    db,
    close: async () => {
      await app.close();
      await db.close();
      await scratch.drop();
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
