#!/usr/bin/env bash
# Builds @tensorflow/tfjs-node (the lab's native `tensorflow` backend) against the libtensorflow inside a TensorFlow
# CPU wheel, for hosts where tfjs-node's own install step cannot download libtensorflow (air-gapped hosts, and the
# machines this project is built on). README: "The native TensorFlow backend".
#
#   scripts/tfjs-node/build.sh            # after `npm ci` / `npm install`; idempotent, ~1 s when already built
#   TFJS_NODE_WHEEL=/path/tensorflow_cpu-2.21.0-…whl scripts/tfjs-node/build.sh   # use a wheel you already have
#
# What it does (each step skipped when its output is there):
#   1. `npm install --ignore-scripts @tensorflow/tfjs-node@<the lab's version>` into $BUILD_DIR (default
#      .cache/tfjs-node, gitignored), then removes that install's own @tensorflow/tfjs-core and tfjs-backend-cpu, so
#      that from there Node resolves them to the repository's node_modules: one tfjs-core instance, shared with the lab;
#   2. the TensorFlow wheel (`pip download --no-deps tensorflow-cpu==$TF_VERSION`, from pip's index or a local one;
#      or $TFJS_NODE_WHEEL): its C API headers into the package's deps/include, libtensorflow_cc.so.2 and
#      libtensorflow_framework.so.2 into deps/lib, with libtensorflow.so(.2) pointing at libtensorflow_cc.so.2
#      (the C and eager C API symbols are exported there);
#   3. node-gyp against Node's own headers (--nodedir, no header download) → lib/napi-v8/tfjs_binding.node;
#   4. links node_modules/@tensorflow/tfjs-node to the built package (npm ci removes node_modules, so CI relinks
#      in about a second) and checks that `tensorflow` registers with the lab's tfjs-core.
# Needs: Node ≥ 20 with its headers (/usr/include/node, or NODE_DIR), g++, make, python3 with pip, unzip.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

TFJS_VERSION=$(node -p "require('./packages/lab/package.json').optionalDependencies['@tensorflow/tfjs-node']")
CORE_VERSION=$(node -p "require('./packages/lab/package.json').dependencies['@tensorflow/tfjs-core']")
TF_VERSION=${TF_VERSION:-2.21.0}
BUILD_DIR=${TFJS_NODE_BUILD_DIR:-$ROOT/.cache/tfjs-node}
NODE_DIR=${NODE_DIR:-$(dirname "$(dirname "$(command -v node)")")}
PKG=$BUILD_DIR/node_modules/@tensorflow/tfjs-node
STAMP=$PKG/.recurrence-build
WANT="tfjs-node $TFJS_VERSION, tensorflow-cpu $TF_VERSION, node $(node -p process.versions.modules)"
LINK=$ROOT/node_modules/@tensorflow/tfjs-node
say() { echo "tfjs-node: $*"; }

if [ "$TFJS_VERSION" != "$CORE_VERSION" ]; then
  say "the lab's @tensorflow/tfjs-core is $CORE_VERSION but tfjs-node is $TFJS_VERSION: they must match (one tfjs-core)" >&2
  exit 1
fi
INSTALLED_CORE=$(node -p "require('@tensorflow/tfjs-core/package.json').version" 2>/dev/null || echo none)
if [ "$INSTALLED_CORE" != "$CORE_VERSION" ]; then
  say "node_modules has @tensorflow/tfjs-core $INSTALLED_CORE, not $CORE_VERSION: run npm ci (or npm install) first" >&2
  exit 1
fi

if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  started=$SECONDS
  rm -rf "$BUILD_DIR"
  mkdir -p "$BUILD_DIR"
  # 1. The package and its runtime dependencies, without running its install script (the libtensorflow download).
  cat >"$BUILD_DIR/package.json" <<EOF
{ "private": true, "description": "built by scripts/tfjs-node/build.sh", "dependencies": { "@tensorflow/tfjs-node": "$TFJS_VERSION" } }
EOF
  say "installing @tensorflow/tfjs-node@$TFJS_VERSION and its dependencies (no install scripts) into $BUILD_DIR"
  (cd "$BUILD_DIR" && npm install --ignore-scripts --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null)
  rm -rf "$BUILD_DIR/node_modules/@tensorflow/tfjs-core" "$BUILD_DIR/node_modules/@tensorflow/tfjs-backend-cpu"

  # 2. libtensorflow and its C API headers from the TensorFlow CPU wheel.
  WHEEL=${TFJS_NODE_WHEEL:-}
  if [ -z "$WHEEL" ]; then
    say "fetching the tensorflow-cpu==$TF_VERSION wheel with pip"
    # Any Python can fetch it: only the libraries are used, and the wheels are built for CPython 3.11.
    python3 -m pip download --no-deps --quiet --python-version 3.11 --only-binary=:all: -d "$BUILD_DIR/wheel" "tensorflow-cpu==$TF_VERSION"
    WHEEL=$(ls "$BUILD_DIR"/wheel/tensorflow_cpu-*.whl)
  fi
  say "unpacking libtensorflow from $(basename "$WHEEL")"
  mkdir -p "$BUILD_DIR/unpacked" "$PKG/deps/lib"
  unzip -q -o "$WHEEL" -d "$BUILD_DIR/unpacked" \
    'tensorflow/include/tensorflow/c/*' 'tensorflow/include/tensorflow/core/platform/*' 'tensorflow/include/tsl/platform/*' \
    'tensorflow/include/xla/tsl/platform/*' 'tensorflow/include/xla/tsl/c/*' 'tensorflow/libtensorflow_cc.so.2' 'tensorflow/libtensorflow_framework.so.2'
  mv "$BUILD_DIR/unpacked/tensorflow/include" "$PKG/deps/include"
  mv "$BUILD_DIR"/unpacked/tensorflow/libtensorflow_cc.so.2 "$BUILD_DIR"/unpacked/tensorflow/libtensorflow_framework.so.2 "$PKG/deps/lib/"
  ln -sf libtensorflow_cc.so.2 "$PKG/deps/lib/libtensorflow.so.2"
  ln -sf libtensorflow_cc.so.2 "$PKG/deps/lib/libtensorflow.so"
  ln -sf libtensorflow_framework.so.2 "$PKG/deps/lib/libtensorflow_framework.so"
  rm -rf "$BUILD_DIR/unpacked" "$BUILD_DIR/wheel"

  # 3. The N-API binding, against this Node's headers.
  say "compiling the binding (node-gyp, headers from $NODE_DIR/include/node)"
  (cd "$PKG" && npx --yes node-gyp@11 rebuild --nodedir="$NODE_DIR" --module_name=tfjs_binding --module_path=lib/napi-v8 \
    --napi_build_version=8 --jobs=1 >"$BUILD_DIR/node-gyp.log" 2>&1) || { tail -n 40 "$BUILD_DIR/node-gyp.log" >&2; exit 1; }
  mkdir -p "$PKG/lib/napi-v8"
  cp "$PKG/build/Release/tfjs_binding.node" "$PKG/lib/napi-v8/"
  rm -rf "$PKG/build"
  echo "$WANT" >"$STAMP"
  say "built in $((SECONDS - started)) s"
fi

# 4. Link it where Node (and the lab) resolve packages; from its real path Node still reaches this repository's
# node_modules (for tfjs-core), since the build directory is inside the repository.
mkdir -p "$(dirname "$LINK")"
if [ "$(readlink "$LINK" 2>/dev/null)" != "$PKG" ]; then
  rm -rf "$LINK"
  ln -s "$PKG" "$LINK"
fi
TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2} node --input-type=module -e "
  const core = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-node');
  if (core.findBackendFactory('tensorflow') === null) throw new Error('tfjs-node did not register with the lab\\'s tfjs-core');
  await core.setBackend('tensorflow');
  const y = core.matMul(core.tensor2d([[1, 2]]), core.tensor2d([[3], [4]])).dataSync()[0];
  if (y !== 11) throw new Error('tensorflow computed ' + y);
  console.log('tfjs-node: ready — backend ' + core.getBackend() + ', TensorFlow ' + core.backend().binding.TF_Version + ', tfjs-core ' + core.version_core);
" 2>&1 | grep -v 'absl::InitializeLog\|cpu_feature_guard\|oneDNN\|rebuild TensorFlow with the appropriate compiler flags\|To enable the following instructions'
