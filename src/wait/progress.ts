import type { RetryEvent } from "../client/call";
import type { OperationResult } from "../lro/outcomes";

/** What the waiter reports while it works. Retries are reported here only (one channel). */
export type ProgressEvent =
  | { type: "observed"; name: string; state: "PENDING" | "DONE" | "GONE" }
  | { type: "cancel-sent"; name: string }
  | { type: "cancel-unsupported"; name: string }
  | { type: "retry"; name?: string; retry: RetryEvent }
  /** A group (a parent, or one operation) is about to sleep before its next poll. */
  | { type: "round"; round: number; pending: number; nextDelayMs: number; group?: string }
  | { type: "outcome"; result: OperationResult };
