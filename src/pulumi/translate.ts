import type { ConnectionOptions } from "../options/connection";
import { checkOption } from "../options/check";
import { DEFAULT_POLL } from "../options/defaults";
import { CONNECTION_KEYS } from "../options/spec";
import type { WaitOptions } from "../options/wait";
import type { CancellerInputs } from "./inputs";

/** The library's connection options from the resource's inputs (precedence: client/connection.ts). */
export function connectionOf(props: CancellerInputs): ConnectionOptions {
  const o: Record<string, unknown> = {};
  for (const k of CONNECTION_KEYS) if (typeof props[k] === "string" && props[k] !== "") o[k] = props[k];
  if (props.apiVersion) o["apiVersion"] = props.apiVersion;
  return o as ConnectionOptions;
}

/** The library's wait options from the resource's inputs, through the same checks (options/check.ts). */
export function waitOptionsOf(props: CancellerInputs, cancel: boolean, timeoutMillis?: number): WaitOptions {
  const opt = <T>(v: T | undefined, f: (v: T) => number) => (v === undefined ? undefined : f(v));
  return {
    cancel,
    ...(timeoutMillis !== undefined
      ? { timeoutMillis }
      : props.timeout !== undefined
        ? { timeoutMillis: checkOption("timeout", props.timeout) }
        : {}),
    poll: {
      ...DEFAULT_POLL,
      initialDelayMillis:
        opt(props.pollInitialDelay, (v) => checkOption("pollInitialDelay", v)) ??
        DEFAULT_POLL.initialDelayMillis,
      maxDelayMillis:
        opt(props.pollMaxDelay, (v) => checkOption("pollMaxDelay", v)) ?? DEFAULT_POLL.maxDelayMillis,
      multiplier:
        opt(props.pollMultiplier, (v) => checkOption("pollMultiplier", v)) ?? DEFAULT_POLL.multiplier,
    },
    ...(props.onCancelUnsupported ? { onCancelUnsupported: props.onCancelUnsupported } : {}),
    ...(props.failOn ? { failOn: props.failOn } : {}),
  };
}
