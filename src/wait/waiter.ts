import { backoffDelay } from "../core/backoff";
import { systemClock, type Clock } from "../core/clock";
import { BeyondCorpError } from "../core/errors";
import type { OperationsClient } from "../client/operations-client";
import type { OperationName } from "../lro/names";
import { failures, type OperationResult, type Outcome } from "../lro/outcomes";
import { resolveWaitOptions, type WaitOptions } from "../options/wait";
import { cancelRound } from "./cancel-round";
import { startDeadline } from "./deadline";
import { Ledger } from "./ledger";
import { observeRound } from "./observe";
import type { ProgressEvent } from "./progress";
import type { RoundContext } from "./round";

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
  const settings = resolveWaitOptions(options);
  const clock = deps.clock ?? systemClock;
  const emit = deps.onProgress ?? (() => undefined);
  const ledger = new Ledger(names, clock, emit);
  const deadline = startDeadline(clock, settings.timeoutMillis, deps.signal);
  const r: RoundContext = {
    client,
    ledger,
    settings,
    signal: deadline.signal,
    emit,
    listMeter: { requests: 0 },
    listUnusable: new Set(),
  };
  try {
    await observeRound(r, true);
    if (settings.cancel) await cancelRound(r);
    for (let round = 0; settings.wait && ledger.pending().length > 0; round++) {
      const delay = backoffDelay(settings.poll, round, deps.random);
      const remaining = deadline.at - clock.now();
      emit({
        type: "round",
        round,
        pending: ledger.pending().length,
        nextDelayMs: Math.min(delay, remaining),
      });
      if (remaining <= 0) break;
      await clock.sleep(Math.min(delay, remaining), deadline.signal);
      await observeRound(r, false);
      if (settings.cancel) await cancelRound(r); // retry cancels that failed transiently
    }
  } catch (err) {
    if (!deadline.hit()) {
      if (BeyondCorpError.is(err) && err.code === "ERR_ABORTED")
        throw Object.assign(err, { partial: ledger.snapshot() });
      throw err;
    }
  } finally {
    deadline.stop();
  }
  ledger.timeOutRest();
  const results = ledger.all.map((t) => t.result!);
  const failOn = new Set<Outcome>(settings.failOn);
  if (settings.onCancelUnsupported === "fail") failOn.add("CANCEL_UNSUPPORTED");
  const failed = failures(results, [...failOn]);
  return {
    results,
    ok: failed.length === 0,
    failed,
    requests: ledger.all.reduce((n, t) => n + t.requests, 0) + r.listMeter.requests,
    elapsedMs: ledger.elapsed(),
  };
}
