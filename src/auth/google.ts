import type { AuthClient, GoogleAuth } from "google-auth-library";
import { BeyondCorpError, invalidInput } from "../core/errors";
import { CLOUD_PLATFORM_SCOPE } from "../options/defaults";
import { loadCredentialsJson } from "./json";
import { credentialError } from "./redact";
import type { CredentialSettings, Credentials } from "./settings";
import { tokenTransport } from "./token-transport";

/**
 * Credentials through google-auth-library's own flows: a credentials JSON (authorized_user,
 * service_account, external_account, …), Application Default Credentials, and impersonation.
 * The library is loaded here, lazily, on the first request. `build` is a seam for tests: it makes
 * the client that supplies the authorization header (google-auth-library's, by default).
 */
export function googleAuthCredentials(
  s: CredentialSettings,
  extra: Record<string, string>,
  build: (s: CredentialSettings) => Promise<AuthClient> = buildClient,
): Credentials {
  let client: Promise<AuthClient> | undefined;
  const get = () => (client ??= build(s));
  return {
    async headers() {
      let auth: AuthClient;
      try {
        auth = await get();
        const h = await auth.getRequestHeaders();
        const value = h.get("authorization");
        // google-auth-library turns a token response without access_token into "Bearer undefined";
        // an empty one arrives as "Bearer" (header values are trimmed).
        if (!value || /^Bearer( undefined| null)?$/.test(value))
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
  };
}

/** google-auth-library's client for these settings (exported for tests, which inspect it). */
export async function buildClient(s: CredentialSettings): Promise<AuthClient> {
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
    source = stsUnderTheSameRules(
      s.credentials
        ? clientFromJson(gal, loadCredentialsJson(s.credentials), opts, s)
        : await new gal.GoogleAuth(opts).getClient(),
    );
  }
  if (!s.impersonateServiceAccount) return source;
  return impersonated(gal, source, s.impersonateServiceAccount, [], s);
}

/** external_account clients run the STS exchange on a gaxios of their own: the same rules for it. */
function stsUnderTheSameRules(client: AuthClient): AuthClient {
  const sts = (client as unknown as { stsCredential?: { transporter?: unknown } }).stsCredential;
  if (sts?.transporter !== undefined) sts.transporter = client.transporter;
  return client;
}

/** `source`'s token exchanged for `target`'s at the IAM Credentials endpoint, under the token rules. */
function impersonated(
  gal: typeof import("google-auth-library"),
  sourceClient: AuthClient,
  targetPrincipal: string,
  delegates: string[],
  s: CredentialSettings,
): AuthClient {
  return new gal.Impersonated({
    sourceClient,
    targetPrincipal,
    targetScopes: [CLOUD_PLATFORM_SCOPE],
    lifetime: 3600,
    delegates,
    transporterOptions: tokenTransport(s),
    ...(s.iamCredentialsEndpoint ? { endpoint: s.iamCredentialsEndpoint } : {}),
  });
}

/** The account an `impersonated_service_account` file names, as google-auth-library reads it. */
const IMPERSONATION_URL = /\/serviceAccounts\/([^/]+):(?:generateAccessToken|generateIdToken)$/;

/**
 * An `impersonated_service_account` file (what `gcloud auth application-default login
 * --impersonate-service-account` writes): its source credentials built as any other file, then
 * impersonated. Built here rather than by the library's `fromImpersonatedJSON`, which builds both
 * clients without our token rules (timeout, no redirects, no retries of non-transient answers).
 */
function impersonatedFromJson(
  gal: typeof import("google-auth-library"),
  json: Record<string, unknown>,
  opts: NonNullable<ConstructorParameters<typeof GoogleAuth>[0]>,
  s: CredentialSettings,
): AuthClient {
  const source = json["source_credentials"];
  if (typeof source !== "object" || source === null || Array.isArray(source))
    throw invalidInput(
      "credentials.source_credentials",
      "must be the credentials JSON of the impersonating account",
    );
  const url = json["service_account_impersonation_url"];
  const target = typeof url === "string" && url.length <= 256 ? IMPERSONATION_URL.exec(url)?.[1] : undefined;
  if (target === undefined)
    throw invalidInput(
      "credentials.service_account_impersonation_url",
      "must be a URL ending in /serviceAccounts/EMAIL:generateAccessToken, at most 256 characters",
    );
  const delegates = json["delegates"] ?? [];
  if (!Array.isArray(delegates) || !delegates.every((d) => typeof d === "string"))
    throw invalidInput("credentials.delegates", "must be a list of service account emails");
  const sourceClient = stsUnderTheSameRules(clientFromJson(gal, source as Record<string, unknown>, opts, s));
  return impersonated(gal, sourceClient, target, delegates, s);
}

/**
 * The client for a credentials JSON, built the way `GoogleAuth` builds it, minus the paths that
 * print a warning on every run (the `credentials` option, `ExternalAccountClient.fromJSON`). The
 * warnings are about configs from untrusted sources; these are the user's own credentials, as for
 * gcloud or Terraform.
 */
function clientFromJson(
  gal: typeof import("google-auth-library"),
  json: Record<string, unknown>,
  opts: NonNullable<ConstructorParameters<typeof GoogleAuth>[0]>,
  s: CredentialSettings,
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
      return impersonatedFromJson(gal, json, opts, s);
    default:
      throw invalidInput(
        "credentials",
        "type must be authorized_user, service_account, external_account, external_account_authorized_user or impersonated_service_account",
      );
  }
}
