// Starts Recurrence after `npm run build`: the API (which migrates the database and loads the built-in decks
// on start), then the web app once the API answers. Ctrl-C stops both; if either exits, the other is stopped.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const webPort = process.env.PORT ?? '3000';
const apiPort = process.env.API_PORT ?? '4000';
const env = { ...process.env, API_PORT: apiPort, NEXT_TELEMETRY_DISABLED: '1' };
const nextBin = join(dirname(createRequire(join(root, 'apps/web/package.json')).resolve('next/package.json')), 'dist/bin/next');

const children = new Set();
let stopping = false;

function run(name, args, options = {}) {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit', ...options });
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

async function waitForApi(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(`http://127.0.0.1:${apiPort}/api/health`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

run('api', [join(root, 'apps/api/dist/server.js')]);
if (!(await waitForApi(120_000))) {
  if (!stopping) {
    console.error('[recurrence] the API did not become healthy within 120 s');
    stop(1);
  }
} else {
  run('web', [nextBin, 'start', join(root, 'apps/web'), '--port', webPort, '--hostname', process.env.HOST ?? '0.0.0.0']);
  console.log(`[recurrence] open http://localhost:${webPort}`);
}
