/**
 * Lab throughput on PostgreSQL: runs per minute of a small fixed lab run, trained by one lab worker process and then
 * by two, through the built API (apps/api/dist/server.js enqueues on pg-boss; dist/lab-queue-worker.js trains).
 * Prints both and their ratio (the speed-up of the second worker, measured in the same run).
 *
 *   npm run build && BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/lab/queue-throughput.ts
 *
 * BENCH_LAB_RUNS (default 8) runs per measurement: gradient-flow, RNN, T = 40, batch 8, width 16, 6 steps, distinct
 * seeds (so none is answered from the cache). Each measurement starts with the workers ready and warmed by one run
 * each; it ends when the last run is done. Every worker trains one run at a time, in its own worker thread.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApi, withScratchPostgres } from '../api/servers';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.BENCH_LAB_RUNS ?? 8);
const small = (seed: number) => ({ experiment: 'gradient-flow', params: { architectures: ['rnn'], seqLen: 40, steps: 6, batchSize: 8, hidden: 16 }, seed });

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = fork(join(root, 'apps/api/dist/lab-queue-worker.js'), [], {
    execArgv: [], // plain node, as `npm run worker` runs it, not with tsx's loader from this process
    env: { ...process.env, ...env, LOG_LEVEL: 'info', LAB_QUEUE_POLL_SECONDS: '0.5' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('"lab worker ready"')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`lab worker exited (${code})`)));
  });
}

await withScratchPostgres(async (env) => {
  const api = await startApi({ ...env, LAB_WARM_ON_START: 'false' });
  const origin = `http://127.0.0.1:${api.port}`;
  const workers: ChildProcess[] = [];
  let seed = 1000;
  // The per-user limit is 2 runs in progress: one guest per two runs.
  const guest = async () => String((await fetch(`${origin}/api/v1/auth/guest`, { method: 'POST' })).headers.get('set-cookie')).split(';')[0]!;

  async function batch(count: number): Promise<number> {
    const cookies = await Promise.all(Array.from({ length: Math.ceil(count / 2) }, guest));
    const t0 = performance.now();
    const ids: { id: string; cookie: string }[] = [];
    for (let i = 0; i < count; i++) {
      const cookie = cookies[Math.floor(i / 2)]!;
      const res = await fetch(`${origin}/api/v1/lab/runs`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(small(seed++)) });
      if (res.status !== 202) throw new Error(`start: ${res.status} ${await res.text()}`);
      ids.push({ id: ((await res.json()) as { id: string }).id, cookie });
    }
    for (const { id, cookie } of ids) {
      for (;;) {
        const run = (await (await fetch(`${origin}/api/v1/lab/runs/${id}`, { headers: { cookie } })).json()) as { status: string; error: string | null };
        if (run.status === 'done') break;
        if (run.status !== 'queued' && run.status !== 'running') throw new Error(`run ${id}: ${run.status} ${run.error}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return (performance.now() - t0) / 1000;
  }

  try {
    workers.push(await startWorker(env));
    await batch(1);
    const oneS = await batch(RUNS);
    workers.push(await startWorker(env));
    await batch(2);
    const twoS = await batch(RUNS);
    const one = (RUNS / oneS) * 60;
    const two = (RUNS / twoS) * 60;
    console.log(`lab queue throughput, ${RUNS} small gradient-flow runs (RNN, T=40, batch 8, width 16, 6 steps) on PostgreSQL:`);
    console.log(`  1 worker : ${one.toFixed(1)} runs/min (${oneS.toFixed(1)} s)`);
    console.log(`  2 workers: ${two.toFixed(1)} runs/min (${twoS.toFixed(1)} s)`);
    console.log(`  ratio 2/1: ${(two / one).toFixed(2)}`);
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
    api.child.kill('SIGTERM');
    await new Promise((r) => (api.child.exitCode !== null ? r(null) : api.child.once('exit', r)));
  }
});
