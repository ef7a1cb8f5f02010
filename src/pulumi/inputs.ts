import { validateCredentialSettings } from "../auth/settings";
import { loadCredentialsJson } from "../auth/json";
import { normalizeEndpoint } from "../auth/endpoint";
import { BeyondCorpError } from "../core/errors";
import { parseLocationName, parseOperationName, type ApiVersion } from "../lro/names";
import { checkOption } from "../options/check";
import { OPTION_NAMES, type DeletePolicy } from "../options/spec";
import { BARE_WATCH_RULE, checkTarget, checkWatchFilter, isBareWatch } from "../wait/watch";
import { OUTPUT_KEYS } from "./outputs";
import type { CancellerInputs } from "./props";

export type { DeletePolicy };

export type { CancellerInputs };

export interface CheckFailure {
  property: string;
  reason: string;
}

const KNOWN: ReadonlySet<string> = new Set(["operations", "watches", ...OPTION_NAMES]);

/** Validate every input; each failure names the property and the rule. Pure: no network. */
export function checkInputs(news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const attempt = (property: string, fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      failures.push({
        property:
          BeyondCorpError.is(err) &&
          err.field &&
          (err.field.startsWith(property) || property === "connection")
            ? err.field
            : property,
        reason: err instanceof Error ? err.message : String(err),
      });
    }
  };
  for (const k of Object.keys(news))
    if (!KNOWN.has(k) && !k.startsWith("__") && !OUTPUT_KEYS.has(k))
      failures.push({ property: k, reason: `${k}: unknown input` });
  // Every declared option, through the same checks as the CLI and the library.
  for (const name of OPTION_NAMES)
    if (news[name] !== undefined) attempt(name, () => checkOption(name, news[name]));
  const apiVersion = (typeof news["apiVersion"] === "string" ? news["apiVersion"] : "v1") as ApiVersion;
  checkTracking(news, apiVersion, attempt);
  if (typeof news["endpoint"] === "string")
    attempt("endpoint", () => normalizeEndpoint(news["endpoint"] as string));
  const str = (k: string) => (typeof news[k] === "string" ? { [k]: news[k] as string } : {});
  attempt("connection", () =>
    validateCredentialSettings({
      ...str("accessToken"),
      ...str("quotaProject"),
      ...str("impersonateServiceAccount"),
    }),
  );
  // Credentials given as contents (not a path) are checked here too; errors name the field, never a value.
  const creds = news["credentials"];
  if (typeof creds === "string" && creds.trimStart().startsWith("{"))
    attempt("credentials", () => loadCredentialsJson(creds));
  return failures;
}

function checkTracking(
  news: Record<string, unknown>,
  apiVersion: ApiVersion,
  attempt: (p: string, fn: () => unknown) => void,
) {
  const ops = news["operations"];
  const watches = news["watches"];
  if (ops === undefined && watches === undefined)
    attempt("operations", () => {
      throw new Error("operations or watches: at least one is required");
    });
  if (ops !== undefined) {
    if (!Array.isArray(ops))
      attempt("operations", () => {
        throw new Error("operations: must be a list of operation names");
      });
    else
      ops.forEach((o, i) => {
        const field = `operations[${i}]`;
        attempt(field, () => parseOperationName(o, { apiVersion, field }));
      });
  }
  if (watches === undefined) return;
  if (!Array.isArray(watches))
    return attempt("watches", () => {
      throw new Error("watches: must be a list of {parent, targets?, filter?}");
    });
  watches.forEach((w, i) => {
    const at = `watches[${i}]`;
    if (typeof w !== "object" || w === null)
      return attempt(at, () => {
        throw new Error(`${at}: must be an object {parent, targets?, filter?}`);
      });
    const r = w as Record<string, unknown>;
    const parent = `${at}.parent`;
    attempt(parent, () => parseLocationName(r["parent"], { apiVersion, field: parent }));
    const targets = r["targets"];
    if (targets !== undefined && !Array.isArray(targets))
      attempt(`${at}.targets`, () => {
        throw new Error(`${at}.targets: must be a list of resource names`);
      });
    else if (Array.isArray(targets))
      targets.forEach((t, j) => {
        const target = `${at}.targets[${j}]`;
        attempt(target, () => checkTarget(t, target));
      });
    if (r["filter"] !== undefined) {
      const filter = `${at}.filter`;
      attempt(filter, () => checkWatchFilter(r["filter"] as string, filter));
    }
    if ((targets === undefined || Array.isArray(targets)) && isBareWatch({ targets, filter: r["filter"] }))
      attempt(at, () => {
        throw new Error(`${at}: ${BARE_WATCH_RULE}`);
      });
  });
}
