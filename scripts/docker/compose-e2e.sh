#!/usr/bin/env bash
# End-to-end test of the self-hosting stack: builds the images from the committed Dockerfile, brings up
# docker-compose.yml (with compose.host-network.yml: every service on the host's network, on loopback ports) with two
# lab workers and two API replicas, and runs compose-e2e-client.mjs through the stack's one entrance (which sends each
# request to the next replica): a page, sign-up, a studied card, and a lab run whose worker container is killed mid-run
# and which must finish on the other worker; both replicas must have served the flow's API requests. Tears it all down
# (volumes too) unless KEEP=1. Prints the time of each phase.
#
# Needs: a running Docker daemon, docker-compose (v1) or `docker compose`, node; the base images (built by
# build-base-images.sh when missing and BUILD_BASE=1, the default). Ports (all on 127.0.0.1): E2E_PORT=5130 (entrance),
# E2E_API_PORT=5131, E2E_API2_PORT=5133, E2E_WEB_PORT=5132, E2E_PG_PORT=5499.
set -euo pipefail
cd "$(dirname "$0")/../.."

export E2E_PORT="${E2E_PORT:-5130}" E2E_API_PORT="${E2E_API_PORT:-5131}" E2E_API2_PORT="${E2E_API2_PORT:-5133}" E2E_WEB_PORT="${E2E_WEB_PORT:-5132}" E2E_PG_PORT="${E2E_PG_PORT:-5499}"
export COMPOSE_PROJECT="${COMPOSE_PROJECT:-recurrence-e2e}"
# A fresh password per run, letters and digits only; the shell's value wins over any .env.
export POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-$(node -e 'console.log(require("crypto").randomBytes(18).toString("hex"))')}"
export RECURRENCE_TAG="${RECURRENCE_TAG:-e2e}"
work="$(mktemp -d /tmp/recurrence-compose-e2e.XXXXXX)"
export E2E_NGINX_CONF="$work/nginx.conf"
sed -e "s/\${E2E_PORT}/$E2E_PORT/g" -e "s/\${E2E_API_PORT}/$E2E_API_PORT/g" -e "s/\${E2E_API2_PORT}/$E2E_API2_PORT/g" scripts/docker/nginx.host-network.conf.template >"$E2E_NGINX_CONF"

if command -v docker-compose >/dev/null 2>&1; then compose_cmd=(docker-compose); else compose_cmd=(docker compose); fi
# An empty env file: a developer's .env must not change the test.
: >"$work/empty.env"
compose=("${compose_cmd[@]}" -p "$COMPOSE_PROJECT" --env-file "$work/empty.env" -f docker-compose.yml -f scripts/docker/compose.host-network.yml)

t0=$(date +%s)
phase_start=$t0
phase() { local now; now=$(date +%s); printf '[compose-e2e] %-28s %4d s\n' "$1" $((now - phase_start)); phase_start=$now; }

for port in "$E2E_PORT" "$E2E_API_PORT" "$E2E_API2_PORT" "$E2E_WEB_PORT" "$E2E_PG_PORT"; do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "[compose-e2e] port $port is taken; set E2E_*PORT" >&2; exit 1; fi
done

cleanup() {
  local rc=$?
  if [ "$rc" != 0 ]; then
    echo "[compose-e2e] failed; the services' last log lines:" >&2
    "${compose[@]}" logs --no-color --tail=25 >&2 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then
    echo "[compose-e2e] KEEP=1: left running; stop with: ${compose[*]} down -v"
  else
    "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT

if [ "${BUILD_BASE:-1}" = 1 ]; then scripts/docker/build-base-images.sh node postgres nginx >/dev/null; fi
phase "base images"

# One image at a time (docker-compose v1 builds the services one after another; they share the build stages).
"${compose[@]}" build >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; exit 1; }
phase "build images"
# The production entrance's configuration (the test runs the same settings on loopback): nginx accepts it.
docker run --rm --network host -v "$PWD/docker/nginx.conf:/etc/nginx/conf.d/default.conf:ro" nginx:stable-bookworm nginx -t -q
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep ":$RECURRENCE_TAG " | sed 's/^/[compose-e2e] image /'

"${compose[@]}" up -d --scale worker=2 postgres migrate api api-2 web worker proxy-e2e >"$work/up.log" 2>&1 || { cat "$work/up.log"; exit 1; }
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$E2E_PORT/api/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$E2E_PORT/api/health" >/dev/null || { echo "[compose-e2e] the stack did not answer /api/health through the proxy" >&2; exit 1; }
migrate_exit=$(docker inspect -f '{{.State.ExitCode}}' "$("${compose[@]}" ps -q migrate)")
[ "$migrate_exit" = 0 ] || { echo "[compose-e2e] migrate exited $migrate_exit" >&2; exit 1; }
phase "stack up (healthy)"

E2E_BASE="http://127.0.0.1:$E2E_PORT" node scripts/docker/compose-e2e-client.mjs
phase "end-to-end flow"

# Both replicas served the flow (sign-up, study, lab), one request after the other: a session made on one was used on
# the other. Fastify logs each request's URL with its requestId.
for service in api api-2; do
  served=$(docker logs "$("${compose[@]}" ps -q "$service")" 2>&1 | grep -c '"url":"/api/v1/' || true)
  echo "[compose-e2e] $service served $served API requests"
  [ "$served" -gt 0 ] || { echo "[compose-e2e] $service served none of the flow's requests" >&2; exit 1; }
done

# The images' HEALTHCHECKs: every container still running (api, web, the surviving worker) reports healthy.
unhealthy=""
for _ in $(seq 1 60); do
  unhealthy=""
  for id in $("${compose[@]}" ps -q api api-2 web worker); do
    [ "$(docker inspect -f '{{.State.Running}}' "$id")" = true ] || continue
    status=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")
    [ "$status" = healthy ] || unhealthy="$unhealthy $(docker inspect -f '{{.Name}}' "$id"):$status"
  done
  [ -z "$unhealthy" ] && break
  sleep 2
done
[ -z "$unhealthy" ] || { echo "[compose-e2e] not healthy:$unhealthy" >&2; exit 1; }
phase "health checks healthy"

echo "[compose-e2e] green in $(( $(date +%s) - t0 )) s"
