import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '@recurrence/db';
import { keepReadCaches } from '../services/read-cache';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

/**
 * Makes the open database available as `app.db`. The server owns opening and closing it. The embedded SQLite file
 * has one API process (`npm start`), which may keep read caches; PostgreSQL may have many, so nothing is cached
 * (see `isOnlyApiOf`).
 */
export const databasePlugin = fp<{ db: Database }>(
  async (app: FastifyInstance, { db }) => {
    app.decorate('db', db);
    if (isOnlyApiOf(db)) keepReadCaches(db);
  },
  { name: 'database' },
);

/**
 * Whether this process may assume it is the only API of its database, and so keep state about it in memory (the
 * study working set, read caches): true for the embedded SQLite file, false for PostgreSQL, where self-hosters run
 * several API processes on one database.
 */
export function isOnlyApiOf(db: Pick<Database, 'provider'>): boolean {
  return db.provider === 'sqlite';
}
