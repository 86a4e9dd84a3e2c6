import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The lab's source as it was at a git ref, for A/B tools: a detached git worktree of the ref under
 * node_modules/.cache (so it resolves the same tfjs-core, one engine and one wasm backend as this checkout).
 * `load(file)` imports a module of packages/lab/src from it.
 */
export function labAtRef(ref: string): { sha: string; load: <M>(file: string) => Promise<M> } {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const sha = execFileSync('git', ['-C', root, 'rev-parse', ref], { encoding: 'utf8' }).trim();
  const dir = path.join(root, 'node_modules/.cache', `lab-${sha.slice(0, 12)}`);
  if (!existsSync(dir)) execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', dir, sha], { stdio: 'ignore' });
  return { sha, load: async <M>(file: string) => (await import(path.join(dir, 'packages/lab/src', file))) as M };
}
