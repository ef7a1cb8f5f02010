import type { BackoffSchedule } from "../core/backoff";
import type { ApiVersion } from "../lro/names";
import type { Outcome } from "../lro/outcomes";

/** @default "https://beyondcorp.googleapis.com" */
export const DEFAULT_ENDPOINT = "https://beyondcorp.googleapis.com";
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
export const DEFAULT_TIMEOUT_MILLIS = 20 * 60_000;

/**
 * Polling schedule. 250 ms first poll (cancellation usually lands fast), ×1.3 growth like google-gax,
 * capped at 10 s, Terraform's fixed cadence, so we are never slower to notice than Terraform.
 * See docs/decisions.md for the arithmetic against gax and gcloud.
 */
export const DEFAULT_POLL: BackoffSchedule = Object.freeze({
  initialDelayMillis: 250,
  multiplier: 1.3,
  maxDelayMillis: 10_000,
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

/** What to do when the server answers UNIMPLEMENTED to a cancel. */
export type CancelUnsupportedPolicy =
  /** Keep polling until the operation ends on its own (default: teardown never races in-flight work). */
  | "wait"
  /** Stop at once and count the operation as a failure. */
  | "fail"
  /** Stop at once and move on; not a failure. */
  | "abandon";
/** @default "wait" */
export const DEFAULT_ON_CANCEL_UNSUPPORTED: CancelUnsupportedPolicy = "wait";

/** Outcomes that fail the caller unless told otherwise. @default ["TIMED_OUT", "ERROR"] */
export const DEFAULT_FAIL_ON: readonly Outcome[] = Object.freeze(["TIMED_OUT", "ERROR"] as Outcome[]);

/** Connection options, shared by the client, the CLI and the Pulumi resource. */
export interface ConnectionOptions {
  /** Base URL. `http://` only on loopback. Env: GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT. @default DEFAULT_ENDPOINT */
  readonly endpoint?: string;
  /** @default "v1" */
  readonly apiVersion?: ApiVersion;
  /** Credentials JSON (contents or a file path). Env: GOOGLE_CREDENTIALS, then ADC. */
  readonly credentials?: string;
  /** A ready OAuth2 access token. Env: GOOGLE_OAUTH_ACCESS_TOKEN. */
  readonly accessToken?: string;
  /** Service account to impersonate. Env: GOOGLE_IMPERSONATE_SERVICE_ACCOUNT. */
  readonly impersonateServiceAccount?: string;
  /** Sent as `x-goog-user-project`. Env: GOOGLE_BILLING_PROJECT (with USER_PROJECT_OVERRIDE=true). */
  readonly quotaProject?: string;
  /** @default "googleapis.com" */
  readonly universeDomain?: string;
  /** Token URL for `authorized_user` credentials (private OAuth servers, the emulator). */
  readonly oauth2TokenUrl?: string;
  /** IAM Credentials endpoint for impersonation (private endpoints, the emulator). */
  readonly iamCredentialsEndpoint?: string;
  /** Send no credentials at all (emulators). @default false */
  readonly noAuth?: boolean;
  /** Per-request timeout. @default 30_000 */
  readonly requestTimeoutMillis?: number;
  /** Largest response body accepted. @default 4 MiB */
  readonly maxResponseBytes?: number;
  /** Largest number of pages one list call follows. @default 100 */
  readonly maxPages?: number;
  /** Attempts per call for transient failures, first included. @default 6 */
  readonly maxAttempts?: number;
  /** Retry schedule. @default DEFAULT_RETRY */
  readonly retry?: BackoffSchedule;
}

/** Cancel-and-wait options. */
export interface WaitOptions {
  /** Overall deadline. @default 20 minutes */
  readonly timeoutMillis?: number;
  /** Polling schedule. @default DEFAULT_POLL */
  readonly poll?: BackoffSchedule;
  /** Concurrent cancel and get calls. @default 8 */
  readonly concurrency?: number;
  /** @default "wait" */
  readonly onCancelUnsupported?: CancelUnsupportedPolicy;
  /** Outcomes that make `ok` false. @default ["TIMED_OUT", "ERROR"] */
  readonly failOn?: readonly Outcome[];
  /** Send the cancel (true), or only wait for the operations to end (false). @default true */
  readonly cancel?: boolean;
  /** Poll tracked operations that share a parent with one list call per round. @default true */
  readonly batchByParent?: boolean;
}
