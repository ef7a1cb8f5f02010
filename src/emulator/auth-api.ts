import { ApiError, invalidArgument } from "./api-error";
import type { ApiResult } from "./http-io";
import type { EmulatorState } from "./state";
import type { TokenInfo } from "./token-store";
import { Fields } from "./validate";

export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

/** An `authorized_user` credential the token endpoint accepts (when any are registered). */
export interface AuthorizedUser {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** The three token routes, or undefined for other paths. */
export type TokenRoute = "oauth" | "sts" | "impersonate";

const IMPERSONATE = /^\/v1\/projects\/-\/serviceAccounts\/([^/]+):generateAccessToken$/;

export function tokenRouteOf(pathname: string): TokenRoute | undefined {
  if (pathname === "/token") return "oauth";
  if (pathname === "/v1/token") return "sts";
  return IMPERSONATE.test(pathname) ? "impersonate" : undefined;
}

/** OAuth 2.0 (RFC 6749 §5.2) error answer. */
function oauthError(error: string, description: string, status = 400): ApiResult {
  return { status, body: { error, error_description: description } };
}

function lifetimeMs(state: EmulatorState): number {
  return state.config.tokenLifetimeSec * 1000;
}

function oauthToken(
  state: EmulatorState,
  form: URLSearchParams,
  users: readonly AuthorizedUser[],
): ApiResult {
  const grant = form.get("grant_type");
  if (grant !== "refresh_token")
    return oauthError("unsupported_grant_type", `grant_type "${grant}" is not supported`);
  const clientId = form.get("client_id") ?? "";
  const clientSecret = form.get("client_secret") ?? "";
  const refreshToken = form.get("refresh_token") ?? "";
  if (clientId === "" || clientSecret === "" || refreshToken === "") {
    return oauthError("invalid_request", "client_id, client_secret and refresh_token are required");
  }
  if (
    users.length > 0 &&
    !users.some(
      (u) => u.clientId === clientId && u.clientSecret === clientSecret && u.refreshToken === refreshToken,
    )
  ) {
    return oauthError("invalid_grant", "Bad Request");
  }
  const { token } = state.tokens.issue("authorized_user", clientId, lifetimeMs(state), state.now());
  return {
    status: 200,
    body: {
      access_token: token,
      expires_in: state.config.tokenLifetimeSec,
      token_type: "Bearer",
      scope: CLOUD_PLATFORM_SCOPE,
    },
  };
}

function stsToken(state: EmulatorState, form: URLSearchParams): ApiResult {
  if (form.get("grant_type") !== TOKEN_EXCHANGE) {
    return oauthError("unsupported_grant_type", `grant_type must be ${TOKEN_EXCHANGE}`);
  }
  for (const key of ["subject_token", "subject_token_type", "audience"]) {
    if ((form.get(key) ?? "") === "") return oauthError("invalid_request", `${key} is required`);
  }
  const requested = form.get("requested_token_type");
  if (requested !== null && requested !== ACCESS_TOKEN_TYPE) {
    return oauthError("invalid_request", `requested_token_type must be ${ACCESS_TOKEN_TYPE}`);
  }
  const audience = form.get("audience") ?? "";
  const { token } = state.tokens.issue("external_account", audience, lifetimeMs(state), state.now());
  return {
    status: 200,
    body: {
      access_token: token,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: "Bearer",
      expires_in: state.config.tokenLifetimeSec,
    },
  };
}

function impersonate(
  state: EmulatorState,
  pathname: string,
  body: unknown,
  caller: TokenInfo | undefined,
): ApiResult {
  if (state.authEnabled && caller === undefined)
    throw unauthenticated("Request had invalid authentication credentials.");
  const email = IMPERSONATE.exec(pathname)?.[1] ?? "";
  if (!/^[^@\s]+@[^@\s]+$/.test(email))
    throw invalidArgument("name", `"${email}" is not a service account email`);
  const f = Fields.of(body, "body").only(["scope", "lifetime", "delegates"]);
  const scope = (body as { scope?: unknown } | undefined)?.scope;
  if (!Array.isArray(scope) || scope.length === 0 || !scope.every((s) => typeof s === "string")) {
    throw invalidArgument("scope", "must be a non-empty list of OAuth scopes");
  }
  const lifetime = f.str("lifetime", /^\d+(\.\d+)?s$/) ?? "3600s";
  const seconds = Math.floor(Number(lifetime.slice(0, -1)));
  if (seconds < 1 || seconds > 43_200) throw invalidArgument("lifetime", "must be between 1s and 43200s");
  const { token, expiresAtMs } = state.tokens.issue("impersonated", email, seconds * 1000, state.now());
  return { status: 200, body: { accessToken: token, expireTime: new Date(expiresAtMs).toISOString() } };
}

/** 401 with the AIP-193 body and `WWW-Authenticate: Bearer`, as Google answers. */
export function unauthenticated(message: string): ApiError {
  return new ApiError(
    "UNAUTHENTICATED",
    message,
    "ACCESS_TOKEN_INVALID",
    {},
    { "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
  );
}

/** Serve one of the token routes (POST only). */
export function handleTokenRoute(
  state: EmulatorState,
  route: TokenRoute,
  pathname: string,
  form: URLSearchParams,
  json: () => unknown,
  caller: TokenInfo | undefined,
  users: readonly AuthorizedUser[],
): ApiResult {
  if (route === "oauth") return oauthToken(state, form, users);
  if (route === "sts") return stsToken(state, form);
  return impersonate(state, pathname, json(), caller);
}
