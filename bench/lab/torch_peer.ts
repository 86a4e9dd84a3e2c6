import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';

/**
 * The PyTorch reference peer: Debian's python3-torch run with /usr/bin/python3 (see PLATFORM.md), on OpenBLAS
 * (`apt-get install -y libopenblas0-pthread`). Debian's torch links libblas.so.3, which is the reference BLAS
 * unless OpenBLAS is installed — 3–4× slower than any PyTorch a user installs, so a ratio against it flatters us
 * and the benchmarks refuse to print one.
 */
export const PYTHON = process.env.LAB_BENCH_PYTHON ?? '/usr/bin/python3';
const here = path.dirname(fileURLToPath(import.meta.url));

/** Thread counts the peer is measured with: one core, and both cores of the development machine. */
export const PEER_THREADS = [1, 2] as const;

/** What bench/lab/torch_env.py reports about the peer process. */
export interface TorchPeerInfo {
  torch: string;
  /** BLAS_INFO from torch.__config__.show() (what torch was built against: Debian's says "generic"). */
  blasInfo: string;
  /** BLAS libraries mapped into the python process (from /proc/self/maps). */
  blasLoaded: string[];
  blas: 'openblas' | 'mkl' | 'blis' | 'reference' | 'unknown';
  threads: number;
  /** OpenBLAS's own thread pool (null for other BLAS libraries). */
  blasThreads: number | null;
}

/** The peer as it runs by default (torch's own thread count), or null when python cannot import torch. */
export function torchPeer(): TorchPeerInfo | null {
  const probe = spawnSync(PYTHON, [path.join(here, 'torch_env.py')], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  const lines = probe.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as TorchPeerInfo;
}

export function describePeer(info: TorchPeerInfo): string {
  const loaded = info.blasLoaded.length > 0 ? info.blasLoaded.join(', ') : 'none found in /proc/self/maps';
  return `torch ${info.torch}; BLAS_INFO=${info.blasInfo}; BLAS loaded: ${loaded} (${info.blas}); by default ${info.threads} torch thread${info.threads === 1 ? '' : 's'}` +
    (info.blasThreads === null ? '' : `, ${info.blasThreads} OpenBLAS thread${info.blasThreads === 1 ? '' : 's'}`);
}

/** Why no ratio may be printed against this peer, or null when it is a fair one. */
export function peerRefusal(info: TorchPeerInfo): string | null {
  if (info.blas === 'reference' || (info.blas === 'unknown' && info.blasInfo === 'generic')) {
    return (
      'The PyTorch peer runs on the reference BLAS, 3–4× slower than a PyTorch anyone installs: no ratio is printed ' +
      'against it. Install OpenBLAS (`apt-get install -y libopenblas0-pthread`; Debian then points libblas.so.3 at it) ' +
      'and run again.'
    );
  }
  return null;
}

/**
 * Runs bench/lab/<script> with args and torch limited to `threads` threads (torch's intra-op pool, OpenMP and
 * OpenBLAS's own pool, which does not follow torch.set_num_threads); the script prints one JSON
 * object on its last stdout line, with the peer's description under `peer`.
 */
export function runTorch<T>(script: string, args: string[], threads: number): T & { peer: TorchPeerInfo } {
  const run = spawnSync(PYTHON, [path.join(here, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, LAB_BENCH_TORCH_THREADS: String(threads), OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) },
  });
  if (run.status !== 0) throw new Error(`${script} failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  const out = JSON.parse(lines[lines.length - 1]!) as T & { peer: TorchPeerInfo };
  if (out.peer.threads !== threads || (out.peer.blasThreads !== null && out.peer.blasThreads !== threads)) {
    throw new Error(`${script} ran with ${out.peer.threads} torch / ${out.peer.blasThreads} BLAS threads, not ${threads}`);
  }
  return out;
}

export const NO_TORCH_MESSAGE =
  'PyTorch is not available to the reference peer (install it with `apt-get install -y python3-torch ' +
  'libopenblas0-pthread`; it runs under /usr/bin/python3, or set LAB_BENCH_PYTHON). Printing the TensorFlow.js ' +
  'numbers alone.';

/** Load average while a benchmark ran: timings on a shared machine mean little without it. */
export function loadAverage(): string {
  return os.loadavg().map((v) => v.toFixed(2)).join(' ');
}
