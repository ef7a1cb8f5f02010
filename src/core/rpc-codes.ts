/**
 * The google.rpc.Code table: canonical name, number and the HTTP status Google maps it to
 * (https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto).
 */
export const RPC_CODES = {
  OK: { code: 0, http: 200 },
  CANCELLED: { code: 1, http: 499 },
  UNKNOWN: { code: 2, http: 500 },
  INVALID_ARGUMENT: { code: 3, http: 400 },
  DEADLINE_EXCEEDED: { code: 4, http: 504 },
  NOT_FOUND: { code: 5, http: 404 },
  ALREADY_EXISTS: { code: 6, http: 409 },
  PERMISSION_DENIED: { code: 7, http: 403 },
  RESOURCE_EXHAUSTED: { code: 8, http: 429 },
  FAILED_PRECONDITION: { code: 9, http: 400 },
  ABORTED: { code: 10, http: 409 },
  OUT_OF_RANGE: { code: 11, http: 400 },
  UNIMPLEMENTED: { code: 12, http: 501 },
  INTERNAL: { code: 13, http: 500 },
  UNAVAILABLE: { code: 14, http: 503 },
  DATA_LOSS: { code: 15, http: 500 },
  UNAUTHENTICATED: { code: 16, http: 401 },
} as const;

export type RpcStatusName = keyof typeof RPC_CODES;

const BY_NUMBER = new Map<number, RpcStatusName>(
  (Object.keys(RPC_CODES) as RpcStatusName[]).map((name) => [RPC_CODES[name].code, name]),
);

/** Canonical name for a numeric google.rpc code; UNKNOWN for numbers outside the table. */
export function rpcNameOf(code: number): RpcStatusName {
  return BY_NUMBER.get(code) ?? "UNKNOWN";
}

export function isRpcStatusName(value: unknown): value is RpcStatusName {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(RPC_CODES, value);
}

/**
 * The google.rpc code implied by an HTTP status when the body carries none
 * (the same fallback google-gax uses in `rpcCodeFromHttpStatusCode`).
 */
export function rpcNameFromHttpStatus(status: number): RpcStatusName {
  switch (status) {
    case 400:
      return "INVALID_ARGUMENT";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
      return "NOT_FOUND";
    case 409:
      return "ABORTED";
    case 416:
      return "OUT_OF_RANGE";
    case 429:
      return "RESOURCE_EXHAUSTED";
    case 499:
      return "CANCELLED";
    case 501:
      return "UNIMPLEMENTED";
    case 503:
      return "UNAVAILABLE";
    case 504:
      return "DEADLINE_EXCEEDED";
    default: {
      // By the status class for the rest: any 2xx is OK, any other 4xx FAILED_PRECONDITION.
      const statusClass = Math.floor(status / 100);
      if (statusClass === 2) return "OK";
      if (statusClass === 4) return "FAILED_PRECONDITION";
      return status >= 500 ? "INTERNAL" : "UNKNOWN";
    }
  }
}
