import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { PrismaClient } from '@recurrence/db';
import { HttpError } from '../errors';
import type { LabService } from '../lab/lab-service';

declare module 'fastify' {
  interface FastifyInstance {
    /** The lab runner, or null when the app was built without one (most API tests). */
    lab: LabService | null;
    requireLab(): LabService;
  }
}

export type CreateLabRunner = (log: FastifyBaseLogger, prisma: PrismaClient) => LabService | Promise<LabService>;

/** Starts the lab (when the app has one: worker threads here, or the queue to the lab workers) with the app's logger and stops it when the app closes. */
export const labPlugin = fp<{ createLab: CreateLabRunner | null }>(
  async (app: FastifyInstance, { createLab }) => {
    const lab = createLab ? await createLab(app.log, app.db.prisma) : null;
    app.decorate('lab', lab);
    app.addHook('onClose', async () => lab?.close());
    app.decorate('requireLab', () => {
      if (!app.lab) throw new HttpError(503, 'the lab is not running on this server');
      return app.lab;
    });
  },
  { name: 'lab', dependencies: ['database'] },
);
