// Starts Recurrence after `npm run build`. The API process is the one public listener (HOST:PORT): it serves /api
// itself and streams every other path to the Next.js server, which listens on loopback only (127.0.0.1:WEB_PORT).
// The API migrates the database and loads the built-in decks on start. With a postgresql:// DATABASE_URL it also
// starts WORKERS lab workers (default 1), which train the lab runs the API enqueues. Ctrl-C stops them all; if one
// exits, the others are stopped.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '3000';
const webPort = process.env.WEB_PORT ?? String(Number(port) + 1);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
// Where the web app's server components reach the API: its listener, on loopback when it listens everywhere.
const host = process.env.HOST ?? '0.0.0.0';
const apiHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
const nextBin = join(dirname(createRequire(join(root, 'apps/web/package.json')).resolve('next/package.json')), 'dist/bin/next');

const postgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');
const workers = Number(process.env.WORKERS ?? '1');
if (!Number.isInteger(workers) || workers < 0 || workers > 64) {
  console.error(`[recurrence] WORKERS must be a whole number from 0 to 64 (got ${JSON.stringify(process.env.WORKERS)})`);
  process.exit(1);
}

const children = new Set();
let stopping = false;

function run(name, args, childEnv) {
  const child = spawn(process.execPath, args, { cwd: root, env: childEnv, stdio: 'inherit' });
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`[recurrence] ${name} exited (${signal ?? code}); stopping`);
      stop(code ?? 1);
    } else if (children.size === 0) {
      process.exit(process.exitCode ?? 0);
    }
  });
  return child;
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  if (children.size === 0) process.exit(code);
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 10_000).unref();
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

// Next.js on loopback only: nothing reaches it but the API's front door. Its server components call the API there.
run('web', [nextBin, 'start', join(root, 'apps/web'), '--port', webPort, '--hostname', '127.0.0.1'], { ...env, API_ORIGIN: `http://${apiHost}:${port}` });
run('api', [join(root, 'apps/api/dist/server.js')], { ...env, PORT: port, WEB_UPSTREAM: `http://127.0.0.1:${webPort}` });
if (await waitFor(`http://${apiHost}:${port}/api/health`, 120_000)) {
  // PostgreSQL: the API only enqueues lab runs; lab workers train them. Start WORKERS of them (default 1) once the
  // API has migrated the database. More can run anywhere: `DATABASE_URL=… npm run worker -w @recurrence/api`.
  if (postgres) {
    for (let i = 1; i <= workers; i++) run(`lab worker ${i}`, [join(root, 'apps/api/dist/lab-queue-worker.js')], env);
  }
  console.log(`[recurrence] open http://localhost:${port}`);
} else if (!stopping) {
  console.error('[recurrence] the API did not become healthy within 120 s');
  stop(1);
}
