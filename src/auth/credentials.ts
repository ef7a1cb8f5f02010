import { googleAuthCredentials } from "./google";
import { validateCredentialSettings, type CredentialSettings, type Credentials } from "./settings";
import { fixedCredentials } from "./static-token";

/** Build a Credentials source for these settings: one kind per file (static-token.ts, google.ts). */
export function createCredentials(s: CredentialSettings): Credentials {
  validateCredentialSettings(s);
  const extra: Record<string, string> = s.quotaProject ? { "x-goog-user-project": s.quotaProject } : {};
  // A fixed token (or none) needs no library; impersonation turns a token into a source credential.
  if (s.noAuth) return fixedCredentials(undefined, extra);
  if (s.accessToken && !s.impersonateServiceAccount) return fixedCredentials(s.accessToken, extra);
  return googleAuthCredentials(s, extra);
}

export type { Credentials, CredentialSettings };
