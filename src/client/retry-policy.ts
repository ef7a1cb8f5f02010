import { BeyondCorpError } from "../core/errors";
import type { RpcStatusName } from "../core/rpc-codes";

/** The API calls this package makes. */
export type Call = "get" | "list" | "cancel";

/**
 * Retry policy as data. Get and list are reads; cancel is idempotent (AIP-194 lets it repeat).
 * UNAUTHENTICATED is retried once after a token refresh, in call.ts.
 */
export const RETRY_POLICY: Readonly<
  Record<Call, { retryable: readonly RpcStatusName[]; onNetworkError: boolean }>
> = {
  get: {
    retryable: ["UNAVAILABLE", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED", "INTERNAL"],
    onNetworkError: true,
  },
  list: {
    retryable: ["UNAVAILABLE", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED", "INTERNAL"],
    onNetworkError: true,
  },
  cancel: {
    retryable: ["UNAVAILABLE", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED", "INTERNAL"],
    onNetworkError: true,
  },
};

/** HTTP statuses that are transient whatever the body says (gateways and proxies). */
const TRANSIENT_HTTP = new Set([429, 502, 503, 504]);

/** Codes that are never retried (AIP-194), listed for the docs and tests. */
export const NEVER_RETRIED: readonly RpcStatusName[] = [
  "INVALID_ARGUMENT",
  "NOT_FOUND",
  "PERMISSION_DENIED",
  "FAILED_PRECONDITION",
  "UNIMPLEMENTED",
  "ALREADY_EXISTS",
  "OUT_OF_RANGE",
];

/** Should this failure of `call` be retried? Returns the reason, or undefined for no. */
export function retryReason(call: Call, err: unknown): string | undefined {
  if (!BeyondCorpError.is(err)) return undefined;
  const policy = RETRY_POLICY[call];
  if (err.code === "ERR_NETWORK" || err.code === "ERR_REQUEST_TIMEOUT") {
    return policy.onNetworkError ? err.code : undefined;
  }
  if (err.code !== "ERR_API") return undefined;
  if (
    NEVER_RETRIED.includes(err.status) &&
    !(err.httpStatus !== undefined && TRANSIENT_HTTP.has(err.httpStatus))
  ) {
    return undefined;
  }
  if (policy.retryable.includes(err.status)) return `${err.status} (HTTP ${err.httpStatus ?? "?"})`;
  if (
    err.httpStatus !== undefined &&
    TRANSIENT_HTTP.has(err.httpStatus) &&
    policy.retryable.includes("UNAVAILABLE")
  ) {
    return `HTTP ${err.httpStatus}`;
  }
  return undefined;
}
