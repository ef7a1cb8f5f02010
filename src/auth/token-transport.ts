import type { Impersonated } from "google-auth-library";
import { parseRetryAfter } from "../core/retry-after";
import { DEFAULT_REQUEST_TIMEOUT_MILLIS, DEFAULT_RETRY } from "../options/defaults";
import type { CredentialSettings } from "./settings";

type TransportOptions = NonNullable<
  NonNullable<ConstructorParameters<typeof Impersonated>[0]>["transporterOptions"]
>;

/**
 * Token requests (google-auth-library's gaxios) under the rules of API requests: a timeout (gaxios
 * has none, so a hung token endpoint would hang us), no redirects (fetch follows a 307 with the
 * refresh token and client secret in the body to any host), no retry of 501 (gaxios retries every
 * 5xx; UNIMPLEMENTED is never transient), and Retry-After honoured (gaxios ignores it).
 */
export function tokenTransport(s: CredentialSettings): TransportOptions {
  return {
    timeout: s.requestTimeoutMillis ?? DEFAULT_REQUEST_TIMEOUT_MILLIS,
    redirect: "manual",
    retryConfig: {
      statusCodesToRetry: [
        [408, 408],
        [429, 429],
        [500, 500],
        [502, 504],
      ],
      retryBackoff: (err: { response?: { headers?: Headers } }, delayMs: number) => {
        const hinted = parseRetryAfter(err.response?.headers?.get("retry-after"), Date.now()) ?? 0;
        const ms = Math.max(delayMs, Math.min(hinted, DEFAULT_RETRY.maxDelayMillis * 6));
        return new Promise<void>((resolve) => setTimeout(resolve, ms));
      },
    },
  };
}
