import type { CallContext } from "../client/call";
import type { OperationsClient } from "../client/operations-client";
import type { Clock } from "../core/clock";
import type { WaitSettings } from "../options/wait";
import type { CadencePolicy } from "./cadence";
import type { Ledger, Tracked } from "./ledger";
import type { Limiter } from "./limiter";
import type { ProgressEvent } from "./progress";

/** What every group's poller works with; shared by all the pollers of one wait. */
export interface RoundContext {
  readonly client: OperationsClient;
  readonly ledger: Ledger;
  readonly settings: WaitSettings;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** When the overall deadline runs out (clock time). */
  readonly deadlineAt: number;
  readonly emit: (e: ProgressEvent) => void;
  /** Requests made by list calls, shared by the operations they served. */
  readonly listMeter: { requests: number };
  /** The `concurrency` bound on gets and cancels, over the whole wait. */
  readonly limiter: Limiter;
  readonly policy: CadencePolicy;
  readonly random: () => number;
}

/** The call context for one operation's call, or for a shared list call. */
export function callContext(r: RoundContext, t: Tracked | undefined): CallContext {
  return {
    signal: r.signal,
    meter: t ?? r.listMeter,
    onRetry: (retry) => r.emit({ type: "retry", ...(t ? { name: t.display } : {}), retry }),
  };
}
