/**
 * Benchmark: latency at a fixed offered load (open loop) — the study API's next card and the deck listing, on
 * SQLite and (with BENCH_POSTGRES_URL or TEST_POSTGRES_URL) PostgreSQL, against a bare Fastify route measured in the
 * same run; straight to the API and through the front door (the API process fronting Next.js, as `npm start` runs
 * it); and the same while two default gradient-flow lab runs train.
 *
 * For each target it offers a ladder of rates (requests per second, sent on a fixed schedule whether or not earlier
 * requests have answered, each timed from its scheduled start) and prints p50/p99, the highest offered rate whose
 * p99 stays under 10 ms, and p99 at 500 and 2,000 req/s. With `--out DIR` it writes the figures as JSON and an SVG
 * chart of p99 against the offered rate (docs/load/ holds the committed ones).
 *
 *   npm run build && npx tsx bench/api/open-loop.ts [--seconds 5] [--out docs/load] [--only training]
 *   npx tsx bench/api/open-loop.ts --from docs/load/open-loop.json   (re-draws the charts only)
 */
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { request, runOpenLoop, type OpenLoopResult } from './load';
import { guestsAndCards, freePort, startApi, startBare, startNext, withScratchPostgres } from './servers';

const argValue = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SECONDS = Number(argValue('seconds') ?? 5);
const OUT = argValue('out');
/** `--only training`: just the API while the lab trains, at both training priorities. */
const ONLY = argValue('only');
/** The offered rate of next-card requests while the lab trains: well below what the API serves idle (~1,000/s). */
const TRAINING_RATE = Number(argValue('training-rate') ?? 200);
const RATES = [250, 500, 1000, 1500, 2000, 3000, 4000];
/** A rung whose p99 passes this ends the ladder: the rates above it only queue. */
const GIVE_UP_P99_MS = 200;
const CLIENTS = 64;

type Ladder = { target: string; points: OpenLoopResult[] };
const ladders: Ladder[] = [];

function print(target: string, r: OpenLoopResult) {
  console.log(
    `${target.padEnd(44)} offered ${String(r.offered).padStart(5)}/s  served ${r.rps.toFixed(0).padStart(5)}/s  p50 ${r.p50.toFixed(2).padStart(7)} ms  p99 ${r.p99.toFixed(2).padStart(8)} ms  errors ${r.errors}/${r.requests}  (generator lag p99 ${r.dispatchLagP99.toFixed(2)} ms)`,
  );
}

/** Offers each rate of the ladder in turn (after a 1 s warm-up at the lowest), until p99 passes GIVE_UP_P99_MS. */
async function ladder(target: string, send: (i: number) => Promise<number>, rates = RATES): Promise<Ladder> {
  await runOpenLoop(rates[0]!, 1, send);
  const points: OpenLoopResult[] = [];
  for (const rate of rates) {
    const r = await runOpenLoop(rate, SECONDS, send);
    print(target, r);
    points.push(r);
    if (r.p99 > GIVE_UP_P99_MS || r.errors > 0) break;
  }
  const result = { target, points };
  ladders.push(result);
  return result;
}

function summary({ target, points }: Ladder, baseline?: Ladder) {
  const under10 = points.filter((p) => p.p99 < 10).map((p) => p.offered);
  const at = (rate: number) => points.find((p) => p.offered === rate);
  const fmt = (p: OpenLoopResult | undefined) => (p ? `${p.p50.toFixed(1)} / ${p.p99.toFixed(1)} ms` : 'not reached');
  const best = under10.length > 0 ? Math.max(...under10) : 0;
  const baseBest = baseline ? Math.max(0, ...baseline.points.filter((p) => p.p99 < 10).map((p) => p.offered)) : 0;
  const ratio = baseline && baseBest > 0 ? `  (${(best / baseBest).toFixed(2)}× the bare route's)` : '';
  console.log(`  ${target}: p50/p99 at 500/s ${fmt(at(500))}; at 2000/s ${fmt(at(2000))}; highest offered rate with p99 < 10 ms: ${best || 'none'}/s${ratio}`);
}

const get = (port: number, path: string, cookie?: string) => () => request(port, 'GET', path, cookie ? { cookie } : {}).then((r) => r.status);

async function studyTargets(label: string, env: Record<string, string>, bare: Ladder) {
  const api = await startApi(env);
  try {
    const { cookies } = await guestsAndCards(api.port, CLIENTS);
    const next = await ladder(`${label}: GET /study/next`, (i) => get(api.port, '/api/v1/study/next', cookies[i % CLIENTS])());
    const decks = await ladder(`${label}: GET /decks`, (i) => get(api.port, '/api/v1/decks', cookies[i % CLIENTS])());
    summary(next, bare);
    summary(decks, bare);
  } finally {
    api.child.kill('SIGTERM');
  }
}

/** The API fronting Next.js (`npm start`): /api is served by the API process itself, pages are streamed to Next. */
async function frontDoor(bare: Ladder) {
  const apiPort = freePort();
  const next = await startNext(apiPort);
  const dataDir = mkdtempSync(join(tmpdir(), 'recurrence-bench-'));
  const api = await startApi({ DATA_DIR: dataDir, DATABASE_URL: '', WEB_UPSTREAM: `http://127.0.0.1:${next.port}` }, apiPort);
  try {
    const { cookies } = await guestsAndCards(api.port, CLIENTS);
    summary(await ladder('front door: GET /api/v1/study/next', (i) => get(api.port, '/api/v1/study/next', cookies[i % CLIENTS])()), bare);
    summary(await ladder('front door: GET / (a page, Next.js)', get(api.port, '/'), [25, 50, 100, 200, 400]));
  } finally {
    api.child.kill('SIGTERM');
    next.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Two default gradient-flow runs training in the API's lab trainer (SQLite: a child process of the API, the
 * worst case for its event loop), against the same API idle, at TRAINING_RATE req/s.
 */
async function duringTraining(nice: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'recurrence-bench-'));
  const api = await startApi({ DATA_DIR: dataDir, DATABASE_URL: '', LAB_NICE: String(nice) });
  const label = `LAB_NICE=${nice}`;
  console.log(`while 2 lab runs train, the trainer process at nice ${nice}${nice === 0 ? ' (the API\'s own priority: the baseline)' : ''}`);
  try {
    const { cookies } = await guestsAndCards(api.port, CLIENTS);
    const send = (i: number) => get(api.port, '/api/v1/study/next', cookies[i % CLIENTS])();
    await runOpenLoop(TRAINING_RATE, 1, send);
    const idle = await runOpenLoop(TRAINING_RATE, SECONDS, send);
    print(`${label} idle: GET /study/next`, idle);
    const idleHealth = await runOpenLoop(100, SECONDS, get(api.port, '/api/health'));
    print(`${label} idle: GET /health`, idleHealth);
    // Two runs that differ only in the reference curve's γ (not in the training), so neither is a cached copy of the other.
    const runIds: string[] = [];
    for (const [i, gamma] of [0.9, 0.91].entries()) {
      const res = await request(api.port, 'POST', '/api/v1/lab/runs', { cookie: cookies[i]! }, { experiment: 'gradient-flow', params: { gamma } });
      if (res.status !== 202) throw new Error(`lab run refused: ${res.status} ${res.body}`);
      runIds.push((JSON.parse(res.body) as { id: string }).id);
    }
    const status = async () =>
      Promise.all(runIds.map(async (id, i) => (JSON.parse((await request(api.port, 'GET', `/api/v1/lab/runs/${id}`, { cookie: cookies[i]! })).body) as { status: string }).status));
    // Measure once training has started (on SQLite one run trains at a time; the other waits its turn).
    for (let waited = 0; waited < 60 && !(await status()).includes('running'); waited++) await new Promise((r) => setTimeout(r, 500));
    const busy = await runOpenLoop(TRAINING_RATE, SECONDS, send);
    print(`${label} training: GET /study/next`, busy);
    const busyHealth = await runOpenLoop(100, SECONDS, get(api.port, '/api/health'));
    print(`${label} training: GET /health`, busyHealth);
    const states = await status();
    console.log(`  runs after the measurement: ${states.join(', ')} (one must still be training for the figure to count)`);
    console.log(`  p99 during training / idle: /study/next ${(busy.p99 / idle.p99).toFixed(2)}×, /health ${(busyHealth.p99 / idleHealth.p99).toFixed(2)}× (target ≤ 2×)`);
    ladders.push({ target: `${label} idle: /study/next`, points: [idle] }, { target: `${label} training: /study/next`, points: [busy] });
  } finally {
    api.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** p99 against offered rate, one line per target, log-scaled latency. */
function chart(title: string, series: Ladder[]): string {
  const W = 720, H = 420, L = 60, R = 250, T = 40, B = 50;
  const colours = ['#000000', '#E69F00', '#56B4E9', '#009E73', '#D55E00', '#0072B2', '#CC79A7'];
  const maxRate = Math.max(...series.flatMap((s) => s.points.map((p) => p.offered)));
  const x = (rate: number) => L + ((W - L - R) * rate) / maxRate;
  const y = (ms: number) => T + (H - T - B) * (1 - (Math.log10(Math.min(Math.max(ms, 0.1), 10_000)) + 1) / 5); // 0.1 ms … 10 s (beyond: drawn at 10 s)
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12"><rect width="100%" height="100%" fill="#fff"/>`];
  parts.push(`<text x="${L}" y="22" font-size="14">${title}</text>`);
  for (const ms of [0.1, 1, 10, 100, 1000, 10_000]) parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(ms)}" y2="${y(ms)}" stroke="${ms === 10 ? '#999' : '#eee'}"/><text x="${L - 6}" y="${y(ms) + 4}" text-anchor="end">${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}</text>`);
  for (const rate of RATES.filter((r) => r <= maxRate)) parts.push(`<text x="${x(rate)}" y="${H - B + 18}" text-anchor="middle">${rate}</text>`);
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">offered load (requests/s)</text><text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">p99 latency</text>`);
  series.forEach((s, i) => {
    const colour = colours[i % colours.length]!;
    const points = s.points.map((p) => `${x(p.offered).toFixed(1)},${y(p.p99).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points}"/>`);
    for (const p of s.points) parts.push(`<circle cx="${x(p.offered)}" cy="${y(p.p99)}" r="3" fill="${colour}"/>`);
    parts.push(`<rect x="${W - R + 12}" y="${T + i * 20}" width="14" height="3" fill="${colour}"/><text x="${W - R + 32}" y="${T + i * 20 + 5}">${s.target.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** The charts of the ladders measured (or read with --from): p99 against offered rate, per database. */
function writeCharts(dir: string) {
  const byPrefix = (prefix: string) => ladders.filter((l) => l.target.startsWith(prefix) || l.target.startsWith('baseline'));
  writeFileSync(join(dir, 'p99-sqlite.svg'), chart('p99 against offered load — SQLite, straight and through the front door', [...byPrefix('sqlite'), ...ladders.filter((l) => l.target.startsWith('front door: GET /api'))]));
  if (byPrefix('postgresql').length > 1) writeFileSync(join(dir, 'p99-postgresql.svg'), chart('p99 against offered load — PostgreSQL', byPrefix('postgresql')));
  console.log(`wrote the charts in ${dir}`);
}

const FROM = argValue('from');
if (FROM) {
  ladders.push(...(JSON.parse(readFileSync(FROM, 'utf8')) as { ladders: Ladder[] }).ladders);
  writeCharts(OUT ?? dirname(FROM));
  process.exit(0);
}

console.log(`open loop, ${SECONDS} s per rate, rates ${RATES.join(', ')}/s; node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
if (ONLY !== 'training') {
  const bareServer = await startBare();
  const bare = await ladder('baseline: bare Fastify route', get(bareServer.port, '/bare'));
  bareServer.child.kill();
  summary(bare);

  const dataDir = mkdtempSync(join(tmpdir(), 'recurrence-bench-'));
  try {
    await studyTargets('sqlite', { DATA_DIR: dataDir, DATABASE_URL: '' }, bare);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  await frontDoor(bare);

  await withScratchPostgres((env) => studyTargets('postgresql', env, bare));
}

// The training thread at the API's priority (the baseline) and at the default LAB_NICE.
await duringTraining(0);
await duringTraining(19);
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

if (OUT) {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'open-loop.json'), `${JSON.stringify({ seconds: SECONDS, node: process.version, cpus: cpus().length, ladders }, null, 2)}\n`);
  writeCharts(OUT);
}
process.exit(0);
