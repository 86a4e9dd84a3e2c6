/**
 * Command line: count a deck's notes and the cards they make, by note type.
 *
 *   npm run deck -w @recurrence/deck -- counts [dir] [--rev <git revision>] [--json]
 *
 * `dir` defaults to the article deck. With `--rev` the deck folder is read as it was at that git revision
 * (`git archive`), so an earlier edition can be counted with today's rules: before notes were introduced every
 * entry was reviewed as one card, i.e. that edition's card count is its note count. Exit codes: 0 ok, 1 the deck
 * does not load, 2 invalid arguments.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { articleDeckDirectory } from './article';
import { countNotesAndCards, type TDeckCounts } from './card-counts';
import { formatDeckErrors } from './errors';
import { loadDeckDirectory } from './load';

class UsageError extends Error {}

export interface TCountsArgs {
  dir: string;
  rev?: string;
  json: boolean;
}

export function parseArgs(argv: string[]): TCountsArgs {
  const [command, ...rest] = argv;
  if (command !== 'counts') throw new UsageError(`Unknown command "${command ?? ''}". Usage: counts [dir] [--rev <git revision>] [--json]`);
  const args: TCountsArgs = { dir: articleDeckDirectory, json: false };
  let dirGiven = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--json') args.json = true;
    else if (arg === '--rev') {
      const rev = rest[++i];
      if (!rev || rev.startsWith('-')) throw new UsageError('--rev needs a git revision');
      args.rev = rev;
    } else if (arg.startsWith('-')) throw new UsageError(`Unknown option "${arg}"`);
    else if (dirGiven) throw new UsageError(`Unexpected argument "${arg}"`);
    else {
      args.dir = path.resolve(arg);
      dirGiven = true;
    }
  }
  return args;
}

/** The deck folder as it was at `rev`, extracted into a temporary folder (the caller removes `root`). */
function checkoutDeck(dir: string, rev: string): { root: string; dir: string } {
  const top = execFileSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  const rel = path.relative(top, dir);
  const root = mkdtempSync(path.join(tmpdir(), 'deck-counts-'));
  const archive = execFileSync('git', ['-C', top, 'archive', rev, rel], { maxBuffer: 64 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  return { root, dir: path.join(root, rel) };
}

export function formatCounts(counts: TDeckCounts): string {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  return [
    `${'type'.padEnd(16)}${pad('notes', 6)}${pad('cards', 7)}`,
    ...counts.byType.map((t) => `${t.type.padEnd(16)}${pad(t.notes, 6)}${pad(t.cards, 7)}`),
    `${'total'.padEnd(16)}${pad(counts.notes, 6)}${pad(counts.cards, 7)}`,
    `(of the basic cards, ${counts.reversed} reversed)`,
  ].join('\n');
}

async function main(): Promise<number> {
  let args: TCountsArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const source = args.rev ? checkoutDeck(args.dir, args.rev) : undefined;
  try {
    const r = await loadDeckDirectory(source?.dir ?? args.dir);
    if (!r.ok) {
      process.stderr.write(`${formatDeckErrors(r.errors)}\n`);
      return 1;
    }
    const counts = countNotesAndCards(r.deck.cards);
    const where = `${r.deck.id} (${args.dir}${args.rev ? ` at ${args.rev}` : ''})`;
    process.stdout.write(args.json ? `${JSON.stringify({ deck: r.deck.id, rev: args.rev ?? null, ...counts })}\n` : `${where}\n${formatCounts(counts)}\n`);
    return 0;
  } finally {
    if (source) rmSync(source.root, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().then((code) => process.exit(code));
}
