import { parseArgs } from "node:util";
import { parseDurationMillis } from "../core/backoff";
import { invalidInput } from "../core/errors";
import type { ApiVersion } from "../lro/names";
import type { ConnectionOptions } from "../options/options";

export const COMMON_HELP = `Connection flags (defaults follow the environment conventions of Pulumi's GCP provider):
  --endpoint URL          API base URL (env GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT; default https://beyondcorp.googleapis.com)
  --credentials FILE      credentials JSON file (env GOOGLE_CREDENTIALS, then Application Default Credentials)
  --impersonate EMAIL     service account to impersonate (env GOOGLE_IMPERSONATE_SERVICE_ACCOUNT)
  --quota-project ID      sent as x-goog-user-project (env GOOGLE_BILLING_PROJECT)
  --api-version V         v1 (default) or v1alpha
  --no-auth               send no credentials (emulators)
  An access token is read only from GOOGLE_OAUTH_ACCESS_TOKEN, never from a flag (flags show in ps).`;

export const COMMON_OPTIONS = {
  endpoint: { type: "string" },
  credentials: { type: "string" },
  impersonate: { type: "string" },
  "quota-project": { type: "string" },
  "api-version": { type: "string" },
  "no-auth": { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export function parse<
  T extends Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>,
>(argv: string[], options: T) {
  try {
    return parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw invalidInput("arguments", (err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ""));
  }
}

export function connectionFrom(values: Record<string, unknown>): ConnectionOptions {
  const v = values as Record<string, string | boolean | undefined>;
  const apiVersion = v["api-version"] as string | undefined;
  if (apiVersion !== undefined && apiVersion !== "v1" && apiVersion !== "v1alpha") {
    throw invalidInput("--api-version", "must be v1 or v1alpha", apiVersion);
  }
  return {
    ...(typeof v["endpoint"] === "string" ? { endpoint: v["endpoint"] } : {}),
    ...(typeof v["credentials"] === "string" ? { credentials: v["credentials"] } : {}),
    ...(typeof v["impersonate"] === "string" ? { impersonateServiceAccount: v["impersonate"] } : {}),
    ...(typeof v["quota-project"] === "string" ? { quotaProject: v["quota-project"] } : {}),
    ...(apiVersion ? { apiVersion: apiVersion as ApiVersion } : {}),
    ...(v["no-auth"] === true ? { noAuth: true } : {}),
  };
}

export function durationFlag(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = parseDurationMillis(value);
  if (ms === undefined || ms <= 0)
    throw invalidInput(flag, 'must be a duration like "90s", "10m" or "1h"', value);
  return ms;
}
