import { BeyondCorpError } from "../core/errors";

/** What `interruptOn` listens on: the process, or a test's emitter. */
export interface SignalSource {
  once(event: NodeJS.Signals, listener: () => void): unknown;
  removeListener(event: NodeJS.Signals, listener: () => void): unknown;
}

/** The signals that interrupt the CLI. */
export const INTERRUPT_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

/**
 * An AbortSignal that aborts (ERR_ABORTED, "interrupted (SIGINT)") on the first SIGINT or SIGTERM.
 * Each listener is `once`, so a second signal meets Node's default and ends the process outright.
 * `dispose` removes the listeners.
 */
export function interruptOn(source: SignalSource): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = () =>
    controller.abort(new BeyondCorpError({ code: "ERR_ABORTED", message: "interrupted (SIGINT)" }));
  for (const s of INTERRUPT_SIGNALS) source.once(s, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of INTERRUPT_SIGNALS) source.removeListener(s, onSignal);
    },
  };
}
