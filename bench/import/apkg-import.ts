/**
 * Benchmark: importing a generated 10,000-note Anki package (basic, reversed and cloze notes, 15,000 cards, a review
 * history of 3 reviews on every fifth card: 9,000 review-log rows) through the API of the built server, as a user of
 * `npm start` does: the API is built (apps/api/build.mjs) and `node apps/api/dist/server.js` started on a fresh SQLite
 * database (migrating it, loading the built-in deck), an account signed up, and the package POSTed to /api/v1/imports
 * as multipart — without and with "include history", each in a server of its own, `--runs` times (default 3). The
 * server's memory is read from /proc/<pid>/status: its RSS sampled every 10 ms during the import, the RSS just before
 * it, and VmHWM at the end (the peak of the server's whole life: start-up and the import); and the summed RSS of the
 * server and its child processes (the migration child at start, a lab trainer), sampled every 10 ms from the start to
 * the import's end, since work a child does is the server's work too. The load average
 * is printed beside each run: the machine is shared.
 *
 * Baseline, in the same run: a plain node process that unzips the package and opens its SQLite collection (the least
 * any importer does). With BENCH_POSTGRES_URL or TEST_POSTGRES_URL set, the same runs on a scratch PostgreSQL database
 * (where `npm start` trains lab runs in separate lab worker processes, so the API process has no lab thread at all).
 *
 * The server runs with LAB_WARM_ON_START=false by default: with it (the default of `npm start`) the lab worker thread
 * trains the cards' default worked answers in the API process for the first minute after start (~150 MB of
 * TensorFlow.js wasm memory) and exits once idle (LabRunner). `--warm` keeps the default and imports `--settle`
 * seconds (default 120) after the server answers, when the warm-up is over; without it the import starts 10 s after
 * the server answers (`--settle`), as a user would after opening the page and signing up.
 * Targets (issue 11): the import under 10 s and 300 MB on this machine.
 *
 *   npx tsx bench/import/apkg-import.ts [--notes 10000] [--runs 3] [--warm] [--settle seconds]
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZNote, type TNote } from '@recurrence/contracts';
import { createScheduler, newMemoryState, type TMemoryState } from '@recurrence/srs';
import { exportApkg, type TExportNote } from '@recurrence/transfer';
import { waitUntilAnswering, withScratchPostgres } from '../api/servers';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const warm = process.argv.includes('--warm');
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

/** VmRSS and VmHWM (the peak so far) of a process, in MB. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
  return { rss: mb('VmRSS'), hwm: mb('VmHWM') };
}

/** The process and its descendants (the migration child at start, a lab trainer), from /proc/<pid>/task/<tid>/children. */
function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${pids[i]}/task`)) {
        pids.push(...readFileSync(`/proc/${pids[i]}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
      }
    } catch {
      // Exited between two reads.
    }
  }
  return pids;
}

/** The summed RSS of a process and its descendants, in MB; one that has exited (gone, or a zombie without VmRSS) counts 0. */
function treeRssOf(pid: number): number {
  return processTree(pid).reduce((sum, p) => {
    try {
      const { rss } = memoryOf(p);
      return sum + (Number.isFinite(rss) ? rss : 0);
    } catch {
      return sum;
    }
  }, 0);
}

/**
 * peakMb: the server's RSS, sampled during the import; lifetimePeakMb: its VmHWM; treePeakMb: the server and its child
 * processes together, sampled every 10 ms from the server's start to the import's end (a child's own peak between
 * two samples, or before the fork returned, is not seen).
 */
type Measure = { ms: number; peakMb: number; lifetimePeakMb: number; treePeakMb: number; beforeMb: number; detail: string; load: string };

/** The baseline: unzip the package and open its collection, in a plain node process; its time and peak RSS. */
function baseline(file: string): Measure {
  const out = execFileSync(process.execPath, [join(here, 'unzip-baseline.mjs'), file], { cwd: root, encoding: 'utf8' });
  const measured = JSON.parse(out) as Omit<Measure, 'load' | 'treePeakMb'>;
  // It starts no child process.
  return { ...measured, treePeakMb: measured.peakMb, load: load() };
}

let accounts = 0;
const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** One server from start to stop: signs up, imports `file`, answers what the import cost the server process. */
async function importThroughServer(file: string, history: boolean, env: Record<string, string>): Promise<Measure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-import-data-'));
  const port = 5120 + Math.floor(Math.random() * 10);
  const child = fork(join(root, 'apps/api/dist/server.js'), [], {
    cwd: root,
    // Plain node, as `npm start` runs it: fork() would otherwise pass on this process's flags, tsx's loader among them.
    execArgv: [],
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, ...(warm ? {} : { LAB_WARM_ON_START: 'false' }), ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let treePeak = 0;
  const treeSampler = setInterval(() => (treePeak = Math.max(treePeak, treeRssOf(child.pid!))), 10);
  try {
    await waitUntilAnswering(child, port, '/api/health', 'the API');
    const settleMs = Number(arg('settle', warm ? '120' : '10')) * 1000;
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const origin = `http://127.0.0.1:${port}`;
    const signUp = await fetch(`${origin}/api/v1/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ email: `bench-${process.pid}-${++accounts}@example.com`, password: 'correct horse battery staple 42' }),
    });
    if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
    const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0]!;
    const form = new FormData();
    form.set('includeHistory', String(history));
    form.set('file', new Blob([readFileSync(file)]), 'bench.apkg');
    const before = memoryOf(child.pid!);
    let peak = before.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(child.pid!).rss)), 10);
    const started = performance.now();
    const res = await fetch(`${origin}/api/v1/imports`, { method: 'POST', body: form, headers: { cookie, origin } });
    const body = await res.text();
    const ms = performance.now() - started;
    clearInterval(sampler);
    const after = memoryOf(child.pid!);
    clearInterval(treeSampler);
    treePeak = Math.max(treePeak, treeRssOf(child.pid!));
    if (res.status !== 201) throw new Error(`the import answered ${res.status}: ${body.slice(0, 500)}`);
    const { report } = JSON.parse(body) as { report: { notes: number; cards: number; replayed: number } };
    return {
      ms,
      peakMb: Math.max(peak, after.rss),
      lifetimePeakMb: after.hwm,
      treePeakMb: treePeak,
      beforeMb: before.rss,
      detail: `${report.notes} notes, ${report.cards} cards, ${report.replayed} reviews replayed`,
      load: load(),
    };
  } finally {
    clearInterval(treeSampler);
    child.kill('SIGTERM');
    await exited(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function generate(count: number): Uint8Array {
  const scheduler = createScheduler({ desiredRetention: 0.9, maximumIntervalDays: 36500, enableFuzz: true });
  const start = new Date('2026-01-01T08:00:00Z');
  const notes: TExportNote[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 4;
    const one = (t: string) => ({ en: t, zh: t });
    const note: TNote = ZNote.parse(
      kind === 3
        ? { id: `note-${i}`, section: 'bench', type: 'cloze', tags: ['bench', `group-${i % 50}`], text: one(`Fact ${i}: {{c1::alpha ${i}}} relates to {{c2::beta ${i}}}`) }
        : { id: `note-${i}`, section: 'bench', type: 'basic', tags: ['bench'], reverse: kind === 1, front: one(`Question ${i}: what is <b>${i}</b> squared?`), back: one(`${i * i}`) },
    );
    const ordinals = kind === 3 || kind === 1 ? [1, 2] : [1];
    notes.push({
      note,
      cards: ordinals.map((ordinal) => {
        if (i % 5 !== 0) return { ordinal, state: null, reviews: [] };
        let state: TMemoryState = newMemoryState(start);
        let at = new Date(start.getTime() + i * 1000 + ordinal);
        const reviews = ([3, 3, 1] as const).map((rating) => {
          const after = scheduler.scheduleNext(state, rating, at);
          const review = { reviewedAt: at, rating, durationMs: 3000, stateBefore: state.state, after };
          state = after;
          at = new Date(after.due.getTime() + 60_000);
          return review;
        });
        return { ordinal, state, reviews };
      }),
    });
  }
  const one = (t: string) => ({ en: t, zh: t });
  return exportApkg({ slug: 'bench', title: one('Bench'), description: one('Generated'), notes, media: [], mediaUrlPrefix: '/m/' }, { language: 'en', history: true });
}

const count = Number(arg('notes', '10000'));
const runs = Number(arg('runs', '3'));
const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
const file = join(dir, 'bench.apkg');
const generated = generate(count);
writeFileSync(file, generated);
console.log(`generated ${count} notes: ${(generated.length / 1e6).toFixed(1)} MB .apkg; load average ${load()}`);
// The server as `npm start` runs it: build it first (a second; npm start builds it too).
execFileSync(process.execPath, ['build.mjs'], { cwd: join(root, 'apps/api'), stdio: 'inherit' });

const base = baseline(file);
const line = (name: string, m: Measure) =>
  console.log(
    `${name.padEnd(34)} ${(m.ms / 1000).toFixed(2).padStart(6)} s  peak RSS ${m.peakMb.toFixed(0).padStart(4)} MB (before ${m.beforeMb.toFixed(0)} MB, ` +
      `the import's own ${(m.peakMb - m.beforeMb).toFixed(0)} MB; the process's lifetime peak ${m.lifetimePeakMb.toFixed(0)} MB; ` +
      `with its child processes ${m.treePeakMb.toFixed(0)} MB)  ` +
      `time ×${(m.ms / base.ms).toFixed(1)} memory ×${(m.peakMb / base.peakMb).toFixed(2)}  load ${m.load}  — ${m.detail}`,
  );
line('baseline: unzip + open SQLite', base);

let allMet = true;
async function measure(database: string, env: Record<string, string>) {
  const results: Record<string, Measure[]> = { import: [], 'import with history': [] };
  for (let run = 1; run <= runs; run++) {
    for (const name of Object.keys(results)) {
      const m = await importThroughServer(file, name !== 'import', env);
      results[name]!.push(m);
      line(`${database}, ${name} (run ${run})`, m);
    }
  }
  const range = (values: number[], digits: number) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
  for (const [name, ms] of Object.entries(results)) {
    const ok = ms.every((m) => m.ms < 10_000 && Math.max(m.lifetimePeakMb, m.treePeakMb) < 300);
    allMet &&= ok;
    console.log(
      `${database}, ${name}: ${range(ms.map((m) => m.ms / 1000), 2)} s, peak RSS during the import ${range(ms.map((m) => m.peakMb), 0)} MB, ` +
        `lifetime peak ${range(ms.map((m) => m.lifetimePeakMb), 0)} MB, with its child processes ${range(ms.map((m) => m.treePeakMb), 0)} MB, ` +
        `before the import ${range(ms.map((m) => m.beforeMb), 0)} MB — target (10 s, 300 MB lifetime peak of the server and of it with its children) ${ok ? 'met' : 'NOT met'}`,
    );
  }
}

try {
  await measure('sqlite', {});
  await withScratchPostgres((env) => measure('postgresql', env));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`target: ${allMet ? 'met' : 'NOT met'} (${warm ? 'lab warm-up on, imported after it' : 'LAB_WARM_ON_START=false'}); load average ${load()}`);
