import type { TLabBackend } from '@recurrence/contracts';
import { LabCancelledError } from '../errors';

export type ProgressCallback = (fraction: number, message: string) => void;

export interface RunOptions {
  /** Progress in [0, 1] with a short human-readable message. */
  onProgress?: ProgressCallback;
  /** Abort the run; checked between training steps, the run then rejects with LabCancelledError. */
  signal?: AbortSignal;
}

/** What a RunContext reports to and asks: a run's options, or one training's on a worker thread of the pool. */
export interface ContextOptions {
  onProgress?: ProgressCallback;
  /** Whether the run was cancelled (its AbortSignal, or the flag a worker thread shares with the trainer). */
  cancelled?: () => boolean;
}

/**
 * Per-run (or per-training) helpers: progress reporting, cancellation and timings. Experiments are synchronous tfjs
 * code, so `tick` also yields to the event loop now and then — otherwise an abort message posted to a worker
 * thread (or a SIGINT) could never be delivered while the run is busy.
 */
export class RunContext {
  readonly startedAt = performance.now();
  private lastYield = performance.now();
  private readonly timings: Record<string, number> = {};

  constructor(
    readonly seed: number,
    readonly backend: TLabBackend,
    private readonly options: ContextOptions = {},
  ) {}

  checkCancelled(): void {
    if (this.options.cancelled?.()) throw new LabCancelledError();
  }

  progress(fraction: number, message: string): void {
    this.options.onProgress?.(Math.min(1, Math.max(0, fraction)), message);
  }

  /** Report progress, yield to the event loop at most every ~25 ms, then check for cancellation. */
  async tick(fraction: number, message: string): Promise<void> {
    this.progress(fraction, message);
    if (performance.now() - this.lastYield > 25) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.lastYield = performance.now();
    }
    this.checkCancelled();
  }

  /** Adds the wall time of `fn` to timings[name]. */
  time<T>(name: string, fn: () => T): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.timings[name] = (this.timings[name] ?? 0) + performance.now() - t0;
    }
  }

  addTiming(name: string, ms: number): void {
    this.timings[name] = (this.timings[name] ?? 0) + ms;
  }

  /** The timings added so far, unrounded (a training's, to add to its run's). */
  rawTimings(): Record<string, number> {
    return { ...this.timings };
  }

  finishTimings(): { totalMs: number } & Record<string, number> {
    const round = (ms: number) => Math.round(ms * 10) / 10;
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(this.timings)) out[k] = round(v);
    return { ...out, totalMs: round(performance.now() - this.startedAt) };
  }
}

/** NaN / ±Infinity are not JSON: report them as null ("diverged"). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Least-squares slope of log(y) against log(x). */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const n = lx.length;
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  const my = ly.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (lx[i]! - mx) * (ly[i]! - my);
    den += (lx[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** Round to `digits` significant digits (keeps results compact and stable to print). */
export function sig(x: number, digits = 6): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(digits)) : x;
}

export function formatExp(x: number | null): string {
  if (x === null) return 'n/a';
  if (x === 0) return '0';
  return Math.abs(x) >= 0.01 && Math.abs(x) < 1000 ? x.toFixed(3) : x.toExponential(2);
}
