import { ApiError, invalidArgument } from "./api-error";
import type { OperationRecord } from "./operation-record";

/** How long a `requestId` is remembered: "at least 60 minutes since the first request". */
export const REQUEST_ID_RETENTION_MS = 60 * 60 * 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ZERO_UUID = "00000000-0000-0000-0000-000000000000";

/** Validate a `requestId`: a UUID other than the zero UUID, as the API reference requires. */
export function checkRequestId(id: string): string {
  if (!UUID.test(id) || id === ZERO_UUID) {
    throw invalidArgument("requestId", `"${id}" must be a UUID other than ${ZERO_UUID}`);
  }
  return id.toLowerCase();
}

interface Remembered {
  readonly fingerprint: string;
  readonly op: OperationRecord;
  readonly expiresAtMs: number;
}

/**
 * requestId → the operation the first request started (AIP-155). A retry with the same id and the
 * same request gets that operation back, whatever happened since.
 */
export class RequestIdStore {
  private readonly entries = new Map<string, Remembered>();

  /**
   * The operation an earlier request with this id started, if it is still remembered. The same id
   * on a different request (method, resource, parameters or body) is 400 INVALID_ARGUMENT.
   */
  find(requestId: string, fingerprint: string, nowMs: number): OperationRecord | undefined {
    const seen = this.entries.get(requestId);
    if (seen === undefined) return undefined;
    if (nowMs >= seen.expiresAtMs) {
      this.entries.delete(requestId);
      return undefined;
    }
    if (seen.fingerprint !== fingerprint) {
      throw new ApiError(
        "INVALID_ARGUMENT",
        `requestId "${requestId}" was already used for a different request.`,
        "REQUEST_ID_REUSED",
        { field: "requestId", operation: seen.op.name },
      );
    }
    return seen.op;
  }

  remember(requestId: string, fingerprint: string, op: OperationRecord, nowMs: number): void {
    this.entries.set(requestId, { fingerprint, op, expiresAtMs: nowMs + REQUEST_ID_RETENTION_MS });
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A JSON text with object keys sorted, so equal bodies give equal fingerprints. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    const obj = value as Record<string, unknown>;
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** What makes two requests "the same request": method, path, bound parameters but requestId, body. */
export function requestFingerprint(
  method: string,
  path: string,
  params: [string, string][],
  body: unknown,
): string {
  const bound = params.filter(([k]) => k !== "requestId");
  return canonical({ method, path, params: bound, body: body ?? null });
}
