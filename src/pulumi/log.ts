import type { WaitReport } from "../wait/waiter";
import type { ProgressEvent } from "../wait/progress";
import { watchLine } from "../wait/watch-line";
import type { LastRun } from "./outputs";

let sink = (line: string): void => console.log(line);

/**
 * Where lines go. The dynamic-provider host shows a provider's stdout in the Pulumi UI; the engine
 * hides a provider plugin's stdout, so the plugin sends its lines to the engine's Log service.
 */
export function setLogSink(fn: (line: string) => void): void {
  sink = fn;
}

/** One line for the Pulumi UI. */
export const log = (msg: string): void => sink(`[beyondcorp] ${msg}`);

/** One line per progress event worth showing; retries appear here once (the waiter's channel). */
export function logProgress(e: ProgressEvent): void {
  if (e.type === "cancel-sent") log(`cancel requested: ${e.name}`);
  else if (e.type === "cancel-unsupported") log(`cancel unsupported (UNIMPLEMENTED): ${e.name}`);
  else if (e.type === "retry")
    log(`retrying ${e.retry.call} ${e.retry.path} in ${e.retry.delayMs} ms: ${e.retry.reason}`);
  else if (e.type === "watch") log(watchLine(e));
  else if (e.type === "outcome") {
    const r = e.result;
    const err = r.error ? ` (${r.error.status}: ${r.error.message})` : "";
    log(
      `${r.outcome.padEnd(18)} ${r.name} after ${(r.elapsedMs / 1000).toFixed(1)}s, ${Math.round(r.requests)} requests${err}`,
    );
  }
}

/** The summary line of an update or delete, and the `lastRun` it records. */
export function summarize(action: "update" | "delete", report: WaitReport, now: Date): LastRun {
  const outcomes: Record<string, number> = {};
  for (const r of report.results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  const counts = Object.entries(outcomes).map(([k, v]) => `${v} ${k}`);
  log(
    `${action}: ${report.results.length} operation(s) terminal in ${(report.elapsedMs / 1000).toFixed(1)}s, ${report.requests} requests: ${counts.join(", ") || "nothing to do"}`,
  );
  return { action, at: now.toISOString(), elapsedMs: report.elapsedMs, requests: report.requests, outcomes };
}
