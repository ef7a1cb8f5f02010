import type { Agent, Dispatcher, EnvHttpProxyAgent } from "undici";
import { BeyondCorpError, errorFromResponse } from "../core/errors";
import { parseRetryAfter } from "../core/retry-after";

export interface HttpRequest {
  method: "GET" | "POST" | "DELETE";
  /** Absolute API path, already validated (e.g. `/v1/projects/p/locations/l/operations/o`). */
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface TransportOptions {
  origin: string;
  requestTimeoutMillis: number;
  maxResponseBytes: number;
  /** Environment to read proxy settings from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** How the dispatchers are built. @default undiciDispatchers */
  dispatchers?: Dispatchers;
}

/**
 * The seam under the transport: how it builds its dispatchers (undici's by default). Unit tests
 * inject undici's own `MockAgent` here, so the real request, error and proxy handling run in process.
 */
export interface Dispatchers {
  /** A direct keep-alive agent. */
  agent(options: Agent.Options): Dispatcher;
  /** An agent that honours HTTP(S)_PROXY and NO_PROXY (CONNECT for https). */
  proxyAgent(options: EnvHttpProxyAgent.Options): Dispatcher;
}

/** undici, loaded when a transport is first built or used, as before the seam. */
const undici = () => require("undici") as typeof import("undici");

export const undiciDispatchers: Dispatchers = {
  agent: (options) => new (undici().Agent)(options),
  proxyAgent: (options) => new (undici().EnvHttpProxyAgent)(options),
};

/** Does the environment ask for a proxy? (HTTPS_PROXY / HTTP_PROXY, either case) */
export function proxyConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env["HTTPS_PROXY"] || env["https_proxy"] || env["HTTP_PROXY"] || env["http_proxy"]);
}

/**
 * The HTTP layer: one undici dispatcher with keep-alive for every request, proxies from the
 * environment (CONNECT for https), per-request timeouts, a body size limit, and no redirects.
 */
export class HttpTransport {
  private readonly dispatcher: Dispatcher;
  /** For an http:// (loopback) origin behind a proxy: requests with credentials go direct. */
  private readonly direct: Dispatcher | undefined;
  readonly origin: string;
  private readonly opts: TransportOptions;

  constructor(opts: TransportOptions) {
    const make = opts.dispatchers ?? undiciDispatchers;
    this.opts = opts;
    this.origin = opts.origin;
    const env = opts.env ?? process.env;
    const common = { keepAliveTimeout: 10_000, connections: 16 };
    this.dispatcher = proxyConfigured(env)
      ? make.proxyAgent({
          ...common,
          ...pick(env, "httpProxy", ["HTTP_PROXY", "http_proxy"]),
          ...pick(env, "httpsProxy", ["HTTPS_PROXY", "https_proxy"]),
          ...pick(env, "noProxy", ["NO_PROXY", "no_proxy"]),
        })
      : make.agent(common);
    // A bearer token never crosses a proxy in cleartext: http:// is loopback-only, and a proxy
    // (possibly remote) would both read the token and reach its own loopback, not ours.
    const cleartext = new URL(opts.origin).protocol === "http:";
    this.direct = cleartext && proxyConfigured(env) ? make.agent(common) : undefined;
  }

  /** Send one request; resolves with the parsed JSON body (undefined when empty), throws BeyondCorpError. */
  async request(req: HttpRequest): Promise<unknown> {
    const url = new URL(req.path, this.origin);
    if (url.origin !== this.origin || url.pathname !== req.path) {
      throw new BeyondCorpError({
        code: "ERR_INVALID_INPUT",
        message: `refusing path ${req.path}`,
        path: req.path,
      });
    }
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    let res: Dispatcher.ResponseData;
    try {
      res = await undici().request(url, {
        dispatcher: this.direct && req.headers["authorization"] !== undefined ? this.direct : this.dispatcher,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: req.signal,
        headersTimeout: this.opts.requestTimeoutMillis,
        bodyTimeout: this.opts.requestTimeoutMillis,
      });
    } catch (cause) {
      throw networkError(cause, req.path, req.signal);
    }
    if (res.statusCode >= 300 && res.statusCode < 400) {
      await res.body.dump().catch(() => undefined);
      throw new BeyondCorpError({
        code: "ERR_REDIRECT",
        httpStatus: res.statusCode,
        message: `the server answered ${res.statusCode} redirect for ${req.path}; redirects are never followed with credentials`,
        path: req.path,
      });
    }
    const text = await readLimited(res, this.opts.maxResponseBytes, req.path, req.signal);
    let json: unknown = undefined;
    if (text.length > 0) {
      try {
        json = JSON.parse(text);
      } catch (cause) {
        if (res.statusCode < 400) {
          throw new BeyondCorpError({
            code: "ERR_BAD_RESPONSE",
            httpStatus: res.statusCode,
            message: `malformed JSON from ${req.path}`,
            path: req.path,
            cause,
          });
        }
      }
    }
    if (res.statusCode >= 400) {
      const header = res.headers["retry-after"];
      const retryAfterMs = parseRetryAfter(Array.isArray(header) ? header[0] : header, Date.now());
      throw errorFromResponse(res.statusCode, json, req.path, retryAfterMs);
    }
    return json;
  }

  async close(): Promise<void> {
    await Promise.all([this.dispatcher.close(), this.direct?.close()]);
  }
}

function pick(env: NodeJS.ProcessEnv, key: string, names: string[]): Record<string, string> {
  for (const n of names) {
    const v = env[n];
    if (v) return { [key]: v };
  }
  return {};
}

async function readLimited(
  res: Dispatcher.ResponseData,
  limit: number,
  path: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    res.body.destroy();
    throw tooLarge(res.statusCode, limit, path);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      size += buf.length;
      // Throwing out of `for await` returns the iterator, which destroys the body.
      if (size > limit) throw tooLarge(res.statusCode, limit, path);
      chunks.push(buf);
    }
  } catch (cause) {
    if (BeyondCorpError.is(cause)) throw cause;
    throw networkError(cause, path, signal);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(status: number, limit: number, path: string): BeyondCorpError {
  return new BeyondCorpError({
    code: "ERR_BAD_RESPONSE",
    httpStatus: status,
    message: `response from ${path} exceeds maxResponseBytes (${limit} bytes)`,
    path,
  });
}

function networkError(cause: unknown, path: string, signal: AbortSignal | undefined): BeyondCorpError {
  if (signal?.aborted) {
    if (BeyondCorpError.is(signal.reason)) return signal.reason;
    return new BeyondCorpError({
      code: "ERR_ABORTED",
      message: `aborted during ${path}`,
      path,
      cause: signal.reason,
    });
  }
  const code = (cause as { code?: string } | undefined)?.code ?? "";
  if (
    code === "UND_ERR_HEADERS_TIMEOUT" ||
    code === "UND_ERR_BODY_TIMEOUT" ||
    code === "UND_ERR_CONNECT_TIMEOUT"
  ) {
    return new BeyondCorpError({
      code: "ERR_REQUEST_TIMEOUT",
      message: `request timed out: ${path}`,
      path,
      cause,
    });
  }
  if (code === "UND_ERR_INVALID_ARG") {
    return new BeyondCorpError({
      code: "ERR_INVALID_INPUT",
      message: `invalid request header or argument for ${path}: ${(cause as Error).message}`,
      path,
      cause,
    });
  }
  const detail = code || (cause instanceof Error ? cause.message : String(cause));
  return new BeyondCorpError({
    code: "ERR_NETWORK",
    message: `network error on ${path}: ${detail}`,
    path,
    cause,
  });
}
