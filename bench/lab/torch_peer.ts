import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The PyTorch reference peer: Debian's python3-torch run with /usr/bin/python3 (see PLATFORM.md). */
export const PYTHON = process.env.LAB_BENCH_PYTHON ?? '/usr/bin/python3';
const here = path.dirname(fileURLToPath(import.meta.url));

export function torchVersion(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__, torch.get_num_threads())'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/** Runs bench/lab/<script> with args; the script prints one JSON object on its last stdout line. */
export function runTorch<T>(script: string, args: string[]): T {
  const run = spawnSync(PYTHON, [path.join(here, script), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${script} failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

export const NO_TORCH_MESSAGE =
  'PyTorch is not available to the reference peer (install it with `apt-get install -y python3-torch`; ' +
  'it runs under /usr/bin/python3, or set LAB_BENCH_PYTHON). Printing the TensorFlow.js numbers alone.';
