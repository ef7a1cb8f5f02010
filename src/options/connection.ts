import type { BackoffSchedule } from "../core/backoff";
import type { ApiVersion } from "../lro/names";

/**
 * Connection options of the library (`OperationsClient`). The user-facing ones are declared in
 * `spec.ts` (CONNECTION_OPTIONS), with their environment variables and `gcp:*` config keys; the
 * rest are library-only limits whose defaults live in `defaults.ts`.
 */
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
