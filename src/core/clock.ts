import { BeyondCorpError } from "./errors";

/**
 * Time as the waiter sees it. Every wait in this package goes through a Clock, so tests can drive
 * time with a fake clock instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolve after `ms`, or reject with ERR_ABORTED as soon as `signal` aborts (clearing the timer). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `Date.now` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError(signal));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};

/** The error every wait rejects with when its signal aborts. */
export function abortError(signal: AbortSignal | undefined): BeyondCorpError {
  if (BeyondCorpError.is(signal?.reason)) return signal.reason;
  return new BeyondCorpError({ code: "ERR_ABORTED", message: "aborted", cause: signal?.reason });
}

/** Throw ERR_ABORTED if the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}
