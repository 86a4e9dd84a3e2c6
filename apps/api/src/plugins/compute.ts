import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ComputePool } from '../compute/compute-pool';
import type { PasswordOps } from '../compute/messages';

declare module 'fastify' {
  interface FastifyInstance {
    compute: ComputePool;
    passwords: ComputePool<PasswordOps>;
  }
}

/**
 * How long the password worker stays after its last check. Passwords are checked rarely (sign-up, a new password),
 * and its zxcvbn dictionaries cost ~40–60 MB resident while it lives; a burst of sign-ups still shares one start
 * (~0.3–0.6 s of CPU to load and rank the dictionaries).
 */
export const PASSWORD_WORKER_IDLE_MS = 2_000;

/**
 * The worker threads: the compute worker (planner, workload, parameter fitting), kept once started, and the password
 * worker, retired when idle. Both stopped with the app.
 */
export const computePlugin = fp(
  async (app: FastifyInstance) => {
    const pool = new ComputePool();
    const passwords = new ComputePool<PasswordOps>({
      bundled: 'password-worker.js',
      source: new URL('../compute/password-worker-source.mjs', import.meta.url),
      retireWhenIdleMs: PASSWORD_WORKER_IDLE_MS,
      // Ranking the dictionaries makes tens of MB of short-lived garbage; V8's default young generation (up to 48 MB)
      // kept ~20 MB more resident than 4 MB does, with sign-up no slower (built server, 2026-12-02).
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    app.decorate('compute', pool);
    app.decorate('passwords', passwords);
    app.addHook('onClose', async () => {
      await Promise.all([pool.close(), passwords.close()]);
    });
  },
  { name: 'compute' },
);
