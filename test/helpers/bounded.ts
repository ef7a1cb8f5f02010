/**
 * Bounded waits for tests that wait on the product. A product that hangs (an operation polled
 * forever, a deadline ignored) then fails its test in seconds, naming what the test waited for,
 * instead of running into the runner's 600 s timeout.
 */

/** Thrown by `within` when the bound runs out. */
export class BoundExceeded extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`still waiting for ${what} after ${ms} ms (the test's own bound)`);
    this.name = "BoundExceeded";
  }
}

/**
 * Resolve with `work`, or reject with `BoundExceeded` once `ms` have passed. When `work` is a
 * function it receives a signal that aborts when the bound runs out, so the product stops too.
 */
export async function within<T>(
  ms: number,
  work: Promise<T> | ((signal: AbortSignal) => Promise<T>),
  what: string,
): Promise<T> {
  const ctl = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new BoundExceeded(what, ms);
      ctl.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([typeof work === "function" ? work(ctl.signal) : work, bound]);
  } finally {
    clearTimeout(timer);
  }
}
