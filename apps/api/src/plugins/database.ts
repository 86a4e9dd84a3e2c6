import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '@recurrence/db';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

/** Makes the open database available as `app.db`. The server owns opening and closing it. */
export const databasePlugin = fp<{ db: Database }>(
  async (app: FastifyInstance, { db }) => {
    app.decorate('db', db);
  },
  { name: 'database' },
);
