/**
 * The HTTP transport (client/http.ts) in process: its dispatchers are undici's own MockAgent (or, to
 * watch a body being dropped, a hand-written dispatcher), injected through `Dispatchers`. What goes
 * on the wire, which dispatcher carries it (proxy or direct), how every kind of failure becomes the
 * one error type with its google.rpc code, the body limit, redirects never followed, and close.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Agent, Dispatcher, EnvHttpProxyAgent, MockAgent } from "undici";
import "../helpers/offline";
import {
  HttpTransport,
  proxyConfigured,
  undiciDispatchers,
  type Dispatchers,
  type HttpRequest,
  type TransportOptions,
} from "../../src/client/http";
import { BeyondCorpError } from "../../src/core/errors";

const ORIGIN = "https://beyondcorp.googleapis.com";
const LOOPBACK = "http://127.0.0.1:8080";
const PATH = "/v1/projects/my-project/locations/global/operations/op-1";
const LIMIT = 512;

interface Made {
  kind: "agent" | "proxy";
  options: unknown;
  agent: MockAgent;
  closed: number;
}

/** A transport over MockAgents; `made` lists each dispatcher it built, in order. */
function rig(opts: Partial<TransportOptions> = {}) {
  const made: Made[] = [];
  const record = (kind: Made["kind"], options: unknown): Dispatcher => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const entry: Made = { kind, options, agent, closed: 0 };
    const close = agent.close.bind(agent);
    agent.close = (async () => {
      entry.closed++;
      await close();
    }) as MockAgent["close"];
    made.push(entry);
    return agent;
  };
  const dispatchers: Dispatchers = {
    agent: (options) => record("agent", options),
    proxyAgent: (options) => record("proxy", options),
  };
  const origin = opts.origin ?? ORIGIN;
  const t = new HttpTransport({
    origin,
    requestTimeoutMillis: 5_000,
    maxResponseBytes: LIMIT,
    env: {},
    dispatchers,
    ...opts,
  });
  const pool = (i = 0) => made[i]!.agent.get(origin);
  return { t, made, pool };
}

const get = (extra: Partial<HttpRequest> = {}): HttpRequest => ({
  method: "GET",
  path: PATH,
  headers: { authorization: "Bearer ya29.secret" },
  ...extra,
});

/** Rejects with the one error type; returns it for further checks. */
async function failure(p: Promise<unknown>): Promise<BeyondCorpError> {
  try {
    await p;
  } catch (e) {
    assert.ok(BeyondCorpError.is(e), `not a BeyondCorpError: ${String(e)}`);
    return e;
  }
  assert.fail("expected a rejection");
}

const JSON_HEADERS = { "content-type": "application/json" };

describe("HttpTransport: the request on the wire", () => {
  test("method, path, query, headers and body reach the configured origin exactly as given", async () => {
    const { t, pool } = rig();
    const seen: Array<{ path: string; method: string; headers: unknown; body: unknown; timeout: unknown }> =
      [];
    pool()
      .intercept({ path: () => true, method: () => true })
      .reply((o) => {
        const opts = o as typeof o & { headersTimeout?: number; bodyTimeout?: number };
        seen.push({
          path: o.path,
          method: o.method,
          headers: o.headers,
          body: o.body ?? undefined,
          timeout: [opts.headersTimeout, opts.bodyTimeout],
        });
        return { statusCode: 200, data: '{"name":"x"}', responseOptions: { headers: JSON_HEADERS } };
      })
      .times(2);
    const headers = {
      authorization: "Bearer ya29.secret",
      "x-goog-user-project": "billing",
      "content-type": "application/json",
    };
    assert.deepEqual(
      await t.request({
        method: "GET",
        path: "/v1/projects/p/locations/global/operations",
        query: { pageSize: "50", filter: "done = true" },
        headers,
      }),
      { name: "x" },
    );
    assert.deepEqual(await t.request({ method: "POST", path: `${PATH}:cancel`, headers, body: "{}" }), {
      name: "x",
    });
    assert.deepEqual(seen, [
      {
        path: "/v1/projects/p/locations/global/operations?pageSize=50&filter=done+%3D+true",
        method: "GET",
        headers,
        body: undefined,
        timeout: [5_000, 5_000],
      },
      { path: `${PATH}:cancel`, method: "POST", headers, body: "{}", timeout: [5_000, 5_000] },
    ]);
  });

  test("a path that would leave the API path or the origin is refused before anything is sent", async () => {
    const { t, pool } = rig();
    pool()
      .intercept({ path: () => true, method: () => true })
      .reply(200, "{}")
      .persist();
    for (const path of ["/v1/projects/p/../../evil", "//evil.example.com/v1/x", "/v1/a b", "/v1/%2e%2e/x"]) {
      const e = await failure(t.request(get({ path })));
      assert.equal(e.code, "ERR_INVALID_INPUT", path);
      assert.equal(e.message, `refusing path ${path}`);
      assert.equal(e.path, path);
      assert.equal(e.status, "INVALID_ARGUMENT");
    }
    // Escaped characters the server must see escaped pass unchanged.
    assert.deepEqual(await t.request(get({ path: "/v1/projects/p/locations/l/operations/a%2Fb" })), {});
  });

  test("fails closed when the request would not land on the configured origin string exactly", async () => {
    // An origin that is not in canonical form (the client always passes url.origin) never matches.
    const { t } = rig({ origin: "https://beyondcorp.googleapis.com:443" });
    const e = await failure(t.request(get()));
    assert.equal(e.code, "ERR_INVALID_INPUT");
    assert.equal(e.message, `refusing path ${PATH}`);
  });

  test("no query and no body: the bare path, no body sent", async () => {
    const { t, pool } = rig();
    let sent: unknown = "unset";
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply((o) => {
        sent = o.body;
        return { statusCode: 200, data: "{}" };
      });
    assert.deepEqual(await t.request(get()), {});
    assert.equal(sent ?? undefined, undefined);
  });
});

describe("HttpTransport: replies", () => {
  test("a JSON body is parsed; an empty 200 or 204 is undefined", async () => {
    const { t, pool } = rig();
    pool().intercept({ path: PATH }).reply(200, '{"done":true}');
    pool().intercept({ path: PATH }).reply(200, "");
    pool().intercept({ path: PATH }).reply(204, "");
    assert.deepEqual(await t.request(get()), { done: true });
    assert.equal(await t.request(get()), undefined);
    assert.equal(await t.request(get()), undefined);
  });

  test("a 2xx that is not JSON is ERR_BAD_RESPONSE with the HTTP status, the rpc status UNKNOWN", async () => {
    const { t, pool } = rig();
    pool().intercept({ path: PATH }).reply(200, "<html>proxy login</html>");
    const e = await failure(t.request(get()));
    assert.equal(e.code, "ERR_BAD_RESPONSE");
    assert.equal(e.message, `malformed JSON from ${PATH}`);
    assert.equal(e.httpStatus, 200);
    assert.equal(e.status, "UNKNOWN");
    assert.equal(e.path, PATH);
    assert.ok(e.cause instanceof SyntaxError);
  });

  test("a JSON error body gives ERR_API with its google.rpc status, message, ErrorInfo and Retry-After", async () => {
    const { t, pool } = rig();
    pool()
      .intercept({ path: PATH })
      .reply(
        429,
        JSON.stringify({
          error: {
            code: 429,
            status: "RESOURCE_EXHAUSTED",
            message: "Quota exceeded",
            details: [
              {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                reason: "RATE_LIMIT_EXCEEDED",
                domain: "googleapis.com",
                metadata: { service: "beyondcorp.googleapis.com" },
              },
            ],
          },
        }),
        { headers: { "retry-after": "7" } },
      );
    const e = await failure(t.request(get()));
    assert.equal(e.code, "ERR_API");
    assert.equal(e.status, "RESOURCE_EXHAUSTED");
    assert.equal(e.rpcCode, 8);
    assert.equal(e.httpStatus, 429);
    assert.equal(e.message, `RESOURCE_EXHAUSTED: Quota exceeded (${PATH})`);
    assert.equal(e.reason, "RATE_LIMIT_EXCEEDED");
    assert.equal(e.domain, "googleapis.com");
    assert.deepEqual(e.metadata, { service: "beyondcorp.googleapis.com" });
    assert.equal(e.retryAfterMs, 7_000);
  });

  test("the first of repeated Retry-After headers counts; none means no hint", async () => {
    const { t, pool } = rig();
    pool()
      .intercept({ path: PATH })
      .reply(503, "", { headers: { "retry-after": ["3", "9"] } });
    pool().intercept({ path: PATH }).reply(503, "");
    assert.equal((await failure(t.request(get()))).retryAfterMs, 3_000);
    assert.equal((await failure(t.request(get()))).retryAfterMs, undefined);
  });

  test("non-JSON, HTML and empty error bodies are ERR_API named from the HTTP status", async () => {
    const cases: Array<[number, string, string]> = [
      [400, "Bad Request", "INVALID_ARGUMENT"],
      [401, "", "UNAUTHENTICATED"],
      [403, "<html><body>Forbidden by proxy</body></html>", "PERMISSION_DENIED"],
      [404, "", "NOT_FOUND"],
      [500, "oops", "INTERNAL"],
      [502, "<html>Bad Gateway</html>", "INTERNAL"],
      [503, "", "UNAVAILABLE"],
      [504, "upstream timed out", "DEADLINE_EXCEEDED"],
    ];
    const { t, pool } = rig();
    for (const [status, body] of cases) pool().intercept({ path: PATH }).reply(status, body);
    for (const [status, , name] of cases) {
      const e = await failure(t.request(get()));
      assert.equal(e.code, "ERR_API", String(status));
      assert.equal(e.status, name, String(status));
      assert.equal(e.httpStatus, status);
      assert.equal(e.message, `${name}: HTTP ${status} (${PATH})`);
      assert.equal(e.path, PATH);
    }
  });

  test("a 400 with a JSON error body is an API error, not a reply", async () => {
    const { t, pool } = rig();
    pool()
      .intercept({ path: PATH })
      .reply(400, JSON.stringify({ error: { code: 400, status: "FAILED_PRECONDITION", message: "no" } }));
    const e = await failure(t.request(get()));
    assert.equal(e.code, "ERR_API");
    assert.equal(e.status, "FAILED_PRECONDITION");
    assert.equal(e.message, `FAILED_PRECONDITION: no (${PATH})`);
  });

  test("a 3xx is ERR_REDIRECT and is never followed: nothing reaches the other host", async () => {
    for (const status of [300, 301, 302, 307, 308, 399]) {
      const { t, made, pool } = rig();
      pool()
        .intercept({ path: PATH })
        .reply(status, "moved", { headers: { location: "https://evil.example.com/steal" } });
      const evil = made[0]!.agent.get("https://evil.example.com");
      evil.intercept({ path: () => true, method: () => true }).reply(200, "{}");
      const e = await failure(t.request(get()));
      assert.equal(e.code, "ERR_REDIRECT", String(status));
      assert.equal(e.httpStatus, status);
      assert.equal(e.status, "UNKNOWN");
      assert.equal(
        e.message,
        `the server answered ${status} redirect for ${PATH}; redirects are never followed with credentials`,
      );
      assert.equal(e.path, PATH);
      // The other host's interceptor is still pending: no request, so no token, went there.
      assert.equal(made[0]!.agent.pendingInterceptors().length, 1);
    }
  });

  test("the edges of success: 299 is a reply, 400 is an error", async () => {
    const { t, pool } = rig();
    pool().intercept({ path: PATH }).reply(299, '{"ok":1}');
    pool().intercept({ path: PATH }).reply(400, "");
    assert.deepEqual(await t.request(get()), { ok: 1 });
    assert.equal((await failure(t.request(get()))).code, "ERR_API");
  });
});

describe("HttpTransport: the response size limit", () => {
  const tooLarge = (e: BeyondCorpError, status: number) => {
    assert.equal(e.code, "ERR_BAD_RESPONSE");
    assert.equal(e.httpStatus, status);
    assert.equal(e.message, `response from ${PATH} exceeds maxResponseBytes (${LIMIT} bytes)`);
    assert.equal(e.path, PATH);
  };
  const body = (n: number) => JSON.stringify("x".repeat(n - 2));

  test("exactly the limit is read, with or without Content-Length", async () => {
    const { t, pool } = rig();
    pool()
      .intercept({ path: PATH })
      .reply(200, body(LIMIT), { headers: { "content-length": String(LIMIT) } });
    pool().intercept({ path: PATH }).reply(200, body(LIMIT));
    assert.equal(await t.request(get()), "x".repeat(LIMIT - 2));
    assert.equal(await t.request(get()), "x".repeat(LIMIT - 2));
  });

  test("one byte over: refused by the declared Content-Length, or while streaming", async () => {
    const { t, pool } = rig();
    pool()
      .intercept({ path: PATH })
      .reply(200, body(LIMIT + 1), { headers: { "content-length": String(LIMIT + 1) } });
    pool()
      .intercept({ path: PATH })
      .reply(500, body(LIMIT + 1));
    tooLarge(await failure(t.request(get())), 200);
    tooLarge(await failure(t.request(get())), 500);
  });

  test("a body refused by its declared length is dropped at once, not left on the connection", async () => {
    const aborted: unknown[] = [];
    class Hanging extends Dispatcher {
      override dispatch(_o: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
        // As a real dispatcher does: an abort ends the request with an error.
        const controller = {
          paused: false,
          aborted: false,
          reason: null,
          abort(reason: Error) {
            aborted.push(reason);
            handler.onResponseError?.(controller as never, reason);
          },
          pause() {},
          resume() {},
        };
        handler.onRequestStart?.(controller as never, {});
        // Headers announce a large body that never comes.
        handler.onResponseStart?.(controller as never, 200, { "content-length": "1000000" }, "OK");
        return true;
      }
      override async close(): Promise<void> {}
    }
    const { t } = rig({ dispatchers: { agent: () => new Hanging(), proxyAgent: () => new Hanging() } });
    const e = await failure(t.request(get()));
    assert.equal(e.message, `response from ${PATH} exceeds maxResponseBytes (${LIMIT} bytes)`);
    assert.equal(aborted.length, 1);
  });
});

describe("HttpTransport: network failures, timeouts and aborts", () => {
  const failWith = async (err: Error, signal?: AbortSignal) => {
    const { t, pool } = rig();
    pool().intercept({ path: PATH }).replyWithError(err);
    return failure(t.request(get(signal ? { signal } : {})));
  };
  const coded = (code: string, message = "undici said so") => Object.assign(new Error(message), { code });

  test("undici's header, body and connect timeouts are ERR_REQUEST_TIMEOUT (DEADLINE_EXCEEDED)", async () => {
    for (const code of ["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]) {
      const cause = coded(code);
      const e = await failWith(cause);
      assert.equal(e.code, "ERR_REQUEST_TIMEOUT", code);
      assert.equal(e.status, "DEADLINE_EXCEEDED");
      assert.equal(e.message, `request timed out: ${PATH}`);
      assert.equal(e.path, PATH);
      assert.equal(e.cause, cause);
    }
  });

  test("an invalid header or argument is ERR_INVALID_INPUT with undici's words", async () => {
    const cause = coded("UND_ERR_INVALID_ARG", "invalid x-goog-user-project header");
    const e = await failWith(cause);
    assert.equal(e.code, "ERR_INVALID_INPUT");
    assert.equal(
      e.message,
      `invalid request header or argument for ${PATH}: invalid x-goog-user-project header`,
    );
    assert.equal(e.path, PATH);
    assert.equal(e.cause, cause);
  });

  test("any other failure is ERR_NETWORK (UNAVAILABLE), naming the system code, else the message", async () => {
    const refused = coded("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.1:443");
    const e = await failWith(refused);
    assert.equal(e.code, "ERR_NETWORK");
    assert.equal(e.status, "UNAVAILABLE");
    assert.equal(e.message, `network error on ${PATH}: ECONNREFUSED`);
    assert.equal(e.path, PATH);
    assert.equal(e.cause, refused);
    const hangUp = await failWith(new Error("other side closed"));
    assert.equal(hangUp.message, `network error on ${PATH}: other side closed`);
    // A dispatcher may reject with something that is not an Error at all.
    const odd = await failWith("socket vanished" as never);
    assert.equal(odd.code, "ERR_NETWORK");
    assert.equal(odd.message, `network error on ${PATH}: socket vanished`);
  });

  test("a failure while reading the body maps the same way", async () => {
    const controller = { paused: false, aborted: false, reason: null, abort() {}, pause() {}, resume() {} };
    class BrokenBody extends Dispatcher {
      override dispatch(_o: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
        handler.onRequestStart?.(controller as never, {});
        handler.onResponseStart?.(controller as never, 200, {}, "OK");
        handler.onResponseData?.(controller as never, Buffer.from('{"na'));
        setImmediate(() => handler.onResponseError?.(controller as never, coded("UND_ERR_BODY_TIMEOUT")));
        return true;
      }
      override async close(): Promise<void> {}
    }
    const { t } = rig({ dispatchers: { agent: () => new BrokenBody(), proxyAgent: () => new BrokenBody() } });
    const e = await failure(t.request(get()));
    assert.equal(e.code, "ERR_REQUEST_TIMEOUT");
    assert.equal(e.message, `request timed out: ${PATH}`);
  });

  test("the caller's abort is ERR_ABORTED (CANCELLED) with the reason as cause", async () => {
    const { t, pool } = rig();
    pool().intercept({ path: PATH }).reply(200, "{}").delay(10_000);
    const ac = new AbortController();
    const reason = new Error("user pressed ^C");
    const pending = t.request(get({ signal: ac.signal }));
    setImmediate(() => ac.abort(reason));
    const e = await failure(pending);
    assert.equal(e.code, "ERR_ABORTED");
    assert.equal(e.status, "CANCELLED");
    assert.equal(e.message, `aborted during ${PATH}`);
    assert.equal(e.path, PATH);
    assert.equal(e.cause, reason);
  });

  test("an abort whose reason is already the one error type (a deadline) is passed through as is", async () => {
    const { t, pool } = rig();
    pool().intercept({ path: PATH }).reply(200, "{}");
    const deadline = new BeyondCorpError({ code: "ERR_DEADLINE", message: "deadline of 5m reached" });
    const e = await failure(t.request(get({ signal: AbortSignal.abort(deadline) })));
    assert.equal(e, deadline);
  });
});

describe("HttpTransport: proxies", () => {
  test("proxyConfigured: any of HTTPS_PROXY, https_proxy, HTTP_PROXY, http_proxy; NO_PROXY alone is not", () => {
    for (const name of ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"])
      assert.equal(proxyConfigured({ [name]: "http://proxy:3128" }), true, name);
    assert.equal(proxyConfigured({}), false);
    assert.equal(proxyConfigured({ HTTPS_PROXY: "", NO_PROXY: "*" }), false);
  });

  test("no proxy: one keep-alive agent for everything", async () => {
    const { t, made, pool } = rig({ origin: LOOPBACK });
    assert.deepEqual(
      made.map((m) => [m.kind, m.options]),
      [["agent", { keepAliveTimeout: 10_000, connections: 16 }]],
    );
    pool().intercept({ path: PATH }).reply(200, "{}");
    assert.deepEqual(await t.request(get()), {});
  });

  test("the proxy agent gets the variables, upper case first, empty ones skipped", () => {
    const { made } = rig({
      env: {
        HTTP_PROXY: "http://upper-http:3128",
        http_proxy: "http://lower-http:3128",
        HTTPS_PROXY: "",
        https_proxy: "http://lower-https:3128",
        no_proxy: "localhost,.internal",
      },
    });
    assert.deepEqual(
      made.map((m) => [m.kind, m.options]),
      [
        [
          "proxy",
          {
            keepAliveTimeout: 10_000,
            connections: 16,
            httpProxy: "http://upper-http:3128",
            httpsProxy: "http://lower-https:3128",
            noProxy: "localhost,.internal",
          },
        ],
      ],
    );
    const upper = rig({ env: { HTTPS_PROXY: "http://a:1", https_proxy: "http://b:2", NO_PROXY: "*" } });
    assert.deepEqual(upper.made[0]!.options, {
      keepAliveTimeout: 10_000,
      connections: 16,
      httpsProxy: "http://a:1",
      noProxy: "*",
    });
  });

  test("https behind a proxy: every request, credentials included, goes through the proxy agent", async () => {
    const { t, made, pool } = rig({ env: { HTTPS_PROXY: "http://proxy:3128" } });
    assert.deepEqual(
      made.map((m) => m.kind),
      ["proxy"],
    );
    pool().intercept({ path: PATH }).reply(200, '{"via":"proxy"}');
    assert.deepEqual(await t.request(get()), { via: "proxy" });
  });

  test("loopback http behind a proxy: a request with a token goes direct, one without goes via the proxy", async () => {
    const { t, made, pool } = rig({ origin: LOOPBACK, env: { http_proxy: "http://proxy:3128" } });
    assert.deepEqual(
      made.map((m) => m.kind),
      ["proxy", "agent"],
    );
    assert.deepEqual(
      made.map((m) => m.options),
      [
        { keepAliveTimeout: 10_000, connections: 16, httpProxy: "http://proxy:3128" },
        { keepAliveTimeout: 10_000, connections: 16 },
      ],
    );
    pool(0).intercept({ path: PATH }).reply(200, '{"via":"proxy"}').persist();
    pool(1).intercept({ path: PATH }).reply(200, '{"via":"direct"}').persist();
    assert.deepEqual(await t.request(get()), { via: "direct" });
    assert.deepEqual(await t.request(get({ headers: { accept: "application/json" } })), { via: "proxy" });
  });

  test("the environment given wins over the process's", () => {
    const saved = process.env["HTTPS_PROXY"];
    process.env["HTTPS_PROXY"] = "http://process-proxy:3128";
    try {
      assert.deepEqual(
        rig({ env: {} }).made.map((m) => m.kind),
        ["agent"],
      );
    } finally {
      if (saved === undefined) delete process.env["HTTPS_PROXY"];
      else process.env["HTTPS_PROXY"] = saved;
    }
  });
});

describe("HttpTransport: lifecycle", () => {
  test("close closes every dispatcher it built, once", async () => {
    const plain = rig();
    await plain.t.close();
    assert.deepEqual(
      plain.made.map((m) => m.closed),
      [1],
    );
    const both = rig({ origin: LOOPBACK, env: { HTTP_PROXY: "http://proxy:3128" } });
    await both.t.close();
    assert.deepEqual(
      both.made.map((m) => m.closed),
      [1, 1],
    );
  });

  test("the default dispatchers are undici's Agent and EnvHttpProxyAgent", async () => {
    const agent = undiciDispatchers.agent({ connections: 1 });
    const proxy = undiciDispatchers.proxyAgent({ httpsProxy: "http://127.0.0.1:9" });
    assert.ok(agent instanceof Agent);
    assert.ok(proxy instanceof EnvHttpProxyAgent);
    await Promise.all([agent.close(), proxy.close()]);
    for (const env of [{}, { HTTPS_PROXY: "http://127.0.0.1:9" }]) {
      const t = new HttpTransport({
        origin: LOOPBACK,
        requestTimeoutMillis: 1_000,
        maxResponseBytes: 10,
        env,
      });
      await t.close();
    }
  });
});
