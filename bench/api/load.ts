import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';

export type LoadResult = { requests: number; errors: number; seconds: number; rps: number; p50: number; p99: number; max: number };

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export function request(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Runs `clients` concurrent loops, each issuing requests back to back, for `seconds` (bounded in time and in
 * count: at most `maxRequests`). Latency is measured per request on the client side.
 */
export async function runLoad(clients: number, seconds: number, next: (client: number) => Promise<number>, maxRequests = 2_000_000): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < deadline && latencies.length < maxRequests) {
        const t0 = performance.now();
        const status = await next(client);
        latencies.push(performance.now() - t0);
        if (status >= 400) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { requests: latencies.length, errors, seconds: elapsed, rps: latencies.length / elapsed, p50: q(0.5), p99: q(0.99), max: latencies.at(-1) ?? 0 };
}

export type OpenLoopResult = LoadResult & { offered: number; dispatchLagP99: number };

/**
 * Open loop: sends `rate` requests per second for `seconds` on a fixed schedule, whether or not earlier requests have
 * answered, and times each request from its scheduled start (so a server that falls behind shows it in the latency:
 * no coordinated omission). Requests are dispatched from a 1 ms timer; `dispatchLagP99` is how late the generator
 * itself sent them, which is part of the latency reported.
 */
export async function runOpenLoop(rate: number, seconds: number, send: (i: number) => Promise<number>): Promise<OpenLoopResult> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const lags: number[] = [];
  const pending: Promise<void>[] = [];
  let errors = 0;
  const started = performance.now() + 5;
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + sent * interval <= now) {
        const scheduled = started + sent * interval;
        lags.push(now - scheduled);
        pending.push(
          send(sent).then(
            (status) => {
              latencies.push(performance.now() - scheduled);
              if (status >= 400) errors++;
            },
            () => {
              latencies.push(performance.now() - scheduled);
              errors++;
            },
          ),
        );
        sent++;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, Math.min(1, started + sent * interval - performance.now())));
    };
    tick();
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  const q = (values: number[], p: number) => values[Math.min(values.length - 1, Math.floor(p * values.length))] ?? 0;
  return { requests: latencies.length, errors, seconds: elapsed, rps: latencies.length / elapsed, p50: q(latencies, 0.5), p99: q(latencies, 0.99), max: latencies.at(-1) ?? 0, offered: rate, dispatchLagP99: q(lags, 0.99) };
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux
let procWarning = false;

/** CPU time (user + system, ms) used so far by the processes whose pid or command name matches, from /proc (Linux). */
export function cpuMs(match: { pid?: number; command?: string }): number | null {
  const read = (pid: string) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { command, ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND };
    } catch {
      return null;
    }
  };
  if (!existsSync('/proc/self/stat')) {
    if (!procWarning) console.log('(no /proc: CPU per request not measured)');
    procWarning = true;
    return null;
  }
  if (match.pid !== undefined) return read(String(match.pid))?.ms ?? null;
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const entry = read(pid);
    if (entry && entry.command === match.command) total += entry.ms;
  }
  return total;
}

/** Runs `load` and reports the CPU each matched process spent per request during it (µs), next to the load result. */
export async function withCpu(targets: Record<string, { pid?: number; command?: string }>, load: () => Promise<LoadResult>): Promise<LoadResult & { cpuPerRequestUs: Record<string, number | null> }> {
  const before = Object.fromEntries(Object.entries(targets).map(([k, t]) => [k, cpuMs(t)]));
  const result = await load();
  const cpuPerRequestUs = Object.fromEntries(
    Object.entries(targets).map(([k, t]) => {
      const start = before[k];
      const end = cpuMs(t);
      return [k, start === null || start === undefined || end === null ? null : ((end - start) * 1000) / result.requests];
    }),
  );
  return { ...result, cpuPerRequestUs };
}
