import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ComputePool } from '../compute/compute-pool';

declare module 'fastify' {
  interface FastifyInstance {
    compute: ComputePool;
  }
}

/** The compute worker for planner, workload and parameter fitting; stopped with the app. */
export const computePlugin = fp(
  async (app: FastifyInstance) => {
    const pool = new ComputePool();
    app.decorate('compute', pool);
    app.addHook('onClose', async () => pool.close());
  },
  { name: 'compute' },
);
