import type { Credentials } from "./settings";

/** A fixed access token, or no credentials at all (emulators): nothing to refresh. */
export function fixedCredentials(token: string | undefined, extra: Record<string, string>): Credentials {
  const headers = token === undefined ? { ...extra } : { authorization: `Bearer ${token}`, ...extra };
  return { headers: async () => ({ ...headers }), invalidate: () => undefined, refreshable: false };
}
