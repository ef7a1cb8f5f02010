import type { Clock } from "../core/clock";
import { BeyondCorpError } from "../core/errors";
import { retryReason } from "../client/retry-policy";
import { parentKey, parentOf, versionedName, type OperationName } from "../lro/names";
import { endingOf, resultErrorOf, type Operation } from "../lro/operation";
import type { OperationResult, Outcome, ResultError } from "../lro/outcomes";
import { isDeadlineOrAbort } from "./deadline";
import type { ProgressEvent } from "./progress";

/** What the waiter knows about one tracked operation. */
export interface Tracked {
  readonly name: OperationName;
  /** Its parent and version: operations with the same key can share one list call. */
  readonly key: string;
  readonly display: string;
  /** HTTP requests made for this operation alone (gets, cancels, their retries). */
  requests: number;
  /** Its share of the list calls made for its parent. */
  listShare: number;
  cancelRequested: boolean;
  unsupported: boolean;
  result?: OperationResult;
  lastError?: ResultError;
  seen: boolean;
  target?: string;
  verb?: string;
}

/**
 * The tracked operations of one wait and the rules that turn what we observe into outcomes. Every
 * outcome is decided here, once per operation.
 */
export class Ledger {
  readonly all: Tracked[];
  private readonly start: number;

  constructor(
    names: readonly OperationName[],
    private readonly clock: Clock,
    private readonly emit: (e: ProgressEvent) => void,
  ) {
    this.start = clock.now();
    const byDisplay = new Map<string, Tracked>();
    for (const name of names) {
      const display = versionedName(name);
      if (!byDisplay.has(display))
        byDisplay.set(display, {
          name,
          key: parentKey(parentOf(name)),
          display,
          requests: 0,
          listShare: 0,
          cancelRequested: false,
          unsupported: false,
          seen: false,
        });
    }
    this.all = [...byDisplay.values()];
  }

  elapsed(): number {
    return this.clock.now() - this.start;
  }

  pending(): Tracked[] {
    return this.all.filter((t) => !t.result);
  }

  finish(t: Tracked, outcome: Outcome, extra: Partial<OperationResult> = {}): void {
    if (t.result) return;
    t.result = {
      name: t.display,
      outcome,
      cancelRequested: t.cancelRequested,
      elapsedMs: this.elapsed(),
      requests: Math.round((t.requests + t.listShare) * 100) / 100,
      ...(t.target ? { target: t.target } : {}),
      ...(t.verb ? { verb: t.verb } : {}),
      ...extra,
    };
    this.emit({ type: "outcome", result: t.result });
  }

  /** A fresh view of the operation from a get or a list. */
  apply(t: Tracked, op: Operation, initial: boolean): void {
    t.seen = true;
    if (op.metadata?.target) t.target = op.metadata.target;
    if (op.metadata?.verb) t.verb = op.metadata.verb;
    this.emit({ type: "observed", name: t.display, state: op.done ? "DONE" : "PENDING" });
    if (!op.done) return;
    const endedAs = endingOf(op);
    const error = resultErrorOf(op);
    const extra = { endedAs, ...(error ? { error } : {}) };
    if (initial) return this.finish(t, "ALREADY_DONE", extra);
    if (t.unsupported) return this.finish(t, "CANCEL_UNSUPPORTED", extra);
    return this.finish(t, endedAs, error ? { error } : {});
  }

  /**
   * A failed call: NOT_FOUND ends it, transient errors are kept for later, others end it as ERROR.
   * A bad reply (malformed, wrong shape, oversized) to the first look does not: it says nothing
   * about the operation, whose cancel still goes out, and the next poll looks again.
   */
  callFailed(t: Tracked, err: unknown, call: "get" | "cancel", initial = false): void {
    if (isDeadlineOrAbort(err)) throw err;
    if (BeyondCorpError.is(err) && err.code === "ERR_API" && err.status === "NOT_FOUND")
      return this.finish(t, "NOT_FOUND");
    t.lastError = apiError(err);
    if (initial && BeyondCorpError.is(err) && err.code === "ERR_BAD_RESPONSE") return;
    if (retryReason(call, err) !== undefined) return;
    this.finish(t, "ERROR", { error: t.lastError });
  }

  /** Whatever is still open when the deadline ran out. */
  timeOutRest(): void {
    for (const t of this.pending())
      this.finish(t, "TIMED_OUT", {
        lastState: t.seen ? "PENDING" : "UNKNOWN",
        ...(t.lastError ? { error: t.lastError } : {}),
      });
  }

  /** What is known so far, for an interrupted wait (Ctrl-C). */
  snapshot(): Array<Pick<OperationResult, "name" | "cancelRequested" | "elapsedMs"> & { outcome?: Outcome }> {
    const elapsedMs = this.elapsed();
    return this.all.map((t) => ({
      name: t.display,
      cancelRequested: t.cancelRequested,
      ...(t.result ? { outcome: t.result.outcome } : {}),
      elapsedMs,
    }));
  }
}

export function apiError(err: unknown): ResultError {
  if (BeyondCorpError.is(err)) return { code: err.rpcCode, status: err.status, message: err.message };
  return { code: 2, status: "UNKNOWN", message: err instanceof Error ? err.message : String(err) };
}
