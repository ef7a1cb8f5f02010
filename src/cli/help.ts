import { OUTCOME_NAMES } from "../lro/outcomes";
import { COMMON_HELP, flagHelp } from "./args";

const JSON_HELP =
  "  --json                  print one JSON array of {name, outcome, error?, elapsedMs, requests}";

const WATCH_HELP = `  --watch PARENT          also every in-flight operation under PARENT on a --target and/or matching
                          --filter, as a resource's watch: one "watch …" line on stderr says what it saw
  --target T              a resource name (repeatable), project id or number alike
  --filter F              with --watch: an AIP-160 filter a watch can check itself (README, Watches)`;

/** The CLI's help texts; flag lines come from the option table (options/spec.ts). */
export const HELP: Record<string, string> = {
  main: `beyondcorp-ops: cancel Google Cloud BeyondCorp long-running operations and wait until they are terminal.

Usage:
  beyondcorp-ops cancel NAME... [--watch PARENT --target T...] [--wait] [--timeout 10m] [--json]
  beyondcorp-ops wait NAME... [--watch PARENT --target T...] [--timeout 10m] [--json]
  beyondcorp-ops list PARENT [--pending] [--filter F] [--json]
  beyondcorp-ops get NAME [--json]

NAME is {organizations|projects}/ID/locations/LOC/operations/OP (prefix v1alpha/ for v1alpha).
Run "beyondcorp-ops COMMAND --help" for a command's flags.
Exit codes: 0 all outcomes acceptable, 1 a failing outcome or API error, 2 usage error, 130 interrupted.`,
  cancel: `beyondcorp-ops cancel NAME... [--watch PARENT --target T... --filter F] [--wait] [--timeout 10m] [--on-unsupported wait|fail|abandon] [--json]

Requests cancellation of each operation. With --wait, polls until each is terminal and prints one
outcome per operation: ${OUTCOME_NAMES.join(", ")}.
  --wait                  wait until every operation is terminal
${WATCH_HELP}
${flagHelp("timeout", "D", " (with --wait)")}
${flagHelp("onCancelUnsupported", "P")}
${JSON_HELP}

${COMMON_HELP}`,
  wait: `beyondcorp-ops wait NAME... [--watch PARENT --target T... --filter F] [--timeout 10m] [--json]

Waits (without cancelling) until each operation is terminal.
${WATCH_HELP}
${flagHelp("timeout", "D")}
${JSON_HELP}

${COMMON_HELP}`,
  list: `beyondcorp-ops list PARENT [--pending] [--filter F] [--json]

Lists the operations of PARENT ({organizations|projects}/ID/locations/LOC), all pages.
  --pending               only operations that are not done (filter done=false)
  --filter F              an AIP-160 filter, e.g. 'metadata.target="projects/p/locations/global/securityGateways/gw"'

${COMMON_HELP}`,
  get: `beyondcorp-ops get NAME [--json]

Prints one operation's state.

${COMMON_HELP}`,
};
