/**
 * Command line: run one experiment and print a readable summary (or the JSON result).
 *
 *   npm run lab -- <experiment> [--<param> <value> …] [--seed n] [--json] [--export run.json]
 *                  [--backend tensorflow-gpu|tensorflow|wasm|cpu] [--trainers n]
 *
 * --trainers (default LAB_TRAINERS, else the CPUs less one): worker threads on which the independent trainings of the
 * run (gradient-flow's architectures, layernorm-depth's placements) train at once; 1 trains them in order.
 * Arrays are comma-separated (--architectures rnn,lstm). Progress goes to stderr. Exit codes: 0 ok,
 * 1 failure, 2 invalid arguments or parameters (the message names the field), 130 interrupted.
 */
import { writeFileSync } from 'node:fs';
import { LAB_PARAMS_SCHEMAS, ZExperimentId, ZLabBackend, type TExperimentId, type TLabBackend, type TLabResult } from '@recurrence/contracts';
import { ensureBackend } from './backend';
import { isLabCancelledError, LabParamsError } from './errors';
import { experiments, runExperiment, runExperimentWithExport } from './experiments/registry';
import { createTrainerPool } from './parallel/pool';
import { labTrainersProblem, parseLabTrainers } from './parallel/trainers';

class UsageError extends Error {}

interface CliArgs {
  experiment: TExperimentId;
  params: Record<string, unknown>;
  seed?: number;
  json: boolean;
  exportPath?: string;
  backend?: TLabBackend;
  /** Unset: LAB_TRAINERS, else the CPUs less one. */
  trainers?: number;
}

type AnySchema = { _zod: { def: { type: string; innerType?: AnySchema; shape?: Record<string, AnySchema> } } };

/** The zod type name of a field, looking through defaults/optionals. */
function fieldType(schema: AnySchema): string {
  let s = schema;
  while (['default', 'optional', 'prefault', 'nullable'].includes(s._zod.def.type) && s._zod.def.innerType) s = s._zod.def.innerType;
  return s._zod.def.type;
}

function coerce(type: string, raw: string): unknown {
  if (type === 'array') return raw.split(',').map((v) => v.trim()).filter(Boolean);
  if (type === 'number') {
    const n = Number(raw);
    return raw.trim() === '' || Number.isNaN(n) ? raw : n;
  }
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

export function parseArgs(argv: string[]): CliArgs {
  const [experiment, ...rest] = argv;
  const ids = ZExperimentId.options.join(', ');
  if (!experiment || experiment.startsWith('-')) throw new UsageError(`Missing experiment. One of: ${ids}`);
  const parsedId = ZExperimentId.safeParse(experiment);
  if (!parsedId.success) throw new UsageError(`Unknown experiment "${experiment}". One of: ${ids}`);
  const shape = (LAB_PARAMS_SCHEMAS[parsedId.data] as unknown as AnySchema)._zod.def.shape ?? {};
  const args: CliArgs = { experiment: parsedId.data, params: {}, json: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}"`);
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === 'json') {
      args.json = true;
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined) throw new UsageError(`--${flag} needs a value`);
    if (flag === 'seed') {
      const seed = Number(value);
      if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new UsageError(`seed: must be an integer in [0, 2^32-1], got "${value}"`);
      args.seed = seed;
    } else if (flag === 'export') {
      args.exportPath = value;
    } else if (flag === 'trainers') {
      const problem = labTrainersProblem(value);
      if (problem) throw new UsageError(`trainers: ${problem}`);
      args.trainers = Number(value.trim());
    } else if (flag === 'backend') {
      const backend = ZLabBackend.safeParse(value);
      if (!backend.success) throw new UsageError(`backend: one of ${ZLabBackend.options.join(', ')}, got "${value}"`);
      args.backend = backend.data;
    } else if (flag in shape) {
      args.params[flag] = coerce(fieldType(shape[flag]!), value);
    } else {
      throw new UsageError(`${flag}: unknown parameter for ${parsedId.data}. Known: ${Object.keys(shape).join(', ')}`);
    }
  }
  return args;
}

function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined) return 'n/a';
  if (x === 0) return '0';
  return Math.abs(x) >= 0.01 && Math.abs(x) < 1e4 ? x.toFixed(3) : x.toExponential(2);
}

/** A few numbers per experiment beyond the summary lines. */
function details(result: TLabResult): string[] {
  switch (result.experiment) {
    case 'gradient-flow': {
      const T = result.params.seqLen;
      const picks = [...new Set([0, Math.floor(T / 4), Math.floor(T / 2), Math.floor((3 * T) / 4), T - 1])];
      const cell = (v: string) => v.padStart(10);
      const head = 't ='.padEnd(12) + picks.map((t) => cell(String(t))).join('');
      const rows = result.architectures.map((a) => a.architecture.padEnd(12) + picks.map((t) => cell(fmt(a.atEnd.inputGradNorm[t]))).join(''));
      const ref = 'γ^(T-1-t)'.padEnd(12) + picks.map((t) => cell(fmt(result.reference.curve[t]))).join('');
      return [`‖∂L/∂x_t‖ after ${result.params.steps} steps:`, head, ...rows, ref];
    }
    case 'attention-cost':
      return [
        '     n   attn ms   attn MB   lstm ms   lstm MB',
        ...result.rows.map(
          (r) =>
            `${String(r.seqLen).padStart(6)}${r.attention.forwardMs.toFixed(1).padStart(10)}${(r.attention.peakBytes / 2 ** 20).toFixed(2).padStart(10)}` +
            `${r.lstm.forwardMs.toFixed(1).padStart(10)}${(r.lstm.peakBytes / 2 ** 20).toFixed(2).padStart(10)}`,
        ),
        `memory slope (all / longer half): attention ${result.slopes.attention.memory.toFixed(2)} / ${result.slopes.attention.memoryTail.toFixed(2)}, LSTM ${result.slopes.lstm.memory.toFixed(2)} / ${result.slopes.lstm.memoryTail.toFixed(2)}`,
      ];
    case 'positional-encoding':
      return result.modes.map((m) => `${m.positions.padEnd(11)} max |pooled(A) − pooled(B)| = ${m.maxAbsDiff.toExponential(2)}${m.identical ? '  (identical)' : ''}`);
    case 'layernorm-depth':
      return result.placements.flatMap((pl) => [
        `${pl.norm}-LN ‖∂L/∂W2‖ per layer at init: ${pl.atInit.ffnW2.map(fmt).join(' ')}`,
        `${pl.norm}-LN ‖∂L/∂W2‖ after ${result.params.steps} steps: ${pl.afterSteps.ffnW2.map(fmt).join(' ')}`,
      ]);
    case 'attention-weights':
      return result.examples.map(
        (e) =>
          `${e.tokens.map((t, i) => (i === e.sentimentIndex ? `[${t}]` : t)).join(' ')} → ${e.predicted} (p=${e.probabilityPositive.toFixed(2)}), weight on [${e.tokens[e.sentimentIndex]}] ${(100 * e.weightOnSentiment).toFixed(0)}%`,
      );
    case 'lstm-gates':
      return result.traces.map(
        (t) =>
          `example (label ${t.label}, predicted ${t.predicted}): unit ${result.memoryUnit.index} forget ${t.memoryUnit.forget.slice(0, 6).map((v) => v.toFixed(2)).join(' ')} …, cell ${t.memoryUnit.cell.slice(0, 6).map((v) => v.toFixed(2)).join(' ')} …`,
      );
  }
}

export function renderSummary(result: TLabResult): string {
  const def = experiments[result.experiment];
  return [
    `${def.title} (${result.experiment}) — seed ${result.seed}, backend ${result.backend}, ${result.timings.totalMs < 1000 ? `${Math.round(result.timings.totalMs)} ms` : `${(result.timings.totalMs / 1000).toFixed(1)} s`}, code ${result.codeVersion}`,
    ...result.summary.lines.map((l) => `  • ${l}`),
    '',
    ...details(result).map((l) => `  ${l}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(
        `lab: ${error.message}\nUsage: npm run lab -- <experiment> [--param value …] [--seed n] [--json] [--export run.json] [--backend name] [--trainers n]\n`,
      );
      return 2;
    }
    throw error;
  }
  let trainerCount: number;
  try {
    trainerCount = args.trainers ?? parseLabTrainers(process.env.LAB_TRAINERS);
  } catch (error) {
    process.stderr.write(`lab: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const tty = process.stderr.isTTY;
  let lastPrint = 0;
  const onProgress = (fraction: number, message: string) => {
    const now = Date.now();
    if (now - lastPrint < (tty ? 100 : 2000) && fraction < 1) return;
    lastPrint = now;
    const line = `[${(100 * fraction).toFixed(0).padStart(3)}%] ${message}`;
    process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
  };
  const request = { experiment: args.experiment, params: args.params, ...(args.seed !== undefined ? { seed: args.seed } : {}) };
  const backend = args.backend ? { candidates: [args.backend] } : undefined;
  // Threads only for an experiment of several trainings (each thread loads TensorFlow.js and its own wasm heap).
  const trainers = experiments[args.experiment].plan ? createTrainerPool(trainerCount, await ensureBackend(backend)) : undefined;
  const options = { onProgress, signal: controller.signal, ...(backend ? { backend } : {}), ...(trainers ? { trainers } : {}) };
  try {
    let result: TLabResult;
    if (args.exportPath) {
      const out = await runExperimentWithExport(request, options);
      writeFileSync(args.exportPath, JSON.stringify(out.exported));
      result = out.result;
    } else {
      result = await runExperiment(request, options);
    }
    if (tty) process.stderr.write('\r\x1b[K');
    process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderSummary(result)}\n`);
    if (args.exportPath) process.stderr.write(`export written to ${args.exportPath}\n`);
    return 0;
  } catch (error) {
    if (tty) process.stderr.write('\n');
    if (error instanceof LabParamsError) {
      process.stderr.write(`lab: invalid parameters for ${args.experiment}:\n${error.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}\n`);
      return 2;
    }
    if (isLabCancelledError(error)) {
      process.stderr.write('lab: cancelled\n');
      return 130;
    }
    process.stderr.write(`lab: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

const isEntry = process.argv[1] !== undefined && /cli\.[cm]?[jt]s$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`lab: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
