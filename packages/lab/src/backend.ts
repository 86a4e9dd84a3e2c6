import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TExperimentId, TLabBackend } from '@recurrence/contracts';
import { backendForRun, runModels, type RunBackends } from './backend-choice';

/**
 * Backend selection, in order of preference:
 *   1. `@tensorflow/tfjs-node-gpu` — only if the native binding reports a usable GPU device;
 *   2. `@tensorflow/tfjs-node` (libtensorflow on the CPU);
 *   3. `@tensorflow/tfjs-backend-wasm` (XNNPACK + SIMD; single-threaded under Node);
 *   4. `@tensorflow/tfjs-backend-cpu` (plain JS, always available).
 * The native packages are optional dependencies that usually fail to install (their libtensorflow download
 * needs network access), so they are only ever loaded through the injectable importer.
 */

export const BACKEND_PACKAGES = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
} as const satisfies Record<TLabBackend, string>;

export const BACKEND_ORDER: readonly TLabBackend[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export type ModuleImporter = (specifier: string) => Promise<unknown>;

export interface BackendAttempt {
  backend: TLabBackend;
  ok: boolean;
  reason?: string;
}

export interface SelectBackendOptions {
  /** Loads a package by name; inject a fake to simulate hosts with or without the native packages. */
  tryImport?: ModuleImporter;
  /** Directory holding `tfjs-backend-wasm*.wasm` (with trailing slash). Default: the installed package's dist/. */
  wasmDir?: string;
  /** Candidates to try, in order. Default: all four, GPU first. */
  candidates?: readonly TLabBackend[];
  /** Called once per candidate with the outcome (for logs). */
  onAttempt?: (attempt: BackendAttempt) => void;
}

/**
 * Literal specifiers for the packages that are regular dependencies, so a bundler (esbuild) can see and
 * include them; the optional native packages stay runtime imports (a bundler must not try to inline them).
 */
export const defaultImporter: ModuleImporter = (specifier) => {
  switch (specifier) {
    case BACKEND_PACKAGES.wasm:
      return import('@tensorflow/tfjs-backend-wasm');
    case BACKEND_PACKAGES.cpu:
      return import('@tensorflow/tfjs-backend-cpu');
    default:
      return import(/* @vite-ignore */ specifier);
  }
};

/** The directory of the installed wasm binaries, found from the package (works from a bundle too). */
export function defaultWasmDir(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return path.join(path.dirname(pkg), 'dist') + path.sep;
}

interface WasmModule {
  setWasmPaths: (prefix: string) => void;
}

/**
 * The Emscripten loader inside tfjs-backend-wasm reads the CommonJS `__dirname` when it initialises under
 * Node. Bundled as ESM (e.g. by esbuild for a worker thread) that name does not exist and initialisation
 * fails; a global stand-in is provided for the duration of the initialisation only (the value is unused:
 * the binary's location comes from setWasmPaths).
 */
async function withDirnameShim<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const g = globalThis as { __dirname?: string };
  let shimmed = false;
  try {
    if (typeof __dirname === 'undefined' && g.__dirname === undefined) {
      g.__dirname = dir;
      shimmed = true;
    }
  } catch {
    // referencing __dirname can only throw in exotic hosts; nothing to shim then
  }
  try {
    return await fn();
  } finally {
    if (shimmed) delete g.__dirname;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function activate(name: string): Promise<void> {
  if (tf.findBackendFactory(name) === null) throw new Error(`backend "${name}" was not registered by its package`);
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`backend "${name}" failed to initialise`);
  await tf.ready();
}

function usingGpu(): boolean {
  // tfjs-node's kernel backend reports whether libtensorflow placed ops on a GPU device.
  return (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
}

async function tryCandidate(candidate: TLabBackend, options: SelectBackendOptions): Promise<void> {
  const tryImport = options.tryImport ?? defaultImporter;
  switch (candidate) {
    case 'tensorflow-gpu': {
      await tryImport(BACKEND_PACKAGES['tensorflow-gpu']);
      await activate('tensorflow');
      if (!usingGpu()) throw new Error('tfjs-node-gpu loaded but libtensorflow found no usable GPU');
      return;
    }
    case 'tensorflow':
      // tfjs-node-gpu without a GPU still registers a working CPU "tensorflow" backend: use it as is.
      if (tf.findBackendFactory('tensorflow') === null) await tryImport(BACKEND_PACKAGES.tensorflow);
      await activate('tensorflow');
      // Observed with tfjs-node 4.22 on TensorFlow 2.21: a process that loaded the binding but never ran an op on it
      // crashes (SIGSEGV) when it exits, e.g. a lab worker that trained only small runs on wasm. One op avoids that.
      tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync());
      return;
    case 'wasm': {
      const mod = (await tryImport(BACKEND_PACKAGES.wasm)) as Partial<WasmModule>;
      if (tf.findBackend('wasm') === null) {
        if (typeof mod.setWasmPaths !== 'function') throw new Error('not a tfjs wasm backend module');
        const dir = options.wasmDir ?? defaultWasmDir();
        // Must precede the first setBackend('wasm'). Under Node the SIMD binary runs single-threaded.
        mod.setWasmPaths(dir);
        await withDirnameShim(dir, () => activate('wasm'));
      } else {
        await activate('wasm');
      }
      return;
    }
    case 'cpu':
      await tryImport(BACKEND_PACKAGES.cpu);
      await activate('cpu');
      return;
  }
}

/**
 * Picks the fastest usable TensorFlow.js backend, makes it current and returns its name (which every
 * experiment result records). Throws only if no candidate works.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<TLabBackend> {
  const reasons: string[] = [];
  for (const candidate of options.candidates ?? BACKEND_ORDER) {
    try {
      await tryCandidate(candidate, options);
      options.onAttempt?.({ backend: candidate, ok: true });
      return candidate;
    } catch (error) {
      const reason = errorMessage(error);
      reasons.push(`${candidate}: ${reason}`);
      options.onAttempt?.({ backend: candidate, ok: false, reason });
    }
  }
  throw new Error(`No TensorFlow.js backend could be initialised (${reasons.join('; ')})`);
}

/**
 * The backends a process trains on: the first usable of `candidates` (GPU → native → wasm → cpu) for large runs and,
 * when that is the native CPU backend, also the best of wasm and cpu for the others (small models run faster on
 * wasm: see backend-choice.ts). With a GPU, or with one candidate, both are the same backend.
 */
export async function selectRunBackends(options: SelectBackendOptions = {}): Promise<RunBackends> {
  const large = await selectBackend(options);
  if (large !== 'tensorflow') return { small: large, large };
  const rest = (options.candidates ?? BACKEND_ORDER).filter((b) => b === 'wasm' || b === 'cpu');
  const small = rest.length === 0 ? large : await selectBackend({ ...options, candidates: rest }).catch(() => large);
  await useBackend(small);
  return { small, large };
}

let selected: Promise<RunBackends> | null = null;

/**
 * The backends for experiments: selected once per process (the first call's options win; pass
 * `candidates: ['wasm']` to pin one); the current backend is then the one for small runs. Later calls return the
 * same promise; a failed selection is retried.
 */
export function ensureBackend(options: SelectBackendOptions = {}): Promise<RunBackends> {
  if (selected === null) {
    selected = selectRunBackends(options);
    selected.catch(() => {
      selected = null;
    });
  }
  return selected;
}

/** Makes an initialised backend current (runs switch per run between the two of `RunBackends`). */
export async function useBackend(name: TLabBackend): Promise<void> {
  const tfName = name === 'tensorflow-gpu' ? 'tensorflow' : name;
  if (tf.getBackend() !== tfName && !(await tf.setBackend(tfName))) throw new Error(`backend "${name}" failed to initialise`);
}

/**
 * Picks, initialises (once per process) and makes current the backend for one run of `experiment` with these
 * (validated) parameters: the native backend past the measured crossover, else the one for small runs. Returns
 * its name, which the run's result records.
 */
export async function useRunBackend(experiment: TExperimentId, params: unknown, options: SelectBackendOptions = {}): Promise<TLabBackend> {
  const backend = backendForRun(await ensureBackend(options), runModels(experiment, params));
  await useBackend(backend);
  const active = currentBackendName();
  if (active !== backend) throw new Error(`asked for backend ${backend} but ${active} is active`);
  return backend;
}

/** The name to report for the currently active tfjs backend. */
export function currentBackendName(): TLabBackend {
  const name = tf.getBackend();
  if (name === 'tensorflow') {
    return (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice ? 'tensorflow-gpu' : 'tensorflow';
  }
  if (name === 'wasm' || name === 'cpu') return name;
  throw new Error(`unexpected tfjs backend "${name}"`);
}
