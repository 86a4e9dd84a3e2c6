/**
 * Benchmark: the study hot path — GET /api/v1/study/next and POST /api/v1/study/reviews — with 32 concurrent
 * clients, on SQLite and (when BENCH_POSTGRES_URL or TEST_POSTGRES_URL is set) PostgreSQL, against a bare Fastify
 * JSON route measured in the same run. Prints p50/p99 latency and requests per second, and rps as a ratio to the bare
 * route. Targets (issue 4): p99 < 10 ms for both, ratio ≥ 0.25.
 *
 * The front door (`npm start`: the API process listens, serves /api itself and streams every other path to Next.js
 * on loopback) is measured on SQLite: GET /study/next from an API that fronts Next.js against the same route from
 * an API that does not (an /api request passes no proxy, so the ratio shows what merely having the front door
 * costs), and a page and a static asset straight from Next.js against the same through the front door.
 * Targets (issue 12): through the front door ≥ 0.8× and p99 ≤ 1.25× of the direct figure.
 *
 * On PostgreSQL it also runs two API processes on one database, the clients split between them, against one process.
 *
 * To show what bounds the routes, it prints the CPU time each request cost the server, PostgreSQL and the load
 * generator (from /proc, during the measurement), and times the database work alone: the study store's statements
 * for one next-card and one rating, called back to back from this process (no HTTP), on the same database, and the
 * next card from the working set the API keeps in memory.
 *
 *   npm run build && npx tsx bench/api/study-hot-path.ts [--seconds 8] [--clients 32]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, parseDatabaseUrl, type DatabaseConfig } from '@recurrence/db';
import { runLoad, request, withCpu, type LoadResult } from './load';
import { guestsAndCards as guestsAndCardsOf, freePort, startApi, startBare, startNext, withScratchPostgres } from './servers';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 8);
const CLIENTS = arg('clients', 32);

const guestsAndCards = (port: number) => guestsAndCardsOf(port, CLIENTS);

function line(name: string, r: LoadResult & { cpuPerRequestUs?: Record<string, number | null> }, bare?: LoadResult, label = 'ratio') {
  const ratio = bare ? ` ${label} ${(r.rps / bare.rps).toFixed(3)}×${label === 'ratio' ? '' : `, p99 ${(r.p99 / bare.p99).toFixed(2)}×`}` : '';
  console.log(`${name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  errors ${r.errors}/${r.requests}${ratio}`);
  const cpu = Object.entries(r.cpuPerRequestUs ?? {}).filter(([, us]) => us !== null);
  if (cpu.length > 0) console.log(`${''.padEnd(34)} CPU per request: ${cpu.map(([k, us]) => `${k} ${us!.toFixed(0)} µs`).join(', ')}`);
}

/** Whose CPU to charge to each request: the server, PostgreSQL's processes (when used) and this load generator. */
const cpuTargets = (serverPid: number | undefined, postgres: boolean) => ({
  server: { pid: serverPid },
  ...(postgres ? { postgres: { command: 'postgres' } } : {}),
  'load generator': { pid: process.pid },
});

/** The study store's statements alone, back to back from this process, one client: the floor under each route. */
async function storeFloor(label: string, config: DatabaseConfig, port: number, cards: string[]) {
  // A fresh guest, like the clients of the GET measurement; it rates every card a few times during the rating part.
  const userId = (JSON.parse((await request(port, 'POST', '/api/v1/auth/guest')).body) as { user: { id: string } }).user.id;
  const db = await openDatabase(config);
  try {
    const timeEach = async (work: (i: number) => Promise<unknown>) => {
      for (let i = 0; i < 200; i++) await work(i);
      const started = performance.now();
      let n = 0;
      while (performance.now() - started < 2000) await work(n++);
      return ((performance.now() - started) / n) * 1000;
    };
    const now = new Date();
    // The decks a guest studies: the built-in ones (what the API passes for a queue without a deck).
    const deckIds = (await db.prisma.deck.findMany({ where: { source: 'builtin' }, select: { id: true } })).map((d) => d.id);
    const query = { userId, deckIds, since: new Date(now.getTime() - 86_400_000), now, reviewLimit: 200, newLimit: 20 };
    const next = await timeEach(() => db.study.queue(query));
    // The same query through the working set the API keeps (computed in memory once the user is loaded).
    const cached = await openDatabase(config, { studyWorkingSet: true });
    const nextFromMemory = await timeEach(() => cached.study.queue(query)).finally(() => cached.close());
    const rate = await timeEach(async (i) => {
      const cardId = cards[i % cards.length]!;
      const context = await db.study.reviewContext(userId, cardId, crypto.randomUUID());
      const after = { state: 'review', due: now, stability: 3, difficulty: 5, scheduledDays: 3, learningSteps: 0, reps: 1, lapses: 0, lastReview: now };
      await db.study.saveReview({
        reviewId: crypto.randomUUID(),
        userId,
        cardId,
        deckId: context.card!.deckId,
        clientId: crypto.randomUUID(),
        rating: 3,
        durationMs: 1000,
        now,
        version: context.state?.version ?? 0,
        stateBefore: context.state?.state ?? 'new',
        after,
        beforeJson: {},
        afterJson: {},
        answerJson: null,
      });
    });
    console.log(
      `${label}: store only, one client, no HTTP:  next card ${next.toFixed(0)} µs by SQL, ${nextFromMemory.toFixed(1)} µs from the working set; rating statements ${rate.toFixed(0)} µs`,
    );
  } finally {
    await db.close();
  }
}

async function benchDatabase(label: string, env: Record<string, string>, bare: LoadResult) {
  const config = parseDatabaseUrl(env.DATABASE_URL, { dataDir: env.DATA_DIR ?? '' });
  const { child, port } = await startApi(env);
  try {
    // One guest user per client, each with its own session cookie. The lab worker stays idle (no warm-up training).
    const { cookies, cards } = await guestsAndCards(port);

    // Warm up both routes.
    await runLoad(CLIENTS, 1, (c) => request(port, 'GET', '/api/v1/study/next', { cookie: cookies[c]! }).then((r) => r.status));

    const targets = cpuTargets(child.pid, config.provider === 'postgresql');
    const next = await withCpu(targets, () => runLoad(CLIENTS, SECONDS, (c) => request(port, 'GET', '/api/v1/study/next', { cookie: cookies[c]! }).then((r) => r.status)));
    line(`${label}: GET /study/next`, next, bare);
    let i = 0;
    const rate = await withCpu(targets, () =>
      runLoad(CLIENTS, SECONDS, (c) =>
        request(port, 'POST', '/api/v1/study/reviews', { cookie: cookies[c]! }, { clientId: crypto.randomUUID(), cardId: cards[i++ % cards.length]!, rating: 3, durationMs: 1000 }).then((r) => r.status),
      ),
    );
    line(`${label}: POST /study/reviews`, rate, bare);
    await storeFloor(label, config, port, cards);
    return { next, rate };
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * PostgreSQL with two API processes on one database (as `docker compose up --scale api=2` runs them): client c talks
 * to process c mod 2, as a round-robin balancer would send it. On PostgreSQL no process keeps study state in memory
 * (ARCHITECTURE.md "One process or many"), so every request of both routes reaches the database.
 */
async function benchTwoProcesses(label: string, env: Record<string, string>, one: { next: LoadResult; rate: LoadResult }) {
  const a = await startApi(env);
  const b = await startApi(env).catch((error: unknown) => {
    a.child.kill();
    throw error;
  });
  try {
    const ports = [a.port, b.port];
    const { cookies, cards } = await guestsAndCards(a.port);
    const portOf = (c: number) => ports[c % 2]!;
    await runLoad(CLIENTS, 1, (c) => request(portOf(c), 'GET', '/api/v1/study/next', { cookie: cookies[c]! }).then((r) => r.status));
    const targets = { 'api A': { pid: a.child.pid }, 'api B': { pid: b.child.pid }, postgres: { command: 'postgres' }, 'load generator': { pid: process.pid } };
    const next = await withCpu(targets, () => runLoad(CLIENTS, SECONDS, (c) => request(portOf(c), 'GET', '/api/v1/study/next', { cookie: cookies[c]! }).then((r) => r.status)));
    line(`${label} ×2 processes: GET /study/next`, next, one.next, 'vs one process');
    let i = 0;
    const rate = await withCpu(targets, () =>
      runLoad(CLIENTS, SECONDS, (c) =>
        request(portOf(c), 'POST', '/api/v1/study/reviews', { cookie: cookies[c]! }, { clientId: crypto.randomUUID(), cardId: cards[i++ % cards.length]!, rating: 3, durationMs: 1000 }).then((r) => r.status),
      ),
    );
    line(`${label} ×2 processes: POST /study/reviews`, rate, one.rate, 'vs one process');
  } finally {
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
  }
}

/**
 * The front door on SQLite: /api from an API that fronts Next.js (what `npm start` runs) against `direct` (the same
 * route of an API without it), and pages and assets straight from Next.js against the same through the front door.
 */
async function benchFrontDoor(direct: LoadResult) {
  const apiPort = freePort();
  const next = await startNext(apiPort);
  const dataDir = mkdtempSync(join(tmpdir(), 'recurrence-bench-'));
  const api = await startApi({ DATA_DIR: dataDir, DATABASE_URL: '', WEB_UPSTREAM: `http://127.0.0.1:${next.port}` }, apiPort).catch((error: unknown) => {
    next.child.kill();
    throw error;
  });
  try {
    const { cookies } = await guestsAndCards(api.port);
    const load = (port: number, path: string, cookie = (_c: number) => '') => () =>
      runLoad(CLIENTS, SECONDS, (c) => request(port, 'GET', path, cookie(c) ? { cookie: cookie(c) } : {}).then((r) => r.status));
    const targets = { api: { pid: api.child.pid }, next: { pid: next.child.pid }, 'load generator': { pid: process.pid } };
    await load(api.port, '/api/v1/study/next', (c) => cookies[c]!)();
    const apiThrough = await withCpu(targets, load(api.port, '/api/v1/study/next', (c) => cookies[c]!));
    line('front door: GET /api/v1/study/next', apiThrough, direct, 'vs API without front door');
    const html = (await request(next.port, 'GET', '/')).body;
    const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    for (const path of ['/', ...(asset ? [asset] : [])]) {
      await load(next.port, path)();
      const straight = await withCpu(targets, load(next.port, path));
      line(`next.js direct: GET ${path.length > 24 ? `${path.slice(0, 21)}…` : path}`, straight);
      const through = await withCpu(targets, load(api.port, path));
      line(`front door:     GET ${path.length > 24 ? `${path.slice(0, 21)}…` : path}`, through, straight, 'vs direct');
    }
  } finally {
    api.child.kill('SIGTERM');
    next.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const { child: bareChild, port: barePort } = await startBare();
await runLoad(CLIENTS, 1, () => request(barePort, 'GET', '/bare').then((r) => r.status));
const bare = await withCpu(cpuTargets(bareChild.pid, false), () => runLoad(CLIENTS, SECONDS, () => request(barePort, 'GET', '/bare').then((r) => r.status)));
bareChild.kill();
console.log(`clients ${CLIENTS}, ${SECONDS} s per measurement, node ${process.version}`);
line('baseline: bare Fastify JSON route', bare);

const dataDir = mkdtempSync(join(tmpdir(), 'recurrence-bench-'));
try {
  const sqlite = await benchDatabase('sqlite', { DATA_DIR: dataDir, DATABASE_URL: '' }, bare);
  await benchFrontDoor(sqlite.next);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

await withScratchPostgres(async (env) => {
  const one = await benchDatabase('postgresql', env, bare);
  await benchTwoProcesses('postgresql', env, one);
});

process.exit(0);
