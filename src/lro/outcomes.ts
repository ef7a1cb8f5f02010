/**
 * The named terminal states of one tracked operation. The code, the README table and the tests
 * all read this one table.
 */
export const OUTCOMES = {
  CANCELLED: "Done with error code 1 (CANCELLED): the cancel took effect.",
  SUCCEEDED: "Completed despite the cancel: `response` is set.",
  FAILED: "Done with another error, which is kept in `error`.",
  ALREADY_DONE: "It was done before we asked; `endedAs` and `error`/`response` keep how it ended.",
  NOT_FOUND: "Gone (404): deleted or expired. Treated as terminal.",
  CANCEL_UNSUPPORTED:
    "The server answered UNIMPLEMENTED to the cancel; with onCancelUnsupported=wait it was then waited out (`endedAs`).",
  TIMED_OUT: "Still not done when the deadline ran out; the last state and last error are kept.",
  ERROR:
    "A non-retryable API error (e.g. PERMISSION_DENIED) stopped us cancelling or observing it; kept in `error`.",
} as const;

export type Outcome = keyof typeof OUTCOMES;
export const OUTCOME_NAMES = Object.keys(OUTCOMES) as Outcome[];

/** How a done operation ended, independent of whether we cancelled it. */
export type Ending = "CANCELLED" | "SUCCEEDED" | "FAILED";

/** The error kept in a result: a google.rpc.Status-like summary. */
export interface ResultError {
  code: number;
  status: string;
  message: string;
}

/** One outcome per tracked operation. */
export interface OperationResult {
  /** Full name with version prefix, e.g. `v1/projects/p/locations/l/operations/o`. */
  name: string;
  outcome: Outcome;
  /** How the operation ended, when it did (for ALREADY_DONE and CANCEL_UNSUPPORTED). */
  endedAs?: Ending;
  /** The operation's error, or the API error that stopped us. */
  error?: ResultError;
  /** Whether we sent a cancel that the server accepted. */
  cancelRequested: boolean;
  /** Time from start until the outcome was known. */
  elapsedMs: number;
  /** API requests spent on this operation (list calls are shared and counted once per parent round). */
  requests: number;
  /** For TIMED_OUT: the last state we saw. */
  lastState?: "PENDING" | "UNKNOWN";
  /** The operation's metadata target and verb, when known. */
  target?: string;
  verb?: string;
}

/** Does this set of results pass under `failOn`? */
export function failures(results: readonly OperationResult[], failOn: readonly Outcome[]): OperationResult[] {
  return results.filter((r) => failOn.includes(r.outcome));
}

/** The state recorded in the resource's outputs for each outcome: one row per outcome, beside OUTCOMES. */
export const OUTCOME_STATE: Readonly<Record<Outcome, "DONE" | "GONE" | "UNKNOWN">> = {
  CANCELLED: "DONE",
  SUCCEEDED: "DONE",
  FAILED: "DONE",
  ALREADY_DONE: "DONE",
  NOT_FOUND: "GONE",
  CANCEL_UNSUPPORTED: "DONE",
  TIMED_OUT: "UNKNOWN",
  ERROR: "UNKNOWN",
};
