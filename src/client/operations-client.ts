import { backoffDelay, type BackoffSchedule } from "../core/backoff";
import { systemClock, throwIfAborted, type Clock } from "../core/clock";
import {
  createCredentials,
  credentialSettingsFromEnv,
  type Credentials,
  type CredentialSettings,
} from "../auth/credentials";
import { endpointForUniverse, normalizeEndpoint } from "./endpoint";
import { BeyondCorpError, invalidInput } from "../core/errors";
import { HttpTransport } from "./http";
import {
  formatLocation,
  formatOperation,
  operationPath,
  operationsCollectionPath,
  parseLocationName,
  parseOperationName,
  type ApiVersion,
  type LocationName,
  type OperationName,
} from "../lro/names";
import { parseOperation, type Operation } from "../lro/operation";
import { DEFAULT_API_VERSION } from "../lro/names";
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_PAGES,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_PAGE_SIZE,
  DEFAULT_REQUEST_TIMEOUT_MILLIS,
  DEFAULT_RETRY,
  type ConnectionOptions,
} from "../options/options";
import { retryReason, type Call } from "./retry-policy";

/** A retry the client is about to make, reported through `onRetry`. */
export interface RetryEvent {
  call: Call;
  path: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface ClientDeps {
  clock?: Clock;
  /** Called before each retry sleep. */
  onRetry?: (e: RetryEvent) => void;
  /** Called after every HTTP request (for request accounting). */
  onRequest?: (call: Call, path: string) => void;
  /** Environment for credentials, endpoint and proxy conventions. @default process.env */
  env?: NodeJS.ProcessEnv;
  random?: () => number;
  /** A prepared credentials source (tests, or sharing one across clients). */
  credentials?: Credentials;
}

/** Per-call context: cancellation, request accounting and retry reporting. */
export interface CallContext {
  signal?: AbortSignal;
  /** Incremented once per HTTP request this call makes (retries included). */
  meter?: { requests: number };
  onRetry?: (e: RetryEvent) => void;
}

export interface ListOptions extends CallContext {
  filter?: string;
  pageSize?: number;
  pageToken?: string;
}

export interface ListPage {
  operations: Operation[];
  nextPageToken?: string;
}

/**
 * The BeyondCorp operations client: get, list, cancel and delete for organization and project
 * operations, v1 and v1alpha, over one keep-alive undici dispatcher, with declared retries.
 */
export class OperationsClient {
  readonly endpoint: string;
  readonly apiVersion: ApiVersion;
  private readonly http: HttpTransport;
  private readonly creds: Credentials;
  private readonly clock: Clock;
  private readonly retry: BackoffSchedule;
  private readonly maxAttempts: number;
  private readonly maxPages: number;
  private readonly deps: ClientDeps;

  constructor(options: ConnectionOptions = {}, deps: ClientDeps = {}) {
    const env = deps.env ?? process.env;
    const fromEnv = credentialSettingsFromEnv(env);
    const universe = options.universeDomain ?? fromEnv.universeDomain;
    this.endpoint = normalizeEndpoint(
      options.endpoint ?? env["GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT"] ?? endpointForUniverse(universe),
      options.endpoint !== undefined ? "endpoint" : "GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT",
    );
    this.apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
    if (this.apiVersion !== "v1" && this.apiVersion !== "v1alpha") {
      throw invalidInput("apiVersion", "must be v1 or v1alpha", this.apiVersion);
    }
    const settings: CredentialSettings = { ...fromEnv };
    for (const k of [
      "credentials",
      "accessToken",
      "impersonateServiceAccount",
      "quotaProject",
      "universeDomain",
      "noAuth",
      "oauth2TokenUrl",
      "iamCredentialsEndpoint",
      "requestTimeoutMillis",
    ] as const) {
      const v = options[k];
      if (v !== undefined) (settings as Record<string, unknown>)[k] = v;
    }
    if (options.accessToken !== undefined || options.credentials !== undefined) {
      // An explicit source wins over the other kind from the environment.
      if (options.accessToken === undefined) delete settings.accessToken;
      if (options.credentials === undefined) delete settings.credentials;
    }
    this.creds = deps.credentials ?? createCredentials(settings);
    this.clock = deps.clock ?? systemClock;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.maxAttempts = positiveInt(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, "maxAttempts", 1, 100);
    this.maxPages = positiveInt(options.maxPages ?? DEFAULT_MAX_PAGES, "maxPages", 1, 100_000);
    this.deps = deps;
    this.http = new HttpTransport({
      origin: this.endpoint,
      requestTimeoutMillis: positiveInt(
        options.requestTimeoutMillis ?? DEFAULT_REQUEST_TIMEOUT_MILLIS,
        "requestTimeoutMillis",
        1,
        3_600_000,
      ),
      maxResponseBytes: positiveInt(
        options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        "maxResponseBytes",
        1024,
        2 ** 30,
      ),
      env,
    });
  }

  /** Parse a name with this client's default API version. */
  name(input: string): OperationName {
    return parseOperationName(input, { apiVersion: this.apiVersion });
  }

  parent(input: string): LocationName {
    return parseLocationName(input, { apiVersion: this.apiVersion });
  }

  async get(name: OperationName, ctx: CallContext = {}): Promise<Operation> {
    const path = operationPath(name);
    const res = await this.call("get", "GET", path, undefined, ctx);
    const op = parseOperation(res, path, name.apiVersion);
    if (op.name !== formatOperation(name)) {
      throw new BeyondCorpError({
        code: "ERR_BAD_RESPONSE",
        message: `server returned another operation (${path})`,
        path,
      });
    }
    return op;
  }

  async cancel(name: OperationName, ctx: CallContext = {}): Promise<void> {
    await this.call("cancel", "POST", `${operationPath(name)}:cancel`, "{}", ctx);
  }

  async delete(name: OperationName, ctx: CallContext = {}): Promise<void> {
    await this.call("delete", "DELETE", operationPath(name), undefined, ctx);
  }

  /** One page. Operation names in the reply are validated and must belong to `parent`. */
  async listPage(parent: LocationName, options: ListOptions = {}): Promise<ListPage> {
    const path = operationsCollectionPath(parent);
    const query: Record<string, string> = { pageSize: String(options.pageSize ?? DEFAULT_PAGE_SIZE) };
    if (options.filter) query["filter"] = checkFilter(options.filter);
    if (options.pageToken) query["pageToken"] = options.pageToken;
    const res = (await this.call("list", "GET", path, undefined, options, query)) as Record<string, unknown>;
    if (typeof res !== "object" || res === null) {
      throw new BeyondCorpError({
        code: "ERR_BAD_RESPONSE",
        message: `list reply is not an object (${path})`,
        path,
      });
    }
    const raw = res["operations"] ?? [];
    if (!Array.isArray(raw)) {
      throw new BeyondCorpError({
        code: "ERR_BAD_RESPONSE",
        message: `operations is not an array (${path})`,
        path,
      });
    }
    const prefix = `${formatLocation(parent)}/operations/`;
    const operations = raw.map((o) => {
      const op = parseOperation(o, path, parent.apiVersion);
      if (!op.name.startsWith(prefix)) {
        throw new BeyondCorpError({
          code: "ERR_BAD_RESPONSE",
          message: `list returned a foreign operation ${op.name} (${path})`,
          path,
        });
      }
      return op;
    });
    const token = res["nextPageToken"];
    if (token !== undefined && (typeof token !== "string" || token.length > 4096)) {
      throw new BeyondCorpError({ code: "ERR_BAD_RESPONSE", message: `bad nextPageToken (${path})`, path });
    }
    return { operations, ...(token ? { nextPageToken: token } : {}) };
  }

  /** Every page, up to `maxPages` (a server that pages forever cannot hang us). Returns the pages read too. */
  async listAll(
    parent: LocationName,
    options: Omit<ListOptions, "pageToken"> = {},
  ): Promise<{ operations: Operation[]; pages: number }> {
    const operations: Operation[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    const seen = new Set<string>();
    do {
      if (pages >= this.maxPages) {
        throw new BeyondCorpError({
          code: "ERR_BAD_RESPONSE",
          message: `list of ${formatLocation(parent)} exceeded maxPages (${this.maxPages})`,
          path: operationsCollectionPath(parent),
        });
      }
      const page = await this.listPage(parent, { ...options, ...(pageToken ? { pageToken } : {}) });
      pages++;
      operations.push(...page.operations);
      pageToken = page.nextPageToken;
      if (pageToken !== undefined) {
        if (seen.has(pageToken)) {
          throw new BeyondCorpError({
            code: "ERR_BAD_RESPONSE",
            message: "list repeated a page token",
            path: operationsCollectionPath(parent),
          });
        }
        seen.add(pageToken);
      }
    } while (pageToken);
    return { operations, pages };
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private async call(
    call: Call,
    method: "GET" | "POST" | "DELETE",
    path: string,
    body: string | undefined,
    ctx: CallContext,
    query?: Record<string, string>,
  ): Promise<unknown> {
    const signal = ctx.signal;
    const onRetry = (e: RetryEvent) => {
      this.deps.onRetry?.(e);
      ctx.onRetry?.(e);
    };
    const counted = () => {
      if (ctx.meter) ctx.meter.requests++;
      this.deps.onRequest?.(call, path);
    };
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal);
      try {
        const headers: Record<string, string> = {
          ...(await this.creds.headers()),
          accept: "application/json",
          "x-goog-api-client": "beyondcorp-ops/0.1.0",
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        };
        const res = await this.http.request({
          method,
          path,
          headers,
          ...(query ? { query } : {}),
          ...(body !== undefined ? { body } : {}),
          ...(signal ? { signal } : {}),
        });
        counted();
        return res.json ?? {};
      } catch (err) {
        if (
          BeyondCorpError.is(err) &&
          err.code !== "ERR_INVALID_INPUT" &&
          err.code !== "ERR_ABORTED" &&
          err.code !== "ERR_CREDENTIALS"
        ) {
          counted();
        }
        if (
          BeyondCorpError.is(err) &&
          err.status === "UNAUTHENTICATED" &&
          err.code === "ERR_API" &&
          !refreshed &&
          this.creds.refreshable
        ) {
          refreshed = true;
          this.creds.invalidate();
          onRetry({ call, path, attempt, delayMs: 0, reason: "UNAUTHENTICATED: refreshing the token once" });
          continue;
        }
        const reason = retryReason(call, err);
        if (reason === undefined || attempt >= this.maxAttempts) throw err;
        const backoff = backoffDelay(this.retry, attempt - 1, this.deps.random);
        const hinted = BeyondCorpError.is(err) ? err.retryAfterMs : undefined;
        const delayMs = Math.min(Math.max(backoff, hinted ?? 0), this.retry.maxDelayMillis * 6);
        onRetry({ call, path, attempt, delayMs, reason });
        await this.clock.sleep(delayMs, signal);
      }
    }
  }
}

function positiveInt(v: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max)
    throw invalidInput(field, `must be an integer from ${min} to ${max}`, v);
  return v;
}

/** Filters are passed through to the server, but must be printable and bounded. */
export function checkFilter(filter: string, field = "filter"): string {
  // eslint-disable-next-line no-control-regex
  if (typeof filter !== "string" || filter.length > 2000 || /[\u0000-\u001f\u007f]/.test(filter)) {
    throw invalidInput(field, "must be at most 2000 printable characters", filter);
  }
  return filter;
}
