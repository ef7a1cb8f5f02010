import * as fs from "node:fs";
import type { AuthClient, GoogleAuth } from "google-auth-library";
import { BeyondCorpError, invalidInput } from "./errors";
import { CLOUD_PLATFORM_SCOPE } from "./options";

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
}

/** Produces request headers; never logs or exposes the token. */
export interface Credentials {
  /** `authorization` (unless noAuth) and `x-goog-user-project` (when set). */
  headers(): Promise<Record<string, string>>;
  /** Drop any cached token, so that the next `headers()` fetches a new one. */
  invalidate(): void;
  /** Whether invalidate() can lead to a different token (false for a fixed access token). */
  readonly refreshable: boolean;
  /** Which source was used, for diagnostics: "none", "access-token", "credentials-json", "adc". */
  readonly source: string;
}

/** Environment conventions of Pulumi's GCP provider (and Terraform's). */
export function credentialSettingsFromEnv(env: NodeJS.ProcessEnv): CredentialSettings {
  const s: CredentialSettings = {};
  const creds = env["GOOGLE_CREDENTIALS"] ?? env["GOOGLE_CLOUD_KEYFILE_JSON"] ?? env["GCLOUD_KEYFILE_JSON"];
  if (creds) s.credentials = creds;
  if (env["GOOGLE_OAUTH_ACCESS_TOKEN"]) s.accessToken = env["GOOGLE_OAUTH_ACCESS_TOKEN"];
  if (env["GOOGLE_IMPERSONATE_SERVICE_ACCOUNT"])
    s.impersonateServiceAccount = env["GOOGLE_IMPERSONATE_SERVICE_ACCOUNT"];
  const billing = env["GOOGLE_BILLING_PROJECT"];
  const override = /^(1|true)$/i.test(env["USER_PROJECT_OVERRIDE"] ?? "");
  if (billing && override) s.quotaProject = billing;
  if (env["GOOGLE_UNIVERSE_DOMAIN"]) s.universeDomain = env["GOOGLE_UNIVERSE_DOMAIN"];
  return s;
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
}

/** Parse credentials given as JSON contents or as a path to a JSON file. */
export function loadCredentialsJson(value: string, field = "credentials"): Record<string, unknown> {
  const text = value.trimStart().startsWith("{") ? value : readFile(value, field);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message may quote the input, which may be a secret: say only what is wrong.
    throw invalidInput(
      field,
      "is not valid JSON (expected a service account key, authorized_user or external_account file)",
    );
  }
  if (typeof json !== "object" || json === null || typeof (json as { type?: unknown }).type !== "string") {
    throw invalidInput(field, "must be a credentials JSON object with a `type` field");
  }
  return json as Record<string, unknown>;
}

function readFile(path: string, field: string): string {
  if (path.length > 4096 || path.includes("\n")) throw invalidInput(field, "is neither JSON nor a file path");
  try {
    return fs.readFileSync(path, "utf8");
  } catch (cause) {
    const code = (cause as { code?: string }).code ?? "error";
    throw Object.assign(invalidInput(field, `file could not be read (${code})`, path), { cause });
  }
}

/** Build a Credentials source. google-auth-library is loaded here, lazily. */
export function createCredentials(s: CredentialSettings): Credentials {
  validateCredentialSettings(s);
  const extra: Record<string, string> = s.quotaProject ? { "x-goog-user-project": s.quotaProject } : {};
  if (s.noAuth)
    return {
      headers: async () => ({ ...extra }),
      invalidate: () => undefined,
      refreshable: false,
      source: "none",
    };
  if (s.accessToken && !s.impersonateServiceAccount) {
    const token = s.accessToken;
    return {
      headers: async () => ({ authorization: `Bearer ${token}`, ...extra }),
      invalidate: () => undefined,
      refreshable: false,
      source: "access-token",
    };
  }
  let client: Promise<AuthClient> | undefined;
  const get = () => (client ??= buildClient(s));
  return {
    async headers() {
      let auth: AuthClient;
      try {
        auth = await get();
        const h = await auth.getRequestHeaders();
        const value = h.get("authorization");
        if (!value) throw new Error("no authorization header produced");
        return { authorization: value, ...extra };
      } catch (cause) {
        client = undefined;
        if (BeyondCorpError.is(cause)) throw cause;
        throw credentialError(cause);
      }
    },
    invalidate() {
      client = undefined;
    },
    refreshable: true,
    source: s.credentials ? "credentials-json" : s.accessToken ? "access-token" : "adc",
  };
}

async function buildClient(s: CredentialSettings): Promise<AuthClient> {
  const gal = require("google-auth-library") as typeof import("google-auth-library");
  let source: AuthClient;
  if (s.accessToken) {
    const c = new gal.OAuth2Client();
    c.setCredentials({ access_token: s.accessToken });
    source = c;
  } else {
    const opts: ConstructorParameters<typeof GoogleAuth>[0] = {
      scopes: [CLOUD_PLATFORM_SCOPE],
      ...(s.universeDomain ? { universeDomain: s.universeDomain } : {}),
      ...(s.oauth2TokenUrl ? { clientOptions: { endpoints: { oauth2TokenUrl: s.oauth2TokenUrl } } } : {}),
    };
    if (s.credentials) opts.credentials = loadCredentialsJson(s.credentials) as never;
    source = await new gal.GoogleAuth(opts).getClient();
  }
  if (!s.impersonateServiceAccount) return source;
  return new gal.Impersonated({
    sourceClient: source,
    targetPrincipal: s.impersonateServiceAccount,
    targetScopes: [CLOUD_PLATFORM_SCOPE],
    lifetime: 3600,
    delegates: [],
    ...(s.iamCredentialsEndpoint ? { endpoint: s.iamCredentialsEndpoint } : {}),
  });
}

/** Describe a credential failure without echoing any secret material. */
function credentialError(cause: unknown): BeyondCorpError {
  const raw = cause instanceof Error ? cause.message : String(cause);
  const message = raw.replace(/(ya29\.|eyJ)[\w.-]+/g, "[redacted]").slice(0, 300);
  return new BeyondCorpError({
    code: "ERR_CREDENTIALS",
    message: `could not obtain credentials: ${message}`,
    cause,
  });
}
