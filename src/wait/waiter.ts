import { setMaxListeners } from "node:events";
import { systemClock, type Clock } from "../core/clock";
import { BeyondCorpError } from "../core/errors";
import type { OperationsClient } from "../client/operations-client";
import type { OperationName } from "../lro/names";
import { failures, type OperationResult, type Outcome } from "../lro/outcomes";
import { resolveWaitOptions, type WaitOptions } from "../options/wait";
import { DEFAULT_CADENCE, type CadencePolicy } from "./cadence";
import { startDeadline } from "./deadline";
import { groupsOf } from "./group";
import { Ledger } from "./ledger";
import { Limiter } from "./limiter";
import { pollGroup } from "./poller";
import type { ProgressEvent } from "./progress";
import type { RoundContext } from "./round";

export interface WaitDeps {
  clock?: Clock;
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  random?: () => number;
  /**
   * Overrides of the polling policy's tuning figures (cadence.ts), for weighing a policy before it
   * becomes the default (`npm run bench -- --model`); not an option users set.
   */
  cadence?: Partial<Omit<CadencePolicy, "poll">>;
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
 * Operations that share a parent are polled together with one `list` per poll, each parent (and
 * each single operation) on its own cadence (cadence.ts), side by side (poller.ts).
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
  // Stops the other groups' pollers when one fails with something other than the deadline.
  const stop = new AbortController();
  const r: RoundContext = {
    client,
    ledger,
    settings,
    clock,
    signal: AbortSignal.any([deadline.signal, stop.signal]),
    deadlineAt: deadline.at,
    emit,
    listMeter: { requests: 0 },
    limiter: new Limiter(settings.concurrency),
    policy: { poll: settings.poll, ...DEFAULT_CADENCE, ...deps.cadence },
    random: deps.random ?? Math.random,
  };
  const groups = groupsOf(ledger.all, settings.batchByParent);
  // Every group's sleep and every request in flight (a few listeners each) listen to it at once.
  setMaxListeners(groups.length + 4 * settings.concurrency + 10, r.signal);
  try {
    let first: { error: unknown } | undefined;
    await Promise.all(
      groups.map((g) =>
        pollGroup(r, g).catch((error: unknown) => {
          if (!first) {
            first = { error };
            stop.abort(error);
          }
        }),
      ),
    );
    if (first) throw first.error;
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
