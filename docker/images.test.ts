import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * What the self-hosting files must keep: images that run as `node` in production mode with health checks and no
 * secret, the web image on Next's standalone output, and a compose stack that refuses to start without a password,
 * publishes one port and starts the API only after the migrations ran. The full stack is exercised by
 * scripts/docker/compose-e2e.sh (it needs a Docker daemon); these checks need none.
 */
const root = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Stage {
  name: string;
  from: string;
  instructions: { op: string; args: string }[];
}

/** The Dockerfile's stages, with continuation lines joined and comments dropped. */
function stagesOf(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [op = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ name: m?.[2] ?? `stage${stages.length}`, from: m?.[1] ?? '', instructions: [] });
    } else if (stages.length) {
      stages.at(-1)!.instructions.push({ op: op.toUpperCase(), args });
    }
  }
  return stages;
}

const dockerfile = stagesOf(read('Dockerfile'));
const stage = (name: string) => {
  const found = dockerfile.find((s) => s.name === name);
  if (!found) throw new Error(`no stage ${name} in the Dockerfile`);
  return found;
};
/** A stage's instructions after those of the stages it is built FROM (inherited USER, ENV, HEALTHCHECK). */
function chain(name: string): Stage['instructions'] {
  const s = stage(name);
  const parent = dockerfile.find((p) => p.name === s.from);
  return [...(parent ? chain(parent.name) : []), ...s.instructions];
}
const last = (name: string, op: string) => chain(name).filter((i) => i.op === op).at(-1)?.args;
const envOf = (name: string) => chain(name).filter((i) => i.op === 'ENV').map((i) => i.args).join(' ');

const RUNTIME = ['api', 'web', 'worker', 'migrate'];
const SECRET = /(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY)\s*=|postgres(ql)?:\/\/[^\s:@/]+:[^\s@/]+@/i;

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage per service, the API last (the default target)', () => {
    expect(dockerfile.map((s) => s.name)).toEqual(expect.arrayContaining(['build', ...RUNTIME]));
    expect(dockerfile.at(-1)!.name).toBe('api');
  });

  it.each(RUNTIME)('%s runs as the unprivileged node user in production mode', (name) => {
    expect(last(name, 'USER')).toBe('node');
    expect(envOf(name)).toMatch(/\bNODE_ENV=production\b/);
  });

  it.each(['api', 'web', 'worker'])('%s has a HEALTHCHECK', (name) => {
    expect(last(name, 'HEALTHCHECK')).toMatch(/^(--\S+\s+)*CMD\s/);
  });

  it('runtime stages carry no build toolchain and no dev dependencies', () => {
    for (const name of RUNTIME) {
      const installs = chain(name).filter((i) => i.op === 'RUN' && /apt-get install|npm (ci|install)\b/.test(i.args));
      expect(installs, name).toEqual([]);
    }
    const deps = stage('api-deps').instructions.find((i) => i.op === 'RUN' && /npm ci/.test(i.args));
    expect(deps?.args).toMatch(/--omit=dev/);
  });

  it('the web image is the Next.js standalone output with its static files', () => {
    const build = stage('build').instructions.map((i) => i.args).join('\n');
    expect(build).toMatch(/NEXT_OUTPUT=standalone npm run build -w @recurrence\/web/);
    expect(build).toMatch(/\.next\/static \S*\.next\/standalone\/apps\/web\/\.next\/static/);
    const copies = stage('web').instructions.filter((i) => i.op === 'COPY').map((i) => i.args);
    expect(copies).toEqual([expect.stringMatching(/^--from=build \/app\/apps\/web\/\.next\/standalone /)]);
    expect(last('web', 'CMD')).toContain('apps/web/server.js');
    expect(read('apps/web/next.config.ts')).toMatch(/process\.env\.NEXT_OUTPUT === 'standalone' \? \{ output: 'standalone'/);
  });

  it('no image is given a secret (ENV, ARG, LABEL) and the build context leaves out .env files', () => {
    const files = ['Dockerfile', 'docker/gpu-worker.Dockerfile', 'scripts/docker/postgres-standin.Dockerfile', 'scripts/docker/nginx-standin.Dockerfile'];
    for (const file of files) {
      for (const s of stagesOf(read(file))) {
        for (const i of s.instructions.filter((x) => ['ENV', 'ARG', 'LABEL'].includes(x.op))) expect(i.args, `${file}: ${i.op} ${i.args}`).not.toMatch(SECRET);
      }
    }
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.env.*', '.git', '**/node_modules']));
  });

  it('the GPU worker image runs as node with a health check', () => {
    const gpu = stagesOf(read('docker/gpu-worker.Dockerfile'));
    const final = gpu.at(-1)!;
    expect(final.instructions.filter((i) => i.op === 'USER').at(-1)?.args).toBe('node');
    expect(final.instructions.some((i) => i.op === 'HEALTHCHECK' && i.args.includes('CMD'))).toBe(true);
  });
});

// docker-compose (v1, Debian's package) or the v2 plugin; `config` needs no Docker daemon.
const composeCommand: string[] | null = (() => {
  for (const cmd of [['docker-compose'], ['docker', 'compose']]) {
    if (spawnSync(cmd[0]!, [...cmd.slice(1), 'version'], { stdio: 'ignore' }).status === 0) return cmd;
  }
  return null;
})();
if (!composeCommand) {
  console.warn('SKIPPED: docker-compose config checks (neither docker-compose nor `docker compose` is installed; .ci/run installs docker-compose with apt)');
}

function compose(args: string[], env: Record<string, string | undefined>) {
  const [cmd, ...pre] = composeCommand!;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(POSTGRES_|RECURRENCE_|E2E_|COMPOSE_)/.test(k)));
  return spawnSync(cmd!, [...pre, '--env-file', '.env.example', ...args], { cwd: root, encoding: 'utf8', env: { ...clean, ...env } });
}

describe.skipIf(!composeCommand)('docker-compose.yml with .env.example', () => {
  const password = 'only-in-this-test-0123456789';

  it('refuses to start without POSTGRES_PASSWORD (there is no default)', () => {
    const out = compose(['config'], {});
    expect(out.status).not.toBe(0);
    expect(out.stderr).toMatch(/POSTGRES_PASSWORD/);
  });

  it('has the services, migrate before the API, one published port, and the password only from the environment', () => {
    const services = compose(['config', '--services'], { POSTGRES_PASSWORD: password });
    expect(services.stderr).not.toMatch(/error/i);
    // docker-compose v1 lists the gpu profile's worker too; v2 only with --profile gpu.
    const names = services.stdout.trim().split('\n').filter((s) => s !== 'worker-gpu');
    expect(names.sort()).toEqual(['api', 'migrate', 'postgres', 'proxy', 'web', 'worker']);
    const config = compose(['config'], { POSTGRES_PASSWORD: password });
    expect(config.status).toBe(0);
    expect(config.stdout.match(/service_completed_successfully/g)?.length).toBeGreaterThanOrEqual(2);
    expect(config.stdout.match(/published:/g)?.length).toBe(1);
    expect(config.stdout).toContain(`postgresql://recurrence:${password}@postgres:5432/recurrence`);
    expect(read('docker-compose.yml')).not.toContain(password);
  });

  it('the gpu profile adds a worker with an NVIDIA device reservation', () => {
    const services = compose(['--profile', 'gpu', 'config', '--services'], { POSTGRES_PASSWORD: password });
    expect(services.stdout.trim().split('\n')).toContain('worker-gpu');
    const config = compose(['--profile', 'gpu', 'config'], { POSTGRES_PASSWORD: password }).stdout;
    expect(config).toMatch(/driver: nvidia/);
    expect(config).toMatch(/capabilities:\s*\n\s*- gpu/);
  });

  it('the e2e override puts every service it starts on the host network and creates no bridge', () => {
    const out = compose(['-f', 'docker-compose.yml', '-f', 'scripts/docker/compose.host-network.yml', 'config'], { POSTGRES_PASSWORD: password, E2E_NGINX_CONF: '/tmp/nginx.conf' });
    expect(out.status, out.stderr).toBe(0);
    // postgres, migrate, api, api-2 (the second replica), web, worker, proxy-e2e.
    expect(out.stdout.match(/network_mode: host/g)?.length).toBe(7);
    expect(out.stdout).toMatch(/networks:\s*\n\s*default:\s*\n\s*external: true\s*\n\s*name: host/);
  });
});

it('the base-image script is executable and names the tags the Dockerfile and compose file use', () => {
  const script = read('scripts/docker/build-base-images.sh');
  for (const tag of ['node:20-bookworm-slim', 'postgres:16-bookworm', 'nginx:stable-bookworm']) expect(script).toContain(tag);
  expect(read('Dockerfile')).toContain('ARG NODE_IMAGE=node:20-bookworm-slim');
  expect(execFileSync('bash', ['-n', join(root, 'scripts/docker/build-base-images.sh')], { encoding: 'utf8' })).toBe('');
  expect(execFileSync('bash', ['-n', join(root, 'scripts/docker/compose-e2e.sh')], { encoding: 'utf8' })).toBe('');
});
