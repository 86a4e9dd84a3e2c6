import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ZCard } from '@recurrence/contracts';
import { countNotesAndCards } from './card-counts';
import { parseArgs } from './cli';

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const t = (en: string) => ({ en, zh: `中文${en}` });

describe('countNotesAndCards', () => {
  it('counts a cloze note once per deletion number and a reversed basic note twice', () => {
    const notes = [
      ZCard.parse({ id: 'b-one', section: 'sec', type: 'basic', front: t('q'), back: t('a') }),
      ZCard.parse({ id: 'b-two', section: 'sec', type: 'basic', front: t('q2'), back: t('a2'), reverse: true }),
      ZCard.parse({ id: 'c-three', section: 'sec', type: 'cloze', text: t('{{c1::a}} {{c2::b}} {{c1::c}} {{c3::d}}') }),
    ];
    const counts = countNotesAndCards(notes);
    expect(counts).toMatchObject({ notes: 3, cards: 6, reversed: 1 });
    expect(counts.byType.find((x) => x.type === 'basic')).toEqual({ type: 'basic', notes: 2, cards: 3 });
    expect(counts.byType.find((x) => x.type === 'cloze')).toEqual({ type: 'cloze', notes: 1, cards: 3 });
    expect(counts.byType.find((x) => x.type === 'open')).toEqual({ type: 'open', notes: 0, cards: 0 });
  });
});

describe('deck CLI', () => {
  it('parses counts [dir] [--rev] [--json] and refuses anything else', () => {
    expect(parseArgs(['counts', 'x', '--rev', 'HEAD~1', '--json'])).toEqual({ dir: path.resolve('x'), rev: 'HEAD~1', json: true });
    expect(() => parseArgs(['count'])).toThrow(/Unknown command/);
    expect(() => parseArgs(['counts', '--rev'])).toThrow(/--rev needs/);
    expect(() => parseArgs(['counts', '--nope'])).toThrow(/Unknown option/);
  });

  it('prints the article deck counts as JSON, totals agreeing with the types', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'counts', '--json'], { cwd: packageDir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { notes: number; cards: number; byType: { notes: number; cards: number }[] };
    expect(out.cards).toBeGreaterThanOrEqual(110);
    expect(out.byType.reduce((n, x) => n + x.notes, 0)).toBe(out.notes);
    expect(out.byType.reduce((n, x) => n + x.cards, 0)).toBe(out.cards);
  });
});
