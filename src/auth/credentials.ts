import * as fs from "node:fs";
import type { AuthClient, GoogleAuth, Impersonated } from "google-auth-library";
import { checkSecureUrl, endpointForUniverse } from "../client/endpoint";
import { parseRetryAfter } from "../core/backoff";
import { BeyondCorpError, invalidInput } from "../core/errors";
import { CLOUD_PLATFORM_SCOPE, DEFAULT_REQUEST_TIMEOUT_MILLIS, DEFAULT_RETRY } from "../options/options";

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
  // These URLs receive secrets (a refresh token, a source access token): same rules as the endpoint.
  if (s.oauth2TokenUrl !== undefined) checkSecureUrl(s.oauth2TokenUrl, "oauth2TokenUrl");
  if (s.iamCredentialsEndpoint !== undefined)
    checkSecureUrl(s.iamCredentialsEndpoint, "iamCredentialsEndpoint");
  if (s.universeDomain !== undefined) endpointForUniverse(s.universeDomain);
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
  checkJsonStrings(json, field);
  return json as Record<string, unknown>;
}

/** PEM keys are the only credential strings that may hold line breaks. */
const MULTILINE_FIELDS = new Set(["private_key"]);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Refuse control characters in every string of a credentials file (they could only end up in a
 * header, a URL or a form), naming the field but never echoing its value, which may be a secret.
 */
function checkJsonStrings(value: unknown, at: string): void {
  if (typeof value === "string") {
    const key = at.slice(at.lastIndexOf(".") + 1);
    const bad = MULTILINE_FIELDS.has(key) ? CONTROL_BUT_LINE_BREAKS : CONTROL;
    if (bad.test(value)) throw invalidInput(at, "must not contain control characters (CR, LF, …)");
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const [k, v] of Object.entries(value))
    checkJsonStrings(v, Array.isArray(value) ? `${at}[${k}]` : `${at}.${k}`);
}

function readFile(path: string, field: string): string {
  if (path.length > 4096 || CONTROL.test(path)) throw invalidInput(field, "is neither JSON nor a file path");
  try {
    return fs.readFileSync(path, "utf8");
  } catch (cause) {
    const code = (cause as { code?: string }).code ?? "error";
    // Something that is not a path (malformed JSON contents) may hold secrets: echo only path-like values.
    const pathLike = /^[\w ./\\:~+=,@-]{1,512}$/.test(path);
    const err = invalidInput(field, `file could not be read (${code})`, pathLike ? path : undefined);
    // The fs error quotes the path too: keep it as the cause only when the path is shown anyway.
    throw pathLike ? Object.assign(err, { cause }) : err;
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
        // google-auth-library turns a token response without access_token into "Bearer undefined".
        if (!value || /^Bearer (undefined|null)?$/.test(value))
          throw new Error("the token endpoint returned no access token");
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
      clientOptions: {
        transporterOptions: tokenTransport(s),
        ...(s.oauth2TokenUrl ? { endpoints: { oauth2TokenUrl: s.oauth2TokenUrl } } : {}),
      },
    };
    source = s.credentials
      ? clientFromJson(gal, loadCredentialsJson(s.credentials), opts)
      : await new gal.GoogleAuth(opts).getClient();
    // external_account clients run the STS exchange on a gaxios of their own: same rules for it.
    const sts = (source as unknown as { stsCredential?: { transporter?: unknown } }).stsCredential;
    if (sts?.transporter !== undefined) sts.transporter = source.transporter;
  }
  if (!s.impersonateServiceAccount) return source;
  return new gal.Impersonated({
    sourceClient: source,
    targetPrincipal: s.impersonateServiceAccount,
    targetScopes: [CLOUD_PLATFORM_SCOPE],
    lifetime: 3600,
    delegates: [],
    transporterOptions: tokenTransport(s),
    ...(s.iamCredentialsEndpoint ? { endpoint: s.iamCredentialsEndpoint } : {}),
  });
}

/**
 * The client for a credentials JSON, built the way `GoogleAuth` builds it, minus the paths that
 * print a warning on every run (the `credentials` option, `ExternalAccountClient.fromJSON`). The
 * warnings are about configs from untrusted sources; these are the user's own credentials, as for
 * gcloud or Terraform. `Impersonated` still warns: it has no quiet constructor.
 */
function clientFromJson(
  gal: typeof import("google-auth-library"),
  json: Record<string, unknown>,
  opts: NonNullable<ConstructorParameters<typeof GoogleAuth>[0]>,
): AuthClient {
  const o = {
    ...opts.clientOptions,
    ...(opts.universeDomain ? { universeDomain: opts.universeDomain } : {}),
  };
  const scopes = [CLOUD_PLATFORM_SCOPE];
  switch (json["type"]) {
    case "authorized_user": {
      const c = new gal.UserRefreshClient(o);
      c.fromJSON(json as never);
      return c;
    }
    case "service_account": {
      const c = new gal.JWT({ ...o, scopes });
      c.fromJSON(json as never);
      return c;
    }
    case "external_account": {
      // ExternalAccountClient.fromJSON's dispatch, without its per-call warning.
      const source = (json["credential_source"] ?? {}) as Record<string, unknown>;
      const options = { ...json, ...o } as never;
      const c =
        source["environment_id"] !== undefined
          ? new gal.AwsClient(options)
          : source["executable"] !== undefined
            ? new gal.PluggableAuthClient(options)
            : new gal.IdentityPoolClient(options);
      c.scopes = scopes;
      return c;
    }
    case "external_account_authorized_user":
      return new gal.ExternalAccountAuthorizedUserClient({ ...json, ...o } as never);
    case "impersonated_service_account":
      return new gal.GoogleAuth({ ...opts }).fromImpersonatedJSON(json as never);
    default:
      throw invalidInput(
        "credentials",
        "type must be authorized_user, service_account, external_account, external_account_authorized_user or impersonated_service_account",
      );
  }
}

type TransportOptions = NonNullable<
  NonNullable<ConstructorParameters<typeof Impersonated>[0]>["transporterOptions"]
>;

/**
 * Token requests (google-auth-library's gaxios) under the rules of API requests: a timeout (gaxios
 * has none, so a hung token endpoint would hang us), no redirects (fetch follows a 307 with the
 * refresh token and client secret in the body to any host), no retry of 501 (gaxios retries every
 * 5xx; UNIMPLEMENTED is never transient), and Retry-After honoured (gaxios ignores it).
 */
function tokenTransport(s: CredentialSettings): TransportOptions {
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

/**
 * Describe a credential failure without echoing any secret material. google-auth-library's messages
 * may quote a token response or a header value, and its errors carry the request (with the refresh
 * token) in their properties, so only a redacted message is kept: no raw cause.
 */
function credentialError(cause: unknown): BeyondCorpError {
  const raw = cause instanceof Error ? cause.message : String(cause);
  const status = (cause as { status?: unknown } | undefined)?.status;
  const message = redactCredentialMessage(raw);
  const detail = new Error(message);
  detail.name = cause instanceof Error ? cause.name : "Error";
  return new BeyondCorpError({
    code: "ERR_CREDENTIALS",
    message: `could not obtain credentials: ${message}${typeof status === "number" ? ` (HTTP ${status})` : ""}`,
    cause: detail,
  });
}

/** Quoted values, bearer values and token-shaped strings become `[redacted]`. */
export function redactCredentialMessage(raw: string): string {
  return raw
    .replace(/(["'`])[^]*?\1/g, "[redacted]")
    .replace(/["'`][^]*$/, "[redacted]")
    .replace(/\bBearer\s+\S+/gi, "Bearer [redacted]")
    .replace(/(ya29\.|eyJ|1\/\/)[\w./-]+/g, "[redacted]")
    .replace(new RegExp(CONTROL.source, "g"), " ")
    .slice(0, 300);
}
