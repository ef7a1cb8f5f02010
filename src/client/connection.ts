/**
 * Where each connection setting comes from, decided in one place. Precedence, highest first:
 * the explicit option, then `defaults` (a Pulumi stack's `gcp:*` config), then the environment.
 * The layer that supplies an auth source (an access token or credentials) supplies both of its
 * fields and hides the other layers' sources, and within it an access token wins over credentials.
 */
import type { CredentialSettings } from "../auth/settings";
import type { BackoffSchedule } from "../core/backoff";
import { invalidInput } from "../core/errors";
import { DEFAULT_API_VERSION, type ApiVersion } from "../lro/names";
import type { ConnectionOptions } from "../options/connection";
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_PAGES,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MILLIS,
  DEFAULT_RETRY,
} from "../options/defaults";
import { CONNECTION_OPTIONS } from "../options/spec";
import { endpointForUniverse, normalizeEndpoint } from "../auth/endpoint";

/** The settings one layer (stack config, environment) can supply. */
export interface ConnectionLayer {
  endpoint?: string;
  credentials?: string;
  accessToken?: string;
  impersonateServiceAccount?: string;
  quotaProject?: string;
  universeDomain?: string;
}

export interface ResolvedConnection {
  /** The origin bearer tokens are sent to, and only to. */
  readonly endpoint: string;
  readonly apiVersion: ApiVersion;
  readonly credentials: CredentialSettings;
  readonly requestTimeoutMillis: number;
  readonly maxResponseBytes: number;
  readonly maxPages: number;
  readonly maxAttempts: number;
  readonly retry: BackoffSchedule;
}

/** The environment conventions of Pulumi's GCP provider (and Terraform's); variable names from spec.ts. */
export function connectionFromEnv(env: NodeJS.ProcessEnv): ConnectionLayer {
  const first = (names: readonly string[]) =>
    names.map((n) => env[n]).find((v) => v !== undefined && v !== "");
  const layer: ConnectionLayer = {};
  for (const key of ["endpoint", "credentials", "accessToken", "impersonateServiceAccount"] as const) {
    const v = first(CONNECTION_OPTIONS[key].env);
    if (v !== undefined) layer[key] = v;
  }
  const billing = first(CONNECTION_OPTIONS.quotaProject.env);
  if (billing && /^(1|true)$/i.test(String(env["USER_PROJECT_OVERRIDE"]))) layer.quotaProject = billing;
  if (env["GOOGLE_UNIVERSE_DOMAIN"]) layer.universeDomain = env["GOOGLE_UNIVERSE_DOMAIN"];
  return layer;
}

/** Resolve and validate every connection setting; errors name the option or variable at fault. */
export function resolveConnection(
  options: ConnectionOptions,
  env: NodeJS.ProcessEnv,
  defaults: ConnectionLayer = {},
): ResolvedConnection {
  const fromEnv = connectionFromEnv(env);
  // Each layer, highest first, with the name its endpoint goes by in an error.
  const layers: Array<[ConnectionLayer, string]> = [
    [options, "endpoint"],
    [defaults, "gcp:beyondcorpCustomEndpoint"],
    [fromEnv, CONNECTION_OPTIONS.endpoint.env[0]],
  ];
  const pick = <K extends keyof ConnectionLayer>(key: K) => layers.find(([l]) => l[key] !== undefined);
  const value = <K extends keyof ConnectionLayer>(key: K) => pick(key)?.[0][key];

  const universeDomain = value("universeDomain");
  const endpointFrom = pick("endpoint");
  const endpoint = normalizeEndpoint(
    endpointFrom?.[0].endpoint ?? endpointForUniverse(universeDomain),
    endpointFrom?.[1],
  );

  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  if (!(CONNECTION_OPTIONS.apiVersion.values as readonly string[]).includes(apiVersion))
    throw invalidInput(
      "apiVersion",
      `must be one of ${CONNECTION_OPTIONS.apiVersion.values.join(", ")}`,
      apiVersion,
    );

  const authLayer = layers.find(([l]) => l.accessToken !== undefined || l.credentials !== undefined)?.[0];
  const credentials: CredentialSettings = {
    ...(authLayer?.accessToken !== undefined ? { accessToken: authLayer.accessToken } : {}),
    ...(authLayer?.credentials !== undefined ? { credentials: authLayer.credentials } : {}),
    ...defined("impersonateServiceAccount", value("impersonateServiceAccount")),
    ...defined("quotaProject", value("quotaProject")),
    ...defined("universeDomain", universeDomain),
    ...defined("noAuth", options.noAuth),
    ...defined("oauth2TokenUrl", options.oauth2TokenUrl),
    ...defined("iamCredentialsEndpoint", options.iamCredentialsEndpoint),
  };
  const requestTimeoutMillis = integer(
    options.requestTimeoutMillis ?? DEFAULT_REQUEST_TIMEOUT_MILLIS,
    "requestTimeoutMillis",
    1,
    3_600_000,
  );
  return {
    endpoint,
    apiVersion,
    credentials: { ...credentials, requestTimeoutMillis },
    requestTimeoutMillis,
    maxResponseBytes: integer(
      options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      "maxResponseBytes",
      1024,
      2 ** 30,
    ),
    maxPages: integer(options.maxPages ?? DEFAULT_MAX_PAGES, "maxPages", 1, 100_000),
    maxAttempts: integer(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, "maxAttempts", 1, 100),
    retry: options.retry ?? DEFAULT_RETRY,
  };
}

function defined<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

function integer(v: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max)
    throw invalidInput(field, `must be an integer from ${min} to ${max}`, v);
  return v;
}
