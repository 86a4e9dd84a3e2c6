import { setFlagsFromString } from 'node:v8';

/**
 * Imported first by the processes that open the database (server.ts, lab-queue-worker.ts), before any module compiles
 * WebAssembly: Prisma's query compiler is a ~3 MB wasm module, and V8 by default recompiles its hot functions with
 * its optimising compiler (TurboFan) in the background and keeps both codes. Keeping only the baseline (Liftoff) code
 * saved ~45 MB resident at start and ~35–70 MB more after a few thousand queries (measured on the built server,
 * 2026-12-02), with Prisma queries no slower (3,000 `findFirst` with an include: 1.31–1.35 s against 1.43–1.69 s):
 * Prisma caches each query shape's plan, so the compiler runs rarely. The study hot path does not use Prisma.
 * bench/README.md (Import) has the numbers.
 */
setFlagsFromString('--liftoff-only');
