import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from './cli';

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

describe('lab CLI', () => {
  it('parses params, arrays, seed, --json and --export', () => {
    expect(parseArgs(['gradient-flow', '--seqLen', '300', '--architectures', 'rnn,lstm', '--seed', '7', '--json', '--export=run.json'])).toEqual({
      experiment: 'gradient-flow',
      params: { seqLen: 300, architectures: ['rnn', 'lstm'] },
      seed: 7,
      json: true,
      exportPath: 'run.json',
    });
  });

  it('rejects unknown experiments and parameters', () => {
    expect(() => parseArgs(['nope'])).toThrow(/Unknown experiment/);
    expect(() => parseArgs(['lstm-gates', '--sequenceLength', '3'])).toThrow(/sequenceLength: unknown parameter/);
  });

  it('exits with code 2 and names the field for out-of-range params', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'gradient-flow', '--seqLen', '5'], {
      cwd: packageDir,
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/params\.seqLen: .*(>=|at least|too small)/i);
  });

  it('takes --trainers, and refuses a bad --trainers or LAB_TRAINERS with exit code 2 naming it', () => {
    expect(parseArgs(['layernorm-depth', '--trainers', '2']).trainers).toBe(2);
    expect(() => parseArgs(['layernorm-depth', '--trainers', '0'])).toThrow(/^trainers: must be a whole number of worker threads from 1 to 64 .*got "0"$/);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'positional-encoding'], {
      cwd: packageDir,
      encoding: 'utf8',
      env: { ...process.env, LAB_TRAINERS: 'all' },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^lab: LAB_TRAINERS: must be a whole number of worker threads from 1 to 64 .*got "all"$/m);
  });
});
