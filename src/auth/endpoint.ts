import { invalidInput } from "../core/errors";
import { DEFAULT_ENDPOINT } from "../options/defaults";

/** Loopback names; any 127.x.y.z address is loopback too (the pattern below). */
const LOOPBACK_HOSTS = new Set(["localhost", "[::1]", "::1"]);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** The input as error messages may show it: user info (which may hold a password) is never echoed. */
function shown(input: string): string {
  return input.replace(/^([^:/?#]*:\/*)[^/?#]*@/, "$1<redacted>@");
}

/**
 * Parse a URL that credentials are sent to: https, or http on loopback only; no user info, query
 * or fragment; no whitespace or control characters.
 */
function parseSecureUrl(input: unknown, field: string, example: string): URL {
  if (typeof input !== "string") throw invalidInput(field, "must be a URL string");
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(input))
    throw invalidInput(field, "must not contain whitespace or control characters");
  let url: URL;
  try {
    url = new URL(input);
  } catch (cause) {
    throw Object.assign(invalidInput(field, `must be an absolute URL like ${example}`, shown(input)), {
      cause,
    });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw invalidInput(field, "scheme must be https (or http on loopback)", shown(input));
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw invalidInput(
      field,
      "http:// is allowed only for loopback hosts (127.0.0.1, ::1, localhost); use https",
      shown(input),
    );
  }
  if (url.username || url.password) throw invalidInput(field, "must not contain user info", shown(input));
  // The parser finds a query or fragment only after a `?` or `#`; the text also shows an empty one.
  if (input.includes("?") || input.includes("#")) {
    throw invalidInput(field, "must not contain a query or fragment", shown(input));
  }
  return url;
}

/**
 * Validate an endpoint and return its origin (`scheme://host[:port]`). Bearer tokens are only ever
 * sent to this origin. Rules: https, or http on loopback only; no credentials, query or fragment;
 * no path other than `/`.
 */
export function normalizeEndpoint(input: string | undefined, field = "endpoint"): string {
  if (input === undefined || input === "") return DEFAULT_ENDPOINT;
  const url = parseSecureUrl(input, field, "https://beyondcorp.googleapis.com");
  // http(s) URLs always have a path, `/` at least.
  if (url.pathname !== "/") {
    throw invalidInput(field, "must not contain a path (the API version is added by the client)", input);
  }
  return url.origin;
}

/** Validate a URL that receives secrets (a token URL, the IAM Credentials endpoint): same rules, a path allowed. */
export function checkSecureUrl(input: unknown, field: string): string {
  return parseSecureUrl(input, field, "https://oauth2.googleapis.com/token").href;
}

/** The default endpoint for a universe domain. */
export function endpointForUniverse(universeDomain: string | undefined): string {
  // googleapis.com, the default universe, gives the default endpoint through the rule below.
  if (!universeDomain) return DEFAULT_ENDPOINT;
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/.test(universeDomain)) {
    throw invalidInput("universeDomain", "must be a DNS domain such as googleapis.com", universeDomain);
  }
  return `https://beyondcorp.${universeDomain}`;
}
