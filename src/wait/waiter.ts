import { backoffDelay } from "../core/backoff";
import type { CallContext, OperationsClient, RetryEvent } from "../client/operations-client";
import { systemClock, type Clock } from "../core/clock";
import { BeyondCorpError } from "../core/errors";
import { formatOperation, parentKey, parentOf, versionedName, type OperationName } from "../lro/names";
import { endingOf, resultErrorOf, type Operation } from "../lro/operation";
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_FAIL_ON,
  DEFAULT_ON_CANCEL_UNSUPPORTED,
  DEFAULT_POLL,
  DEFAULT_TIMEOUT_MILLIS,
  type WaitOptions,
} from "../options/options";
import { failures, type OperationResult, type Outcome, type ResultError } from "../lro/outcomes";
import { mapLimit } from "../core/concurrency";
import { retryReason } from "../client/retry-policy";

/** What the waiter reports while it works. */
export type ProgressEvent =
  | { type: "observed"; name: string; state: "PENDING" | "DONE" | "GONE" }
  | { type: "cancel-sent"; name: string }
  | { type: "cancel-unsupported"; name: string }
  | { type: "retry"; name?: string; retry: RetryEvent }
  | { type: "round"; round: number; pending: number; nextDelayMs: number }
  | { type: "outcome"; result: OperationResult };

export interface WaitDeps {
  clock?: Clock;
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  random?: () => number;
}

export interface WaitReport {
  results: OperationResult[];
  /** False when any result's outcome is in `failOn`. */
  ok: boolean;
  failed: OperationResult[];
  /** Every HTTP request made, list calls included. */
  requests: number;
  elapsedMs: number;
}

interface Tracked {
  name: OperationName;
  key: string;
  display: string;
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
 * Cancel each tracked operation that is not done (unless `cancel: false`), then poll until each is
 * terminal or the deadline runs out, and return one named outcome per operation.
 * Operations that share a parent are polled with one paged `list` per round.
 */
export async function cancelAndWait(
  client: OperationsClient,
  names: readonly OperationName[],
  options: WaitOptions = {},
  deps: WaitDeps = {},
): Promise<WaitReport> {
  const clock = deps.clock ?? systemClock;
  const poll = options.poll ?? DEFAULT_POLL;
  const timeoutMillis = options.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const onUnsupported = options.onCancelUnsupported ?? DEFAULT_ON_CANCEL_UNSUPPORTED;
  const failOn = new Set<Outcome>(options.failOn ?? DEFAULT_FAIL_ON);
  if (onUnsupported === "fail") failOn.add("CANCEL_UNSUPPORTED");
  const doCancel = options.cancel ?? true;
  const batch = options.batchByParent ?? true;
  const emit = deps.onProgress ?? (() => undefined);
  const start = clock.now();
  const deadline = start + timeoutMillis;

  // The deadline aborts in-flight requests too, so a hung server cannot stretch it.
  const deadlineCtl = new AbortController();
  const stopTimer = new AbortController();
  const deadlineErr = new BeyondCorpError({
    code: "ERR_DEADLINE",
    message: `deadline of ${timeoutMillis} ms exceeded`,
  });
  clock.sleep(timeoutMillis, stopTimer.signal).then(
    () => deadlineCtl.abort(deadlineErr),
    () => undefined,
  );
  const signal = deps.signal ? AbortSignal.any([deps.signal, deadlineCtl.signal]) : deadlineCtl.signal;

  const listMeter = { requests: 0 };
  const byDisplay = new Map<string, Tracked>();
  for (const name of names) {
    const display = versionedName(name);
    if (!byDisplay.has(display)) {
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
  }
  const all = [...byDisplay.values()];
  const listUnusable = new Set<string>();

  const ctxFor = (t: Tracked | undefined): CallContext => ({
    signal,
    meter: t ?? listMeter,
    onRetry: (retry) => emit({ type: "retry", ...(t ? { name: t.display } : {}), retry }),
  });

  const finish = (t: Tracked, outcome: Outcome, extra: Partial<OperationResult> = {}) => {
    if (t.result) return;
    t.result = {
      name: t.display,
      outcome,
      cancelRequested: t.cancelRequested,
      elapsedMs: clock.now() - start,
      requests: round2(t.requests + t.listShare),
      ...(t.target ? { target: t.target } : {}),
      ...(t.verb ? { verb: t.verb } : {}),
      ...extra,
    };
    emit({ type: "outcome", result: t.result });
  };

  const onDone = (t: Tracked, op: Operation, initial: boolean) => {
    const endedAs = endingOf(op);
    const error = resultErrorOf(op);
    const extra = { endedAs, ...(error ? { error } : {}) };
    if (initial) return finish(t, "ALREADY_DONE", extra);
    if (t.unsupported) return finish(t, "CANCEL_UNSUPPORTED", extra);
    return finish(t, endedAs, error ? { error } : {});
  };

  const apiError = (err: unknown): ResultError => {
    if (BeyondCorpError.is(err)) return { code: err.rpcCode, status: err.status, message: err.message };
    return { code: 2, status: "UNKNOWN", message: err instanceof Error ? err.message : String(err) };
  };

  /** Record a failed call: NOT_FOUND ends it, transient errors are kept for later, others end it as ERROR. */
  const onCallError = (t: Tracked, err: unknown, call: "get" | "cancel") => {
    if (isDeadlineOrAbort(err)) throw err;
    if (BeyondCorpError.is(err) && err.code === "ERR_API" && err.status === "NOT_FOUND")
      return finish(t, "NOT_FOUND");
    t.lastError = apiError(err);
    if (retryReason(call, err) !== undefined) return undefined;
    return finish(t, "ERROR", { error: t.lastError });
  };

  const observe = async (initial: boolean) => {
    const pending = all.filter((t) => !t.result);
    const groups = new Map<string, Tracked[]>();
    for (const t of pending) groups.set(t.key, [...(groups.get(t.key) ?? []), t]);
    const toGet: Tracked[] = [];
    for (const [key, group] of groups) {
      if (!batch || group.length < 2 || listUnusable.has(key)) {
        toGet.push(...group);
        continue;
      }
      const first = group[0]!;
      try {
        const { operations, pages } = await client.listAll(parentOf(first.name), ctxFor(undefined));
        const share = pages / group.length;
        const found = new Map(operations.map((o) => [o.name, o]));
        for (const t of group) {
          t.listShare += share;
          const op = found.get(formatOperation(t.name));
          if (op) apply(t, op, initial);
          else toGet.push(t);
        }
        if (pages > group.length) listUnusable.add(key);
      } catch (err) {
        if (isDeadlineOrAbort(err)) throw err;
        listUnusable.add(key);
        toGet.push(...group);
      }
    }
    await mapLimit(toGet, concurrency, async (t) => {
      try {
        apply(t, await client.get(t.name, ctxFor(t)), initial);
      } catch (err) {
        onCallError(t, err, "get");
      }
    });
  };

  const apply = (t: Tracked, op: Operation, initial: boolean) => {
    t.seen = true;
    if (op.metadata?.target) t.target = op.metadata.target;
    if (op.metadata?.verb) t.verb = op.metadata.verb;
    emit({ type: "observed", name: t.display, state: op.done ? "DONE" : "PENDING" });
    if (op.done) onDone(t, op, initial);
  };

  const cancelPending = async () => {
    const todo = all.filter((t) => !t.result && !t.cancelRequested && !t.unsupported);
    await mapLimit(todo, concurrency, async (t) => {
      try {
        await client.cancel(t.name, ctxFor(t));
        t.cancelRequested = true;
        emit({ type: "cancel-sent", name: t.display });
      } catch (err) {
        if (BeyondCorpError.is(err) && err.code === "ERR_API" && err.status === "UNIMPLEMENTED") {
          t.unsupported = true;
          emit({ type: "cancel-unsupported", name: t.display });
          if (onUnsupported !== "wait") finish(t, "CANCEL_UNSUPPORTED", { error: apiError(err) });
          return;
        }
        if (BeyondCorpError.is(err) && err.code === "ERR_API" && err.status === "FAILED_PRECONDITION") {
          t.cancelRequested = true; // typically "already done": the next poll tells how it ended
          return;
        }
        onCallError(t, err, "cancel");
      }
    });
  };

  try {
    await observe(true);
    if (doCancel) await cancelPending();
    for (let round = 0; all.some((t) => !t.result); round++) {
      const delay = backoffDelay(poll, round, deps.random);
      const remaining = deadline - clock.now();
      emit({
        type: "round",
        round,
        pending: all.filter((t) => !t.result).length,
        nextDelayMs: Math.min(delay, remaining),
      });
      if (remaining <= 0) break;
      await clock.sleep(Math.min(delay, remaining), signal);
      await observe(false);
      if (doCancel) await cancelPending(); // retry cancels that failed transiently
    }
  } catch (err) {
    const deadlineHit = deadlineCtl.signal.aborted && !deps.signal?.aborted;
    if (!deadlineHit) {
      if (BeyondCorpError.is(err) && err.code === "ERR_ABORTED") {
        throw Object.assign(err, { partial: snapshot(all, clock.now() - start) });
      }
      throw err;
    }
  } finally {
    stopTimer.abort();
  }
  for (const t of all) {
    if (!t.result) {
      finish(t, "TIMED_OUT", {
        lastState: t.seen ? "PENDING" : "UNKNOWN",
        ...(t.lastError ? { error: t.lastError } : {}),
      });
    }
  }
  const results = all.map((t) => t.result!);
  const failed = failures(results, [...failOn]);
  return {
    results,
    ok: failed.length === 0,
    failed,
    requests: all.reduce((n, t) => n + t.requests, 0) + listMeter.requests,
    elapsedMs: clock.now() - start,
  };
}

function isDeadlineOrAbort(err: unknown): boolean {
  return BeyondCorpError.is(err) && (err.code === "ERR_DEADLINE" || err.code === "ERR_ABORTED");
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** What is known so far, for an interrupted wait (Ctrl-C). */
function snapshot(
  all: Tracked[],
  elapsedMs: number,
): Array<Pick<OperationResult, "name" | "cancelRequested"> & { outcome?: Outcome }> {
  return all.map((t) => ({
    name: t.display,
    cancelRequested: t.cancelRequested,
    ...(t.result ? { outcome: t.result.outcome } : {}),
    elapsedMs,
  }));
}
