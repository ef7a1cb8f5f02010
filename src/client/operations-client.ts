import { createCredentials, type Credentials } from "../auth/credentials";
import { systemClock, type Clock } from "../core/clock";
import { BeyondCorpError } from "../core/errors";
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
import type { ConnectionOptions } from "../options/connection";
import { DEFAULT_PAGE_SIZE } from "../options/defaults";
import { callWithRetry, type CallContext, type CallDeps, type RetryEvent } from "./call";
import { resolveConnection, type ConnectionLayer } from "./connection";
import { checkFilter } from "./filter";
import { HttpTransport, type Dispatchers } from "./http";
import { parseListReply, type ListPage } from "./list-reply";
import type { Call } from "./retry-policy";

export type { CallContext, RetryEvent, ListPage };

export interface ClientDeps {
  clock?: Clock;
  /** Called before each retry sleep of a call that has no `onRetry` of its own. */
  onRetry?: (e: RetryEvent) => void;
  /** Called after every HTTP request (for request accounting). */
  onRequest?: (call: Call, path: string) => void;
  /** Environment for credentials, endpoint and proxy conventions. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Settings between the options and the environment: a Pulumi stack's `gcp:*` config. */
  defaults?: ConnectionLayer;
  random?: () => number;
  /** A prepared credentials source (tests, or sharing one across clients). */
  credentials?: Credentials;
  /** How the HTTP transport builds its dispatchers (tests: undici's MockAgent). @default undici's */
  dispatchers?: Dispatchers;
}

export interface ListOptions extends CallContext {
  filter?: string;
  pageSize?: number;
  pageToken?: string;
}

/**
 * The BeyondCorp operations client: get, list and cancel for organization and project operations,
 * v1 and v1alpha, over one keep-alive undici dispatcher, with declared retries (call.ts).
 */
export class OperationsClient {
  readonly endpoint: string;
  readonly apiVersion: ApiVersion;
  private readonly http: HttpTransport;
  private readonly maxPages: number;
  private readonly callDeps: CallDeps;

  constructor(options: ConnectionOptions = {}, deps: ClientDeps = {}) {
    const env = deps.env ?? process.env;
    const c = resolveConnection(options, env, deps.defaults);
    this.endpoint = c.endpoint;
    this.apiVersion = c.apiVersion;
    this.maxPages = c.maxPages;
    this.http = new HttpTransport({
      origin: c.endpoint,
      requestTimeoutMillis: c.requestTimeoutMillis,
      maxResponseBytes: c.maxResponseBytes,
      env,
      dispatchers: deps.dispatchers,
    });
    this.callDeps = {
      http: this.http,
      creds: deps.credentials ?? createCredentials(c.credentials),
      clock: deps.clock ?? systemClock,
      retry: c.retry,
      maxAttempts: c.maxAttempts,
      ...(deps.random ? { random: deps.random } : {}),
      ...(deps.onRetry ? { onRetry: deps.onRetry } : {}),
      ...(deps.onRequest ? { onRequest: deps.onRequest } : {}),
    };
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
    const res = await callWithRetry(this.callDeps, { call: "get", method: "GET", path }, ctx);
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
    await callWithRetry(
      this.callDeps,
      { call: "cancel", method: "POST", path: `${operationPath(name)}:cancel`, body: "{}" },
      ctx,
    );
  }

  /** One page. Operation names in the reply are validated and must belong to `parent`. */
  async listPage(parent: LocationName, options: ListOptions = {}): Promise<ListPage> {
    const path = operationsCollectionPath(parent);
    const query: Record<string, string> = { pageSize: String(options.pageSize ?? DEFAULT_PAGE_SIZE) };
    if (options.filter) query["filter"] = checkFilter(options.filter);
    if (options.pageToken) query["pageToken"] = options.pageToken;
    const res = await callWithRetry(this.callDeps, { call: "list", method: "GET", path, query }, options);
    return parseListReply(res, parent, path);
  }

  /** Every page, up to `maxPages` (a server that pages forever cannot hang us). Returns the pages read too. */
  async listAll(
    parent: LocationName,
    options: Omit<ListOptions, "pageToken"> = {},
  ): Promise<{ operations: Operation[]; pages: number }> {
    const path = operationsCollectionPath(parent);
    const operations: Operation[] = [];
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (let pages = 1; ; pages++) {
      const page = await this.listPage(parent, { ...options, ...(pageToken ? { pageToken } : {}) });
      operations.push(...page.operations);
      // A reply's token is absent or non-empty (list-reply.ts).
      pageToken = page.nextPageToken;
      if (pageToken === undefined) return { operations, pages };
      if (seen.has(pageToken))
        throw new BeyondCorpError({
          code: "ERR_BAD_RESPONSE",
          message: "list repeated a page token",
          path,
        });
      if (pages >= this.maxPages)
        throw new BeyondCorpError({
          code: "ERR_BAD_RESPONSE",
          message: `list of ${formatLocation(parent)} exceeded maxPages (${this.maxPages})`,
          path,
        });
      seen.add(pageToken);
    }
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}
