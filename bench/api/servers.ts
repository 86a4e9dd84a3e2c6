// The processes the API benchmarks measure: the built API (apps/api/dist/server.js), the built web app, and the bare
// Fastify route they are compared with. Each runs as its own process on loopback, as `npm start` runs them.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from './load';
import http from 'node:http';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

export function waitForMessage(child: ChildProcess): Promise<{ port: number }> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number }));
    child.once('exit', (code) => reject(new Error(`process exited with ${code}`)));
  });
}

export const freePort = () => 4300 + Math.floor(Math.random() * 500);

/** One GET with a deadline, outside the load generator's connection pool; its status, or 0 when nothing answered. */
function probe(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, timeout: 5_000, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** Waits (up to 3 minutes: starts are slow on a busy machine) until `path` answers `ready`, or the process exits. */
export async function waitUntilAnswering(child: ChildProcess, port: number, path: string, what: string, ready: (status: number) => boolean = (status) => status === 200) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before answering`);
    if (ready(await probe(port, path))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`${what} did not answer ${path} within 3 minutes`);
}

/** The built API on a free loopback port, silent, with account limits raised: a benchmark makes many guests from one address. */
export async function startApi(env: Record<string, string>, port = freePort()): Promise<{ child: ChildProcess; port: number }> {
  // execArgv: plain node, as `npm start` runs it (fork() would otherwise pass on tsx's loader from this process).
  const child = fork(join(root, 'apps/api/dist/server.js'), [], {
    execArgv: [],
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'silent', LAB_WARM_ON_START: 'false', ACCOUNTS_PER_ADDRESS_PER_HOUR: '100000', GUESTS_PER_HOUR: '100000', ...env },
    stdio: 'inherit',
  });
  await waitUntilAnswering(child, port, '/api/health', 'the API');
  return { child, port };
}

/**
 * The built web app (`next start`) on loopback, as scripts/start.mjs runs it; its server components reach the API at
 * `apiPort`. Ready when it answers at all: its pages need the API, which may not be up yet.
 */
export async function startNext(apiPort: number): Promise<{ child: ChildProcess; port: number }> {
  const port = freePort();
  const nextBin = join(dirname(createRequire(join(root, 'apps/web/package.json')).resolve('next/package.json')), 'dist/bin/next');
  const child = spawn(process.execPath, [nextBin, 'start', join(root, 'apps/web'), '--port', String(port), '--hostname', '127.0.0.1'], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', API_ORIGIN: `http://127.0.0.1:${apiPort}` },
    stdio: 'ignore',
  });
  await waitUntilAnswering(child, port, '/', 'Next.js', (status) => status > 0);
  return { child, port };
}

/** The baseline: a bare Fastify JSON route (bare-server.mjs) in its own process. */
export async function startBare(): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(join(here, 'bare-server.mjs'), [], { execArgv: [], stdio: 'inherit' });
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
