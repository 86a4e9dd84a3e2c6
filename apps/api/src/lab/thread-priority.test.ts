import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '@recurrence/db';
import type { FastifyBaseLogger } from 'fastify';
import { LabRunner } from './lab-runner';
import { threadNice } from './thread-priority';

const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
// Choosing a backend and reporting ready touches no table.
const prisma = {} as PrismaClient;

describe.runIf(process.platform === 'linux')('the lab worker thread’s priority (LAB_NICE)', () => {
  it('lowers the training thread only, not the API’s event loop', async () => {
    const before = threadNice(process.pid);
    const runner = new LabRunner(prisma, log, { nice: 19 });
    try {
      const { priority } = await runner.ready;
      expect(priority).toMatchObject({ nice: 19 });
      const tid = (priority as { tid: number }).tid;
      expect(tid).not.toBe(process.pid);
      // As the kernel sees it now, not as the worker reported it.
      expect(threadNice(tid)).toBe(19);
      expect(threadNice(process.pid)).toBe(before);
    } finally {
      await runner.close();
    }
  }, 60_000);

  it('leaves the thread as it is with LAB_NICE=0', async () => {
    const runner = new LabRunner(prisma, log, { nice: 0 });
    try {
      expect((await runner.ready).priority).toEqual({ skipped: 'LAB_NICE is 0' });
    } finally {
      await runner.close();
    }
  }, 60_000);
});
