import type { BackoffSchedule } from "../core/backoff";
import { invalidInput } from "../core/errors";
import type { Outcome } from "../lro/outcomes";
import { checkOption } from "./check";
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_FAIL_ON,
  DEFAULT_ON_CANCEL_UNSUPPORTED,
  DEFAULT_POLL,
  DEFAULT_TIMEOUT_MILLIS,
} from "./defaults";
import type { CancelUnsupportedPolicy } from "./spec";

/** Cancel-and-wait options of the library. Bounds and defaults come from `spec.ts`. */
export interface WaitOptions {
  /** Overall deadline, 100 ms to 24 h. @default 20 minutes */
  readonly timeoutMillis?: number;
  /** Polling schedule. @default DEFAULT_POLL */
  readonly poll?: BackoffSchedule;
  /** Concurrent cancel and get calls, 1 to 100. @default 8 */
  readonly concurrency?: number;
  /** @default "wait" */
  readonly onCancelUnsupported?: CancelUnsupportedPolicy;
  /** Outcomes that make `ok` false. @default ["TIMED_OUT", "ERROR"] */
  readonly failOn?: readonly Outcome[];
  /** Send the cancel (true), or only wait for the operations to end (false). @default true */
  readonly cancel?: boolean;
  /**
   * Wait until every operation is terminal (true), or send the cancels, look once and return
   * (false: operations still running are reported TIMED_OUT with lastState PENDING). @default true
   */
  readonly wait?: boolean;
  /** Poll tracked operations that share a parent with one list call per round. @default true */
  readonly batchByParent?: boolean;
}

/** WaitOptions with every default applied, validated once. */
export type WaitSettings = Required<WaitOptions>;

/** Apply defaults and validate; errors name the option as the library spells it. */
export function resolveWaitOptions(o: WaitOptions = {}): WaitSettings {
  // Whichever schedule is in force is checked (DEFAULT_POLL is within the bounds).
  const poll = o.poll ?? DEFAULT_POLL;
  checkOption("pollInitialDelay", poll.initialDelayMillis, "poll.initialDelayMillis");
  checkOption("pollMaxDelay", poll.maxDelayMillis, "poll.maxDelayMillis");
  checkOption("pollMultiplier", poll.multiplier, "poll.multiplier");
  if (!(poll.jitter >= 0 && poll.jitter <= 1))
    throw invalidInput("poll.jitter", "must be a number from 0 to 1", poll.jitter);
  const concurrency = o.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100)
    throw invalidInput("concurrency", "must be an integer from 1 to 100", concurrency);
  return {
    timeoutMillis:
      o.timeoutMillis === undefined
        ? DEFAULT_TIMEOUT_MILLIS
        : checkOption("timeout", o.timeoutMillis, "timeoutMillis"),
    poll,
    concurrency,
    onCancelUnsupported:
      o.onCancelUnsupported === undefined
        ? DEFAULT_ON_CANCEL_UNSUPPORTED
        : (checkOption("onCancelUnsupported", o.onCancelUnsupported) as CancelUnsupportedPolicy),
    failOn: o.failOn === undefined ? DEFAULT_FAIL_ON : (checkOption("failOn", o.failOn) as Outcome[]),
    cancel: o.cancel ?? true,
    wait: o.wait ?? true,
    batchByParent: o.batchByParent ?? true,
  };
}
