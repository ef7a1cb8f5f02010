import { parseDurationMillis } from "../core/backoff";
import { normalizeEndpoint } from "../client/endpoint";
import { BeyondCorpError } from "../core/errors";
import { parseLocationName, parseOperationName, API_VERSIONS, type ApiVersion } from "../lro/names";
import { OUTCOME_NAMES, type Outcome } from "../lro/outcomes";
import { checkTarget } from "../wait/watch";
import { checkFilter } from "../client/operations-client";
import { loadCredentialsJson, validateCredentialSettings } from "../auth/credentials";

/** What the provider does with tracked operations on `pulumi destroy`. */
export type DeletePolicy = "cancel" | "wait" | "abandon";
export const DELETE_POLICIES: readonly DeletePolicy[] = ["cancel", "wait", "abandon"];

/** Plain (resolved) inputs as the provider receives them. */
export interface CancellerInputs {
  operations?: string[];
  watches?: Array<{ parent: string; targets?: string[]; filter?: string }>;
  trigger?: string;
  onDelete?: DeletePolicy;
  onCancelUnsupported?: "wait" | "fail" | "abandon";
  failOn?: Outcome[];
  timeout?: string;
  pollInitialDelay?: string;
  pollMaxDelay?: string;
  pollMultiplier?: number;
  apiVersion?: ApiVersion;
  endpoint?: string;
  credentials?: string;
  accessToken?: string;
  impersonateServiceAccount?: string;
  quotaProject?: string;
}

/** Inputs that only say how to connect: changing them alone never cancels anything. */
export const CONNECTION_KEYS = [
  "endpoint",
  "credentials",
  "accessToken",
  "impersonateServiceAccount",
  "quotaProject",
] as const;

export interface CheckFailure {
  property: string;
  reason: string;
}

const KNOWN = new Set([
  "operations",
  "watches",
  "trigger",
  "onDelete",
  "onCancelUnsupported",
  "failOn",
  "timeout",
  "pollInitialDelay",
  "pollMaxDelay",
  "pollMultiplier",
  "apiVersion",
  ...CONNECTION_KEYS,
]);

/** Validate every input; each failure names the property and the rule. Pure: no network. */
export function checkInputs(news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, err: unknown) =>
    failures.push({
      property,
      reason: BeyondCorpError.is(err) || err instanceof Error ? err.message : String(err),
    });
  const apiVersion = (news["apiVersion"] ?? "v1") as ApiVersion;
  if (!API_VERSIONS.includes(apiVersion)) fail("apiVersion", "apiVersion: must be v1 or v1alpha");
  for (const k of Object.keys(news)) {
    if (!KNOWN.has(k) && !k.startsWith("__") && !OUTPUT_KEYS.has(k)) fail(k, `${k}: unknown input`);
  }
  const ops = news["operations"];
  if (ops !== undefined) {
    if (!Array.isArray(ops)) fail("operations", "operations: must be a list of operation names");
    else
      ops.forEach((o, i) =>
        tryDo(
          () => parseOperationName(o, { apiVersion, field: `operations[${i}]` }),
          `operations[${i}]`,
          fail,
        ),
      );
  }
  const watches = news["watches"];
  if (watches !== undefined) {
    if (!Array.isArray(watches)) fail("watches", "watches: must be a list of {parent, targets?, filter?}");
    else
      watches.forEach((w, i) => {
        const at = `watches[${i}]`;
        if (typeof w !== "object" || w === null) {
          fail(at, `${at}: must be an object {parent, targets?, filter?}`);
          return;
        }
        const r = w as Record<string, unknown>;
        tryDo(
          () => parseLocationName(r["parent"], { apiVersion, field: `${at}.parent` }),
          `${at}.parent`,
          fail,
        );
        if (r["targets"] !== undefined) {
          if (!Array.isArray(r["targets"]))
            fail(`${at}.targets`, `${at}.targets: must be a list of resource names`);
          else
            r["targets"].forEach((t, j) =>
              tryDo(() => checkTarget(t, `${at}.targets[${j}]`), `${at}.targets[${j}]`, fail),
            );
        }
        if (r["filter"] !== undefined)
          tryDo(() => checkFilter(r["filter"] as string, `${at}.filter`), `${at}.filter`, fail);
        if (r["targets"] === undefined && r["filter"] === undefined) {
          fail(
            at,
            `${at}: needs targets or a filter (a bare parent would cancel every operation in the location)`,
          );
        }
      });
  }
  if (ops === undefined && watches === undefined)
    fail("operations", "operations or watches: at least one is required");
  oneOf(news, "onDelete", DELETE_POLICIES, fail);
  oneOf(news, "onCancelUnsupported", ["wait", "fail", "abandon"], fail);
  const failOn = news["failOn"];
  if (
    failOn !== undefined &&
    (!Array.isArray(failOn) || failOn.some((o) => !OUTCOME_NAMES.includes(o as Outcome)))
  ) {
    fail("failOn", `failOn: must be a list of outcomes (${OUTCOME_NAMES.join(", ")})`);
  }
  duration(news, "timeout", 1_000, 24 * 3_600_000, fail);
  duration(news, "pollInitialDelay", 10, 3_600_000, fail);
  duration(news, "pollMaxDelay", 10, 3_600_000, fail);
  const mult = news["pollMultiplier"];
  if (mult !== undefined && (typeof mult !== "number" || !(mult >= 1 && mult <= 10))) {
    fail("pollMultiplier", "pollMultiplier: must be a number from 1 to 10");
  }
  if (news["endpoint"] !== undefined)
    tryDo(() => normalizeEndpoint(news["endpoint"] as string), "endpoint", fail);
  for (const k of [
    "credentials",
    "accessToken",
    "impersonateServiceAccount",
    "quotaProject",
    "trigger",
  ] as const) {
    if (news[k] !== undefined && typeof news[k] !== "string") fail(k, `${k}: must be a string`);
  }
  tryDo(
    () =>
      validateCredentialSettings({
        ...(typeof news["accessToken"] === "string" ? { accessToken: news["accessToken"] } : {}),
        ...(typeof news["quotaProject"] === "string" ? { quotaProject: news["quotaProject"] } : {}),
        ...(typeof news["impersonateServiceAccount"] === "string"
          ? { impersonateServiceAccount: news["impersonateServiceAccount"] }
          : {}),
      }),
    "connection",
    (p, e) => fail(BeyondCorpError.is(e) && e.field ? e.field : p, e),
  );
  // Credentials given as contents (not a path) are checked here too; errors name the field, never a value.
  const creds = news["credentials"];
  if (typeof creds === "string" && creds.trimStart().startsWith("{"))
    tryDo(
      () => loadCredentialsJson(creds),
      "credentials",
      (p, e) => fail(BeyondCorpError.is(e) && e.field ? e.field : p, e),
    );
  return failures;
}

/** Output property names the provider itself writes. */
export const OUTPUT_KEYS = new Set(["trackedOperations", "operationStates", "lastRun"]);

function tryDo(fn: () => unknown, property: string, fail: (p: string, e: unknown) => void): void {
  try {
    fn();
  } catch (err) {
    fail(property, err);
  }
}

function oneOf(
  news: Record<string, unknown>,
  key: string,
  allowed: readonly string[],
  fail: (p: string, e: unknown) => void,
) {
  const v = news[key];
  if (v !== undefined && !allowed.includes(v as string))
    fail(key, `${key}: must be one of ${allowed.join(", ")} (got ${JSON.stringify(v)})`);
}

function duration(
  news: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
  fail: (p: string, e: unknown) => void,
) {
  const v = news[key];
  if (v === undefined) return;
  const ms = typeof v === "string" || typeof v === "number" ? parseDurationMillis(v) : undefined;
  if (ms === undefined || ms < min || ms > max) {
    fail(
      key,
      `${key}: must be a duration like "90s", "10m" or "1h30m", from ${min} ms to ${max / 3_600_000} h (got ${JSON.stringify(v)})`,
    );
  }
}
