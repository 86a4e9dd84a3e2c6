import { selectBackend, useBackend } from './backend';

/**
 * For the lab's tests: the backends to run the model and gradient tests on. wasm always; the native `tensorflow`
 * backend when `@tensorflow/tfjs-node` is installed (scripts/tfjs-node/build.sh). CI sets
 * LAB_NATIVE_BACKEND=required, and then a missing or broken native backend fails the tests instead of skipping them.
 */
export interface TestBackends {
  /** Every backend the tests run on (wasm first); wasm is current when this resolves. */
  backends: ('wasm' | 'tensorflow')[];
  /** Why the tensorflow variants are skipped, or null when they run. */
  nativeSkipped: string | null;
}

let probed: Promise<TestBackends> | null = null;

export function testBackends(): Promise<TestBackends> {
  probed ??= (async () => {
    await selectBackend({ candidates: ['wasm'] });
    let nativeSkipped: string | null = null;
    try {
      await selectBackend({ candidates: ['tensorflow'] });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (process.env.LAB_NATIVE_BACKEND === 'required') {
        throw new Error(`LAB_NATIVE_BACKEND=required but the tensorflow backend did not load (${reason}); run scripts/tfjs-node/build.sh`);
      }
      nativeSkipped = `tfjs-node is not installed here (run scripts/tfjs-node/build.sh): ${reason.split('\n')[0]}`;
      console.warn(`lab tests: the tensorflow variants are skipped — ${nativeSkipped}`);
    }
    await useBackend('wasm');
    return { backends: nativeSkipped ? ['wasm'] : ['wasm', 'tensorflow'], nativeSkipped };
  })();
  return probed;
}

/** The test name suffix for a skipped tensorflow variant (so the report says why). */
export function skippedLabel(nativeSkipped: string): string {
  return `on tensorflow — skipped: ${nativeSkipped}`;
}
