import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKEND_PACKAGES, defaultImporter, defaultWasmDir, selectBackend, type BackendAttempt } from './backend';
import { existsSync } from 'node:fs';

/**
 * Backend selection with a fake importer: the native packages (tfjs-node, tfjs-node-gpu) are simulated by
 * registering a "tensorflow" backend (a CPU backend carrying the `isUsingGpuDevice` flag tfjs-node sets).
 */

function fakeNativePackage(gpu: boolean): () => Promise<unknown> {
  return async () => {
    if (tf.findBackendFactory('tensorflow') === null) {
      tf.copyRegisteredKernels('cpu', 'tensorflow');
      tf.registerBackend('tensorflow', () => Object.assign(new MathBackendCPU(), { isUsingGpuDevice: gpu }), 3);
    }
    return {};
  };
}

function importer(available: Partial<Record<string, () => Promise<unknown>>>) {
  const calls: string[] = [];
  const fn = async (specifier: string) => {
    calls.push(specifier);
    const load = available[specifier];
    if (!load) throw new Error(`Cannot find package '${specifier}'`);
    return load();
  };
  return { fn, calls };
}

afterEach(async () => {
  if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
  for (const k of tf.getKernelsForBackend('tensorflow')) tf.unregisterKernel(k.kernelName, 'tensorflow');
});

describe('selectBackend', () => {
  it('uses tfjs-node-gpu when a GPU is usable', async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    const { fn, calls } = importer({ [BACKEND_PACKAGES['tensorflow-gpu']]: fakeNativePackage(true) });
    expect(await selectBackend({ tryImport: fn })).toBe('tensorflow-gpu');
    expect(tf.getBackend()).toBe('tensorflow');
    expect(calls).toEqual(['@tensorflow/tfjs-node-gpu']);
    expect(tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0]).toBe(3);
  });

  it('falls back to the native CPU backend of tfjs-node-gpu when it finds no GPU', async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    const attempts: BackendAttempt[] = [];
    const { fn } = importer({ [BACKEND_PACKAGES['tensorflow-gpu']]: fakeNativePackage(false) });
    expect(await selectBackend({ tryImport: fn, onAttempt: (a) => attempts.push(a) })).toBe('tensorflow');
    expect(attempts[0]).toMatchObject({ backend: 'tensorflow-gpu', ok: false });
    expect(attempts[0]!.reason).toMatch(/no usable GPU/);
  });

  it('uses tfjs-node when only it is installed', async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    const { fn, calls } = importer({ [BACKEND_PACKAGES.tensorflow]: fakeNativePackage(false) });
    expect(await selectBackend({ tryImport: fn })).toBe('tensorflow');
    expect(calls).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
  });

  it('falls back to wasm (found from the package directory) when no native package is installed', async () => {
    expect(existsSync(`${defaultWasmDir()}tfjs-backend-wasm-simd.wasm`)).toBe(true);
    const attempts: BackendAttempt[] = [];
    const { fn } = importer({ [BACKEND_PACKAGES.wasm]: () => defaultImporter(BACKEND_PACKAGES.wasm) });
    expect(await selectBackend({ tryImport: fn, onAttempt: (a) => attempts.push(a) })).toBe('wasm');
    expect(attempts.map((a) => `${a.backend}:${a.ok}`)).toEqual(['tensorflow-gpu:false', 'tensorflow:false', 'wasm:true']);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('falls back to cpu when wasm cannot load', async () => {
    const { fn } = importer({ [BACKEND_PACKAGES.cpu]: () => defaultImporter(BACKEND_PACKAGES.cpu) });
    expect(await selectBackend({ tryImport: fn, candidates: ['tensorflow', 'wasm', 'cpu'] })).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('throws when nothing works, listing every reason', async () => {
    const { fn } = importer({});
    await expect(selectBackend({ tryImport: fn, candidates: ['tensorflow', 'wasm'] })).rejects.toThrow(
      /tensorflow: .*Cannot find package.*wasm: .*Cannot find package/,
    );
  });
});
