/**
 * Defaults as constants, derived from the option table (`spec.ts`) where the option is user-facing,
 * and declared here once where it is a library-only limit.
 */
import type { BackoffSchedule } from "../core/backoff";
import type { Outcome } from "../lro/outcomes";
import { OPTIONS, type CancelUnsupportedPolicy } from "./spec";

/** @default "https://beyondcorp.googleapis.com" */
export const DEFAULT_ENDPOINT = OPTIONS.endpoint.defaultText;
/** OAuth scope used for every token. */
export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
/** @default 30_000 */
export const DEFAULT_REQUEST_TIMEOUT_MILLIS = 30_000;
/** @default 4 MiB */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** @default 100 */
export const DEFAULT_MAX_PAGES = 100;
/** @default 1000 */
export const DEFAULT_PAGE_SIZE = 1000;
/** @default 8 */
export const DEFAULT_CONCURRENCY = 8;
/** Overall deadline for cancel-and-wait: Terraform's Google provider's default timeout. @default 20 minutes */
export const DEFAULT_TIMEOUT_MILLIS = OPTIONS.timeout.defaultMillis;

/**
 * Polling schedule. 250 ms first poll (cancellation usually lands fast), ×1.3 growth like google-gax,
 * capped at 10 s, Terraform's fixed cadence, so we are never slower to notice than Terraform.
 * See docs/decisions.md for the arithmetic against gax and gcloud.
 */
export const DEFAULT_POLL: BackoffSchedule = Object.freeze({
  initialDelayMillis: OPTIONS.pollInitialDelay.defaultMillis,
  multiplier: OPTIONS.pollMultiplier.default,
  maxDelayMillis: OPTIONS.pollMaxDelay.defaultMillis,
  jitter: 0.1,
});

/** Retry schedule for transient failures of a single call. */
export const DEFAULT_RETRY: BackoffSchedule = Object.freeze({
  initialDelayMillis: 200,
  multiplier: 2,
  maxDelayMillis: 10_000,
  jitter: 0.5,
});
/** @default 6 attempts in all (first try included) */
export const DEFAULT_MAX_ATTEMPTS = 6;

/** @default "wait" */
export const DEFAULT_ON_CANCEL_UNSUPPORTED: CancelUnsupportedPolicy = OPTIONS.onCancelUnsupported.default;

/** Outcomes that fail the caller unless told otherwise. @default ["TIMED_OUT", "ERROR"] */
export const DEFAULT_FAIL_ON: readonly Outcome[] = Object.freeze([...OPTIONS.failOn.default]);
