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
  | { type: "outcome"; result: OperationResult }
  | WatchEvent;

/**
 * How a watch was resolved: `filtered` (the server applied the filter), `ignored` (the server
 * returned operations outside it, which were dropped here), `refused` (the server refused it, so
 * the watch listed without one and matched here), `failed` (the list failed: the watch saw nothing).
 */
export type WatchListing = "filtered" | "ignored" | "refused" | "failed";

/** A watch's resolution (see {@link WatchListing}); `otherForm` counts matches through project id/number. */
export interface WatchEvent {
  type: "watch";
  parent: string;
  listing: WatchListing;
  listed: number;
  outside: number;
  matched: number;
  otherForm: number;
  /** The server's answer, `STATUS: message`, when it refused the filter or the list failed. */
  reason?: string;
}
