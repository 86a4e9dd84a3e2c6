/**
 * Benchmark: importing a 10,000-note Anki package (generated here: basic, reversed and cloze notes, 15,000 cards, a
 * review history of 3 reviews on every fifth card) into a fresh SQLite database, with and without replaying the
 * history, against a baseline measured in the same run: unzipping the package and opening its SQLite collection
 * (the least any importer must do). Each measurement runs in its own child process, so its peak memory
 * (resourceUsage().maxRSS) is its own. Prints time, peak RSS, and both as ratios to the baseline, and the RSS just before
 * the work (modules loaded, database migrated and open) so that the work's own share of the peak shows. The child
 * loads the importer (`@recurrence/api/import`), not the whole API.
 *
 * Twice: under tsx (`node --import tsx`, as `npm run dev` runs the API), and built as the API is built for production
 * (esbuild, our TypeScript compiled in and npm packages external, as apps/api/build.mjs does) and run by plain `node`,
 * as `npm start` runs it. tsx's loader and TypeScript transforms cost tens of MB a production server does not carry;
 * both are printed, each against its own baseline, and the target is judged on each.
 * Targets (issue 11): the import under 10 s and 300 MB on this machine.
 *
 *   npx tsx bench/import/apkg-import.ts [--notes 10000]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { ZNote, type TNote } from '@recurrence/contracts';
import { createScheduler, newMemoryState, type TMemoryState } from '@recurrence/srs';
import { CheckedZip, exportApkg, type TExportNote } from '@recurrence/transfer';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};

type Measure = { ms: number; maxRssMb: number; startRssMb: number; beforeRssMb: number; detail: string };

async function child(mode: string, file: string): Promise<Measure> {
  const data = new Uint8Array(readFileSync(file));
  const startRssMb = process.memoryUsage().rss / 1e6;
  const t0 = performance.now();
  let detail = '';
  if (mode === 'baseline') {
    const zip = CheckedZip.open(data);
    const db = new Database(Buffer.from(zip.read('collection.anki2')!));
    detail = `${(db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n} notes in the collection`;
    db.close();
  } else {
    const { applyMigrations, openDatabase } = await import('@recurrence/db');
    const { createScratchDatabase } = await import('@recurrence/db/testing');
    // The importer alone (not the whole API: its routes, the lab and the password dictionaries are not the import's).
    const { importDeck } = await import('@recurrence/api/import');
    const scratch = await createScratchDatabase('sqlite');
    await applyMigrations(scratch.config);
    const db = await openDatabase(scratch.config, { studyWorkingSet: true });
    const user = await db.prisma.user.create({ data: { email: 'bench@example.com', displayName: 'bench' } });
    const beforeRssMb = process.memoryUsage().rss / 1e6;
    const started = performance.now();
    const result = await importDeck(db, user.id, { data: Buffer.from(data), filename: 'bench.apkg' }, { language: 'en', includeHistory: mode === 'history' });
    const ms = performance.now() - started;
    detail = `${result.report.notes} notes, ${result.report.cards} cards, ${result.report.replayed} reviews replayed`;
    const measured = { ms, maxRssMb: process.resourceUsage().maxRSS / 1024, startRssMb, beforeRssMb, detail };
    await Promise.race([db.close(), new Promise((resolve) => setTimeout(resolve, 2000))]);
    await scratch.drop();
    return measured;
  }
  return { ms: performance.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024, startRssMb, beforeRssMb: startRssMb, detail };
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

const mode = arg('child', '');
if (mode) {
  const result = await child(mode, arg('file', ''));
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
} else {
  const count = Number(arg('notes', '10000'));
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const file = join(dir, 'bench.apkg');
  const generated = generate(count);
  writeFileSync(file, generated);
  console.log(`generated ${count} notes: ${(generated.length / 1e6).toFixed(1)} MB .apkg`);
  const self = fileURLToPath(import.meta.url);
  // The built child sits beside this file (in a git-ignored dist/) so that its external packages resolve from node_modules.
  const bundle = join(dirname(self), 'dist', 'apkg-import.mjs');
  await build({
    entryPoints: [self],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    plugins: [
      {
        name: 'external-npm-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@recurrence/') ? undefined : { path: args.path, external: true }));
        },
      },
    ],
  });
  const runners: [string, string[]][] = [
    ['tsx', ['--import', 'tsx', self]],
    ['built, node', [bundle]],
  ];
  let allMet = true;
  for (const [runner, argv] of runners) {
    const run = (m: string): Measure => JSON.parse(execFileSync(process.execPath, [...argv, '--child', m, '--file', file], { encoding: 'utf8', maxBuffer: 1e6 })) as Measure;
    const baseline = run('baseline');
    const rows: [string, Measure][] = [['baseline: unzip + open SQLite', baseline], ['import', run('import')], ['import with history', run('history')]];
    console.log(`— ${runner}`);
    for (const [name, m] of rows) {
      console.log(
        `${name.padEnd(32)} ${(m.ms / 1000).toFixed(2).padStart(6)} s  peak RSS ${m.maxRssMb.toFixed(0).padStart(4)} MB (process at start ${m.startRssMb.toFixed(0)} MB, ` +
          `before the work ${m.beforeRssMb.toFixed(0)} MB: the work's own ${(m.maxRssMb - m.beforeRssMb).toFixed(0)} MB)` +
          `  time ×${(m.ms / baseline.ms).toFixed(1)}  memory ×${(m.maxRssMb / baseline.maxRssMb).toFixed(2)}  — ${m.detail}`,
      );
    }
    const ok = rows.slice(1).every(([, m]) => m.ms < 10_000 && m.maxRssMb < 300);
    allMet &&= ok;
    console.log(`target (under 10 s and 300 MB), ${runner}: ${ok ? 'met' : 'NOT met'}`);
  }
  console.log(`target on both runners: ${allMet ? 'met' : 'NOT met'}`);
  rmSync(dir, { recursive: true, force: true });
  rmSync(dirname(bundle), { recursive: true, force: true });
}
