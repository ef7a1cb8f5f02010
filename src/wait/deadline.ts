import type { Clock } from "../core/clock";
import { BeyondCorpError } from "../core/errors";

/**
 * The overall deadline of one wait, as an AbortSignal that also aborts in-flight requests (so a
 * hung server cannot stretch it), combined with the caller's own signal.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  readonly at: number;
  /** True when the deadline (not the caller) stopped the wait. */
  hit(): boolean;
  /** Clear the timer. */
  stop(): void;
}

export function startDeadline(clock: Clock, timeoutMillis: number, outer?: AbortSignal): Deadline {
  const expired = new AbortController();
  const timer = new AbortController();
  const err = new BeyondCorpError({
    code: "ERR_DEADLINE",
    message: `deadline of ${timeoutMillis} ms exceeded`,
  });
  clock.sleep(timeoutMillis, timer.signal).then(
    () => expired.abort(err),
    () => undefined,
  );
  return {
    signal: outer ? AbortSignal.any([outer, expired.signal]) : expired.signal,
    at: clock.now() + timeoutMillis,
    hit: () => expired.signal.aborted && !outer?.aborted,
    stop: () => timer.abort(),
  };
}

export function isDeadlineOrAbort(err: unknown): boolean {
  return BeyondCorpError.is(err) && (err.code === "ERR_DEADLINE" || err.code === "ERR_ABORTED");
}
