#!/usr/bin/env bash
# Self-check of the plugin tooling that scripts/bootstrap.sh builds, offline on a file backend:
#   yaml    a YAML program (config, variables, fn::join, a secret) goes up and down under our CLI
#   python  a Python program (a component resource, a secret) goes up and down through the v3.68 host
#   gen-sdk tools/pulumi/gen-sdk/testdata/schema.json -> Python SDK pip-installs and imports,
#           Go SDK builds, Node.js SDK compiles with tsc
# Usage: bash tools/pulumi/check.sh [yaml|python|gen-sdk]...   (default: all). Prints "N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=../../scripts/bootstrap.sh
BOOTSTRAP_SKIP_BUILD=1 source "$ROOT/scripts/bootstrap.sh"
set +e

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-tooling-check.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
passed=0
failed=0
# verdict NAME COMMAND...: run COMMAND, count and print its result (with the log's tail on failure).
verdict() {
  local name="$1"
  shift
  : >"$WORK/log"
  if "$@"; then
    passed=$((passed + 1))
    printf 'ok   %s\n' "$name"
  else
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$name"
    tail -n 30 "$WORK/log"
    return 1
  fi
}

# stack DIR: an empty file-backend stack `dev` for the program in DIR.
stack() {
  export PULUMI_BACKEND_URL="file://$1/.state" PULUMI_HOME="$1/.home" PULUMI_CONFIG_PASSPHRASE=check
  mkdir -p "$1/.state" "$1/.home"
  (cd "$1" && pulumi stack init dev --non-interactive) >"$WORK/log" 2>&1
}
# up_and_down DIR EXPECTED_JSON: `pulumi up`, outputs (secrets shown) equal EXPECTED_JSON, no warning, destroy.
up_and_down() {
  local out
  (cd "$1" && pulumi up --yes --non-interactive --skip-preview) >"$WORK/log" 2>&1 || return 1
  if grep -q 'warning:' "$WORK/log"; then echo "unexpected warning" >>"$WORK/log"; return 1; fi
  out="$(cd "$1" && pulumi stack output --json --show-secrets | node -e 'process.stdout.write(JSON.stringify(JSON.parse(require("fs").readFileSync(0,"utf8"))))')"
  [ "$out" = "$2" ] || { echo "outputs: $out, expected: $2" >>"$WORK/log"; return 1; }
  (cd "$1" && pulumi stack output secret) | grep -qx '\[secret\]' || { echo "secret output not secret" >>"$WORK/log"; return 1; }
  (cd "$1" && pulumi destroy --yes --non-interactive --skip-preview) >>"$WORK/log" 2>&1
}

check_yaml() {
  local dir="$WORK/yaml"
  mkdir -p "$dir"
  cat >"$dir/Pulumi.yaml" <<'EOF'
name: tooling-check-yaml
runtime: yaml
config:
  who:
    type: string
    default: world
variables:
  parts:
    - hello
    - ${who}
outputs:
  greeting:
    fn::join:
      - ", "
      - ${parts}
  secret:
    fn::secret: s3cr3t
EOF
  stack "$dir" && (cd "$dir" && pulumi config set who yaml) >>"$WORK/log" 2>&1 &&
    up_and_down "$dir" '{"greeting":"hello, yaml","secret":"s3cr3t"}'
}

check_python() {
  local dir="$WORK/python"
  mkdir -p "$dir"
  printf 'name: tooling-check-python\nruntime: python\n' >"$dir/Pulumi.yaml"
  cat >"$dir/__main__.py" <<'EOF'
import pulumi


class Box(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("check:index:Box", name, None, opts)
        self.register_outputs({})


Box("box")
who = pulumi.Config().get("who") or "world"
pulumi.export("greeting", pulumi.Output.from_input(who).apply(lambda w: f"hello, {w}"))
pulumi.export("secret", pulumi.Output.secret("s3cr3t"))
EOF
  [ -n "${BEYONDCORP_OPS_PYTHON_VENV:-}" ] || { echo "no BEYONDCORP_OPS_PYTHON_VENV" >"$WORK/log"; return 1; }
  stack "$dir" && (cd "$dir" && pulumi config set who python) >>"$WORK/log" 2>&1 &&
    PULUMI_PYTHON_CMD="$BEYONDCORP_OPS_PYTHON_VENV/bin/python" \
      up_and_down "$dir" '{"greeting":"hello, python","secret":"s3cr3t"}'
}

SDK="$WORK/sdk"
gen_sdk() {
  "$BEYONDCORP_OPS_GEN_SDK" --schema "$ROOT/tools/pulumi/gen-sdk/testdata/schema.json" --out "$SDK" \
    --lang python,go,nodejs >"$WORK/log" 2>&1
}
python_sdk() {
  python3 -m venv "$WORK/venv" >"$WORK/log" 2>&1 &&
    "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "$SDK/python" >>"$WORK/log" 2>&1 &&
    "$WORK/venv/bin/python" -c '
import inspect, pulumi_beyondcorp_ops as b
assert b._utilities.get_version() == "0.1.0"
src = inspect.getsource(b.OperationCanceller)
assert "additional_secret_outputs" in src and "credentials_json" in src, "secret input not generated"
' >>"$WORK/log" 2>&1
}
go_sdk() {
  (cd "$SDK/go" && go build ./... && go vet ./...) >"$WORK/log" 2>&1 &&
    grep -q 'github.com/pulumi/pulumi/sdk/v3 v3.259.0' "$SDK/go/go.mod"
}
nodejs_sdk() {
  mkdir -p "$SDK/nodejs/node_modules/@pulumi" &&
    ln -s "$ROOT/node_modules/@pulumi/pulumi" "$SDK/nodejs/node_modules/@pulumi/pulumi" &&
    ln -s "$ROOT/node_modules/@types" "$SDK/nodejs/node_modules/@types" &&
    (cd "$SDK/nodejs" && "$ROOT/node_modules/.bin/tsc" -p .) >"$WORK/log" 2>&1
}
check_gen_sdk() {
  verdict "gen-sdk python,go,nodejs" gen_sdk || return
  verdict "python sdk: pip install + import" python_sdk
  verdict "go sdk: go build ./... against sdk/v3 v3.259.0" go_sdk
  verdict "nodejs sdk: tsc" nodejs_sdk
}

[ $# -gt 0 ] || set -- yaml python gen-sdk
for w in "$@"; do
  case "$w" in
    yaml) verdict "yaml program up/destroy" check_yaml ;;
    python) verdict "python program up/destroy" check_python ;;
    gen-sdk) check_gen_sdk ;;
    *) verdict "unknown check $w" false ;;
  esac
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
