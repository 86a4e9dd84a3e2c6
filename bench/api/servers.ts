// The processes the API benchmarks measure: the built API (apps/api/dist/server.js), the built web app, and the bare
// Fastify route they are compared with. Each runs as its own process on loopback, as `npm start` runs them.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from './load';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

export function waitForMessage(child: ChildProcess): Promise<{ port: number }> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number }));
    child.once('exit', (code) => reject(new Error(`process exited with ${code}`)));
  });
}

const freePort = () => 4300 + Math.floor(Math.random() * 500);

async function waitUntilAnswering(child: ChildProcess, port: number, path: string, what: string) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await request(port, 'GET', path)).status === 200) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`${what} did not start`);
}

/** The built API on a free loopback port, silent, with account limits raised: a benchmark makes many guests from one address. */
export async function startApi(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const port = freePort();
  const child = fork(join(root, 'apps/api/dist/server.js'), [], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'silent', LAB_WARM_ON_START: 'false', ACCOUNTS_PER_ADDRESS_PER_HOUR: '100000', GUESTS_PER_HOUR: '100000', ...env },
    stdio: 'inherit',
  });
  await waitUntilAnswering(child, port, '/api/health', 'the API');
  return { child, port };
}

/** The built web app (`next start`) on loopback, as scripts/start.mjs runs it. */
export async function startNext(): Promise<{ child: ChildProcess; port: number }> {
  const port = freePort();
  const nextBin = join(dirname(createRequire(join(root, 'apps/web/package.json')).resolve('next/package.json')), 'dist/bin/next');
  const child = spawn(process.execPath, [nextBin, 'start', join(root, 'apps/web'), '--port', String(port), '--hostname', '127.0.0.1'], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
  await waitUntilAnswering(child, port, '/', 'Next.js');
  return { child, port };
}

/** The baseline: a bare Fastify JSON route (bare-server.mjs) in its own process. */
export async function startBare(): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(join(here, 'bare-server.mjs'), [], { stdio: 'inherit' });
  const { port } = await waitForMessage(child);
  return { child, port };
}

/** `count` guests with their session cookies, and the article deck's card ids, from an API on `port`. */
export async function guestsAndCards(port: number, count: number) {
  const cookies: string[] = [];
  for (let c = 0; c < count; c++) {
    const res = await request(port, 'POST', '/api/v1/auth/guest');
    cookies.push(String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]!);
  }
  const deckId = (JSON.parse((await request(port, 'GET', '/api/v1/decks')).body) as { decks: { id: string }[] }).decks[0]?.id;
  const cards = (JSON.parse((await request(port, 'GET', `/api/v1/decks/${deckId}/cards`)).body) as { cards: { id: string }[] }).cards.map((c) => c.id);
  if (cards.length === 0) throw new Error('no cards in the article deck');
  return { cookies, cards };
}

/**
 * Runs `fn` with the environment of a scratch PostgreSQL database (created and dropped around it) on the server named by
 * BENCH_POSTGRES_URL or TEST_POSTGRES_URL; says so and returns when neither is set.
 */
export async function withScratchPostgres(fn: (env: Record<string, string>) => Promise<void>): Promise<void> {
  const pgServer = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (!pgServer) {
    console.log('postgresql: skipped (set BENCH_POSTGRES_URL or TEST_POSTGRES_URL to a server)');
    return;
  }
  const { runOnMaintenanceDb, withDatabaseName } = await import('@recurrence/db');
  const name = `recurrence_bench_${process.pid}`;
  await runOnMaintenanceDb(pgServer, `CREATE DATABASE "${name}"`);
  try {
    await fn({ DATABASE_URL: withDatabaseName(pgServer, name) });
  } finally {
    await runOnMaintenanceDb(pgServer, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}
