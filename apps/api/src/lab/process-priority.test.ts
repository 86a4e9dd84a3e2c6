import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '@recurrence/db';
import type { FastifyBaseLogger } from 'fastify';
import { LabRunner } from './lab-runner';
import { processThreadNices } from './process-priority';

const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
// Choosing a backend and reporting ready touches no table.
const prisma = {} as PrismaClient;

describe.runIf(process.platform === 'linux')('the lab trainer’s priority (LAB_NICE)', () => {
  it('lowers every thread of the trainer process, and none of the API’s', async () => {
    const before = processThreadNices(process.pid);
    const runner = new LabRunner(prisma, log, { nice: 19 });
    try {
      const { priority } = await runner.ready;
      expect(priority, JSON.stringify(priority)).toMatchObject({ nice: 19 });
      const { pid, threads } = priority as { pid: number; threads: number };
      expect(pid).not.toBe(process.pid);
      // V8's helper threads exist before the trainer's code runs: they were lowered one by one.
      expect(threads).toBeGreaterThan(1);
      // As the kernel sees them now, not as the trainer reported them.
      const nices = processThreadNices(pid);
      expect(nices.length).toBeGreaterThan(1);
      expect(nices.every((n) => n === 19)).toBe(true);
      expect(processThreadNices(process.pid).every((n) => before.includes(n))).toBe(true);
    } finally {
      await runner.close();
    }
  }, 60_000);

  it('lowers the worker threads of the trainer’s pool too (LAB_TRAINERS=2)', async () => {
    const alone = new LabRunner(prisma, log, { nice: 19, trainers: 1 });
    const pooled = new LabRunner(prisma, log, { nice: 19, trainers: 2 });
    try {
      const [one, two] = await Promise.all([alone.ready, pooled.ready]);
      expect(two.trainers).toBe(2);
      const threadsAlone = processThreadNices((one.priority as { pid: number }).pid).length;
      // Started after the trainer lowered itself: the pool's two threads are more threads, each at nice 19, and so is
      // any thread they start while they load TensorFlow.js and its wasm backend (sampled for 3 s).
      for (let sample = 0; sample < 6; sample++) {
        const nices = processThreadNices((two.priority as { pid: number }).pid);
        expect(nices.length).toBeGreaterThanOrEqual(threadsAlone + 2);
        expect(nices.every((n) => n === 19), JSON.stringify(nices)).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      await Promise.all([alone.close(), pooled.close()]);
    }
  }, 60_000);

  it('leaves the trainer as it is with LAB_NICE=0', async () => {
    const runner = new LabRunner(prisma, log, { nice: 0 });
    try {
      expect((await runner.ready).priority).toEqual({ skipped: 'LAB_NICE is 0' });
    } finally {
      await runner.close();
    }
  }, 60_000);
});
