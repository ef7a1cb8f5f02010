import {
  RPC_CODES,
  rpcNameFromHttpStatus,
  rpcNameOf,
  isRpcStatusName,
  type RpcStatusName,
} from "./rpc-codes";

const BRAND = Symbol.for("beyondcorp-ops.BeyondCorpError");

/** Stable machine-readable codes for everything this package can throw. */
export type ErrorCode =
  /** The server answered with a google.rpc error (see `status`). */
  | "ERR_API"
  /** The connection failed: reset, refused, DNS, TLS. */
  | "ERR_NETWORK"
  /** A single request exceeded its own timeout. */
  | "ERR_REQUEST_TIMEOUT"
  /** The server's reply was not what the API promises (bad JSON, wrong shape, too large). */
  | "ERR_BAD_RESPONSE"
  /** The server tried to redirect us; we never follow redirects with credentials. */
  | "ERR_REDIRECT"
  /** Invalid user input: names, options, durations. */
  | "ERR_INVALID_INPUT"
  /** Credentials could not be obtained. */
  | "ERR_CREDENTIALS"
  /** The overall deadline ran out. */
  | "ERR_DEADLINE"
  /** The caller aborted. */
  | "ERR_ABORTED";

export interface BeyondCorpErrorInit {
  code: ErrorCode;
  message: string;
  /** google.rpc status name; derived from `httpStatus` when the body carried none. */
  status?: RpcStatusName;
  httpStatus?: number;
  reason?: string;
  domain?: string;
  metadata?: Record<string, string>;
  /** The API path of the request (never the host, never a query with secrets). */
  path?: string;
  /** For ERR_INVALID_INPUT: the field or option at fault. */
  field?: string;
  /** Server-suggested delay before retrying, from `Retry-After` or RetryInfo. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The one error type of this package. It carries the google.rpc status (name and number), the
 * HTTP status, the ErrorInfo reason/domain and the request path, and a stable `code`.
 */
export class BeyondCorpError extends Error {
  readonly code: ErrorCode;
  readonly status: RpcStatusName;
  readonly rpcCode: number;
  readonly httpStatus: number | undefined;
  readonly reason: string | undefined;
  readonly domain: string | undefined;
  readonly metadata: Record<string, string> | undefined;
  readonly path: string | undefined;
  readonly field: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: BeyondCorpErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "BeyondCorpError";
    this.code = init.code;
    // Only an error status (4xx/5xx) names the failure: a 200 with a bad body is UNKNOWN, not OK.
    this.status =
      init.status ??
      ((init.httpStatus ?? 0) >= 400
        ? rpcNameFromHttpStatus(init.httpStatus ?? 0)
        : DEFAULT_STATUS[init.code]);
    this.rpcCode = RPC_CODES[this.status].code;
    this.httpStatus = init.httpStatus;
    this.reason = init.reason;
    this.domain = init.domain;
    this.metadata = init.metadata;
    this.path = init.path;
    this.field = init.field;
    this.retryAfterMs = init.retryAfterMs;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** Works across copies of this package (the dynamic provider runs in another process and module graph). */
  static is(value: unknown): value is BeyondCorpError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      status: this.status,
      rpcCode: this.rpcCode,
      httpStatus: this.httpStatus,
      reason: this.reason,
      domain: this.domain,
      path: this.path,
      field: this.field,
      message: this.message,
    };
  }
}

/** The google.rpc status an error of each code carries when neither the body nor an HTTP error status names one. */
const DEFAULT_STATUS: Readonly<Record<ErrorCode, RpcStatusName>> = {
  ERR_API: "UNKNOWN",
  ERR_NETWORK: "UNAVAILABLE",
  ERR_REQUEST_TIMEOUT: "DEADLINE_EXCEEDED",
  ERR_BAD_RESPONSE: "UNKNOWN",
  ERR_REDIRECT: "UNKNOWN",
  ERR_INVALID_INPUT: "INVALID_ARGUMENT",
  ERR_CREDENTIALS: "UNAUTHENTICATED",
  ERR_DEADLINE: "DEADLINE_EXCEEDED",
  ERR_ABORTED: "CANCELLED",
};

/** Shorthand for an input error that names the field and the rule it broke. */
export function invalidInput(field: string, rule: string, value?: unknown): BeyondCorpError {
  const shown = value === undefined ? "" : ` (got ${JSON.stringify(truncate(String(value), 80))})`;
  return new BeyondCorpError({ code: "ERR_INVALID_INPUT", field, message: `${field}: ${rule}${shown}` });
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** A google.rpc.Status as it appears in an Operation's `error` or an API error body. */
export interface RpcStatus {
  code: number;
  message?: string;
  details?: unknown[];
}

/** Build a BeyondCorpError from an AIP-193 error body (or lack of one) and the HTTP status. */
export function errorFromResponse(httpStatus: number, body: unknown, path: string, retryAfterMs?: number) {
  const err = (body as { error?: Record<string, unknown> } | undefined)?.error;
  const statusName = isRpcStatusName(err?.["status"]) ? err["status"] : undefined;
  const info = Array.isArray(err?.["details"])
    ? (err["details"] as Record<string, unknown>[]).find(
        (d) => d && d["@type"] === "type.googleapis.com/google.rpc.ErrorInfo",
      )
    : undefined;
  const message = typeof err?.["message"] === "string" ? err["message"] : `HTTP ${httpStatus}`;
  const status = statusName ?? rpcNameFromHttpStatus(httpStatus);
  return new BeyondCorpError({
    code: "ERR_API",
    status,
    httpStatus,
    message: `${status}: ${message} (${path})`,
    path,
    ...(typeof info?.["reason"] === "string" ? { reason: info["reason"] } : {}),
    ...(typeof info?.["domain"] === "string" ? { domain: info["domain"] } : {}),
    ...(info?.["metadata"] && typeof info["metadata"] === "object"
      ? { metadata: info["metadata"] as Record<string, string> }
      : {}),
    retryAfterMs,
  });
}

export { rpcNameOf };
