#!/usr/bin/env bash
# Entry point of every npm script: bootstraps the toolchain (scripts/bootstrap.sh), then runs one job.
#   test   typecheck, lint, unit, emulator integration (real sockets), gcloud + gax conformance, Pulumi e2e
#   demo   the teardown demo: emulator + real `pulumi up` / `pulumi destroy`
#   bench  the benchmark harness (pass --quick for a ~1 minute run)
#   soak   the long reliability runs
#   docs   regenerate the README's options and outcomes tables from code
#   sdk    regenerate the provider plugin's schema.json and sdk/{python,go} from code
#   release every artifact of this version into dist/release/ (plugin executables, npm, Python, Node.js SDK)
#   mutate mutation testing (StrykerJS) of the core with the fast test layers; writes docs/MUTATION.md
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
job="${1:-test}"
shift || true
# shellcheck source=bootstrap.sh
source "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"

step() { printf '\n==> %s\n' "$*" >&2; }

case "$job" in
  test)
    step "typecheck (tsc --noEmit on src, tests, examples) and compile tests"
    rm -rf .build
    npx tsc -p tsconfig.test.json
    npx tsc -p examples/tsconfig.json --noEmit
    step "lint (eslint) and format check (prettier)"
    npx eslint .
    npx prettier --check . >/dev/null || { npx prettier --list-different .; exit 1; }
    step "mutation testing, short version: retry policy, backoff, redaction, connection precedence, secret sealing, the upgrade migration (stryker.quick.config.json; fails under 85%)"
    BCOPS_PROPERTY_RUNS=100 npx stryker run stryker.quick.config.json
    step "npm pack, and the tarball installed into a user's project (scripts/installed-package.ts)"
    BCOPS_TARBALL="$(node .build/scripts/installed-package.js | sed -n 's/^BCOPS_TARBALL=//p')"
    export BCOPS_TARBALL
    step "npm run release into the cache, reused for the same content (test/helpers/release.ts)"
    BCOPS_RELEASE_DIR="$(node .build/test/helpers/release.js | sed -n 's/^BCOPS_RELEASE_DIR=//p')"
    export BCOPS_RELEASE_DIR
    step "unit, integration, conformance and end-to-end tests (node --test)"
    node --test --test-reporter=spec --test-timeout=600000 \
      ".build/test/unit/**/*.test.js" ".build/test/integration/**/*.test.js" ".build/test/e2e/**/*.test.js" "$@"
    ;;
  demo) npx tsc -p tsconfig.scripts.json && node .build/scripts/demo.js "$@" ;;
  bench) npx tsc -p tsconfig.scripts.json && node .build/bench/main.js "$@" ;;
  soak) rm -rf .build && npx tsc -p tsconfig.test.json && node .build/test/soak/main.js "$@" ;;
  docs) npx tsc -p tsconfig.scripts.json && node .build/scripts/readme-tables.js ;;
  sdk) npx tsc -p tsconfig.scripts.json && node .build/scripts/gen-sdk.js "$@" ;;
  emulator) node dist/emulator/cli.js "$@" ;;
  release) npx tsc -p tsconfig.scripts.json && node .build/scripts/release/main.js "$@" ;;
  mutate)
    # Property tests run 100 times per mutant (not 10,000): see docs/decisions.md, "Issue 14".
    export BCOPS_PROPERTY_RUNS="${BCOPS_PROPERTY_RUNS:-100}"
    npx tsc -p tsconfig.scripts.json
    npx stryker run stryker.config.json "$@"
    node .build/scripts/mutation-report.js
    ;;
  *) echo "unknown job: $job" >&2; exit 2 ;;
esac
