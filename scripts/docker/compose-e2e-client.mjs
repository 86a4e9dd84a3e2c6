// The end-to-end flow compose-e2e.sh runs against a started compose stack, through its one entrance (the proxy):
// a page from the web container, sign-up, one studied card, and a lab run whose worker container is killed mid-run
// (`docker kill`), which must then finish on another worker container. No dependencies but Node and the docker CLI.
// Env: E2E_BASE (http://127.0.0.1:5130), COMPOSE_PROJECT (to find the worker containers).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';

const base = process.env.E2E_BASE ?? 'http://127.0.0.1:5130';
const project = process.env.COMPOSE_PROJECT ?? 'recurrence-e2e';
const started = Date.now();
const timings = {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
function step(name) {
  const t0 = Date.now();
  return () => {
    timings[name] = Date.now() - t0;
    console.log(`[e2e] ${name}: ok (${secs(timings[name])})`);
  };
}
function fail(message) {
  console.error(`[e2e] FAILED: ${message}`);
  process.exit(1);
}
function check(condition, message) {
  if (!condition) fail(message);
}

let cookie = '';
async function api(method, path, body) {
  const headers = { origin: base, cookie };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
  const set = res.headers.getSetCookie();
  if (set.length) {
    const jar = new Map(cookie ? cookie.split('; ').map((c) => c.split(/=(.*)/s).slice(0, 2)) : []);
    for (const c of set) {
      const [pair] = c.split(';');
      const [k, v] = pair.split(/=(.*)/s);
      jar.set(k, v);
    }
    cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // a page
  }
  return { status: res.status, json, text };
}

const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const workers = () =>
  docker('ps', '-q', '--filter', `label=com.docker.compose.project=${project}`, '--filter', 'label=com.docker.compose.service=worker')
    .split('\n')
    .filter(Boolean);
const logsOf = (id) => {
  try {
    return execFileSync('docker', ['logs', id], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return '';
  }
};
/** Worker containers whose log says they started training the run (attempt n). */
const trainers = (ids, runId) =>
  ids.filter((id) =>
    logsOf(id)
      .split('\n')
      .some((line) => line.includes(runId) && line.includes('training a lab run')),
  );

// 1. A page, rendered by the web container and passed on by the API behind the proxy.
let done = step('page through the proxy');
const page = await api('GET', '/sign-in');
check(page.status === 200 && /<html/i.test(page.text), `GET /sign-in answered ${page.status}`);
done();

// 2. Sign up.
done = step('sign up');
const email = `e2e-${randomUUID().slice(0, 8)}@example.com`;
const signUp = await api('POST', '/api/v1/auth/sign-up', { email, password: `Compose-e2e ${randomUUID()}`, displayName: 'Compose e2e' });
check(signUp.status === 201, `sign-up answered ${signUp.status}: ${signUp.text.slice(0, 300)}`);
check(cookie.length > 0, 'sign-up set no cookie');
done();

// 3. Study one card: it is not served again right after it was rated.
done = step('study a card');
const first = await api('GET', '/api/v1/study/next');
check(first.status === 200 && first.json?.next, `study/next answered ${first.status}: ${first.text.slice(0, 300)}`);
const card = first.json.next;
const review = await api('POST', '/api/v1/study/reviews', { clientId: randomUUID(), cardId: card.card.id, rating: 3, durationMs: 4000, expectedVersion: card.version });
check(review.status === 201, `the review answered ${review.status}: ${review.text.slice(0, 300)}`);
const second = await api('GET', '/api/v1/study/next');
check(second.status === 200, `study/next answered ${second.status}`);
check(second.json.next?.card.id !== card.card.id, 'the card just rated was served again');
done();

// 4. A lab run on a worker container; kill that container mid-run; another worker finishes the job.
const ids = workers();
check(ids.length >= 2, `need two running worker containers (--scale worker=2), found ${ids.length}`);
done = step('lab run reaches a worker');
const params = { architectures: ['rnn', 'lstm'], seqLen: Number(process.env.E2E_LAB_SEQ_LEN ?? 60), steps: Number(process.env.E2E_LAB_STEPS ?? 40), batchSize: 16, hidden: 32 };
const start = await api('POST', '/api/v1/lab/runs', { experiment: 'gradient-flow', params, seed: Math.floor(Math.random() * 1e9) });
check(start.status === 202, `starting the lab run answered ${start.status}: ${start.text.slice(0, 300)}`);
const runId = start.json.id;
let victim = null;
for (const deadline = Date.now() + 60_000; Date.now() < deadline && !victim; await sleep(250)) [victim] = trainers(ids, runId);
check(victim, `no worker container started run ${runId} within 60 s`);
done();
console.log(`[e2e] run ${runId} trains on worker container ${victim.slice(0, 12)}`);

// Wait until it has made progress, so the kill lands mid-run (not before training started).
let run = null;
for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(250)) {
  run = (await api('GET', `/api/v1/lab/runs/${runId}`)).json;
  if (run.status !== 'running' || run.progress > 0) break;
}
check(run.status === 'running', `the run was ${run.status} before the kill (make it longer: E2E_LAB_STEPS)`);
console.log(`[e2e] killing ${victim.slice(0, 12)} at progress ${(run.progress * 100).toFixed(0)}%`);
docker('kill', victim);
const killedAt = Date.now();

done = step('run finished on another worker after the kill');
for (const deadline = Date.now() + 240_000; Date.now() < deadline; await sleep(1000)) {
  run = (await api('GET', `/api/v1/lab/runs/${runId}`)).json;
  if (['done', 'failed', 'cancelled'].includes(run.status)) break;
}
check(run.status === 'done', `the run ended ${run.status} (${run.message}; ${run.error ?? ''})`);
const rescuers = trainers(workers(), runId).filter((id) => id !== victim);
check(rescuers.length > 0, 'no other worker container logged training the run');
check(!docker('inspect', '-f', '{{.State.Running}}', victim).includes('true'), 'the killed worker is running again');
check(run.result?.experiment === 'gradient-flow', 'the finished run has no gradient-flow result');
done();
console.log(`[e2e] run finished on ${rescuers[0].slice(0, 12)} ${secs(Date.now() - killedAt)} after the kill: "${run.message}"`);
console.log(`[e2e] all green in ${secs(Date.now() - started)}`);
