import type { CallContext } from "../client/call";
import type { OperationsClient } from "../client/operations-client";
import type { WaitSettings } from "../options/wait";
import type { Ledger, Tracked } from "./ledger";
import type { ProgressEvent } from "./progress";

/** What one observation or cancel round works with. */
export interface RoundContext {
  readonly client: OperationsClient;
  readonly ledger: Ledger;
  readonly settings: WaitSettings;
  readonly signal: AbortSignal;
  readonly emit: (e: ProgressEvent) => void;
  /** Requests made by list calls, shared by the operations they served. */
  readonly listMeter: { requests: number };
  /** Parents (by key) that are polled with gets: list was refused or costs more than gets. */
  readonly listUnusable: Set<string>;
}

/** The call context for one operation's call, or for a shared list call. */
export function callContext(r: RoundContext, t: Tracked | undefined): CallContext {
  return {
    signal: r.signal,
    meter: t ?? r.listMeter,
    onRetry: (retry) => r.emit({ type: "retry", ...(t ? { name: t.display } : {}), retry }),
  };
}
