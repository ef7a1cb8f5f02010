import { invalidInput } from "../core/errors";
import { checkSecureUrl, endpointForUniverse } from "./endpoint";

/** Where credentials come from, resolved from options first and then the environment. */
export interface CredentialSettings {
  /** Credentials JSON contents or a path to a file. */
  credentials?: string;
  accessToken?: string;
  impersonateServiceAccount?: string;
  quotaProject?: string;
  universeDomain?: string;
  noAuth?: boolean;
  /** Token URL for `authorized_user` credentials (private or emulated OAuth servers). */
  oauth2TokenUrl?: string;
  /** IAM Credentials endpoint for impersonation (private or emulated). */
  iamCredentialsEndpoint?: string;
  /** Timeout of each token request, as for API requests. @default 30_000 */
  requestTimeoutMillis?: number;
}

/** Produces request headers; never logs or exposes the token. */
export interface Credentials {
  /** `authorization` (unless noAuth) and `x-goog-user-project` (when set). */
  headers(): Promise<Record<string, string>>;
  /** Drop any cached token, so that the next `headers()` fetches a new one. */
  invalidate(): void;
  /** Whether invalidate() can lead to a different token (false for a fixed access token). */
  readonly refreshable: boolean;
}

const TOKEN_RULE = /^[\x21-\x7e]{1,4096}$/;
const QUOTA_RULE = /^[a-z0-9][a-z0-9.:-]{0,99}$/;
const SA_RULE = /^[a-z0-9][a-z0-9-]{0,62}@[a-z0-9.-]{1,253}$/;

/** Validate settings up front, with errors that name the option. */
export function validateCredentialSettings(s: CredentialSettings): void {
  if (s.accessToken !== undefined && !TOKEN_RULE.test(s.accessToken)) {
    throw invalidInput("accessToken", "must be 1-4096 visible ASCII characters (no spaces, CR or LF)");
  }
  if (s.quotaProject !== undefined && !QUOTA_RULE.test(s.quotaProject)) {
    throw invalidInput("quotaProject", "must be a project id or number", s.quotaProject);
  }
  if (s.impersonateServiceAccount !== undefined && !SA_RULE.test(s.impersonateServiceAccount)) {
    throw invalidInput(
      "impersonateServiceAccount",
      "must be a service account email",
      s.impersonateServiceAccount,
    );
  }
  // These URLs receive secrets (a refresh token, a source access token): same rules as the endpoint.
  if (s.oauth2TokenUrl !== undefined) checkSecureUrl(s.oauth2TokenUrl, "oauth2TokenUrl");
  if (s.iamCredentialsEndpoint !== undefined)
    checkSecureUrl(s.iamCredentialsEndpoint, "iamCredentialsEndpoint");
  endpointForUniverse(s.universeDomain);
}
