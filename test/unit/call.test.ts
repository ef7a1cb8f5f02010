/**
 * The client's one retry loop (client/call.ts) with a scripted transport, fake credentials and a
 * recording clock: what is sent, what is counted, what is retried and after how long, the one token
 * refresh, and the caller's signal.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { callWithRetry, type CallDeps, type CallRequest, type RetryEvent } from "../../src/client/call";
import type { HttpRequest } from "../../src/client/http";
import { API_CLIENT_HEADER } from "../../src/client/version";
import { abortError, type Clock } from "../../src/core/clock";
import { BeyondCorpError } from "../../src/core/errors";
import type { RpcStatusName } from "../../src/core/rpc-codes";

const PATH = "/v1/projects/my-project/locations/global/operations/op-1";
const GET: CallRequest = { call: "get", method: "GET", path: PATH };
const api = (status: RpcStatusName, httpStatus: number, retryAfterMs?: number) =>
  new BeyondCorpError({
    code: "ERR_API",
    status,
    httpStatus,
    message: status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });

/** A transport that answers from a script (an Error is thrown), recording each request. */
function rig(script: unknown[], opts: { refreshable?: boolean; maxAttempts?: number } = {}) {
  const sent: HttpRequest[] = [];
  const sleeps: number[] = [];
  const retries: RetryEvent[] = [];
  const onRequest: Array<[string, string]> = [];
  let token = 0;
  let invalidated = 0;
  const clock: Clock = {
    now: () => 0,
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted) throw abortError(signal);
    },
  };
  const deps: CallDeps = {
    http: {
      request: async (req: HttpRequest) => {
        sent.push(req);
        const next = script.shift();
        if (next instanceof Error) throw next;
        return next;
      },
    } as CallDeps["http"],
    creds: {
      headers: async () => ({ authorization: `Bearer t${token}` }),
      invalidate: () => {
        invalidated++;
        token++;
      },
      refreshable: opts.refreshable ?? false,
    },
    clock,
    retry: { initialDelayMillis: 10, multiplier: 2, maxDelayMillis: 100, jitter: 0 },
    maxAttempts: opts.maxAttempts ?? 4,
    onRetry: (e) => retries.push(e),
    onRequest: (call, path) => void onRequest.push([call, path]),
  };
  return { deps, sent, sleeps, retries, onRequest, invalidated: () => invalidated };
}

describe("callWithRetry", () => {
  test("one request with the credential, client and accept headers; counted once", async () => {
    const r = rig([{ name: "x" }]);
    const meter = { requests: 0 };
    assert.deepEqual(await callWithRetry(r.deps, GET, { meter }), { name: "x" });
    assert.equal(r.sent.length, 1);
    assert.deepEqual(r.sent[0], {
      method: "GET",
      path: PATH,
      headers: {
        authorization: "Bearer t0",
        accept: "application/json",
        "x-goog-api-client": API_CLIENT_HEADER,
      },
    });
    assert.equal(meter.requests, 1);
    assert.deepEqual(r.onRequest, [["get", PATH]]);
    assert.deepEqual(r.sleeps, []);
  });

  test("a body gets a content type; the query and the signal are passed on", async () => {
    const r = rig([undefined]);
    const signal = new AbortController().signal;
    const req: CallRequest = {
      call: "cancel",
      method: "POST",
      path: `${PATH}:cancel`,
      body: "{}",
      query: { a: "b" },
    };
    assert.deepEqual(await callWithRetry(r.deps, req, { signal }), {}, "an empty reply is {}");
    assert.equal(r.sent[0]?.body, "{}");
    assert.deepEqual(r.sent[0]?.query, { a: "b" });
    assert.equal(r.sent[0]?.signal, signal);
    assert.equal(r.sent[0]?.headers["content-type"], "application/json");
    assert.equal(r.sent[0]?.method, "POST");
  });

  test("without a request listener a call still succeeds and counts on its meter", async () => {
    const r = rig([{ name: "x" }, api("UNAVAILABLE", 503)], { maxAttempts: 1 });
    const { onRequest: _unused, ...deps } = r.deps;
    const meter = { requests: 0 };
    assert.deepEqual(await callWithRetry(deps, GET, { meter }), { name: "x" });
    await assert.rejects(
      callWithRetry(deps, GET, { meter }),
      (e: unknown) => BeyondCorpError.is(e) && e.code === "ERR_API",
    );
    assert.equal(meter.requests, 2);
    assert.deepEqual(r.onRequest, []);
  });

  test("a null reply is {}", async () => {
    assert.deepEqual(await callWithRetry(rig([null]).deps, GET, {}), {});
  });

  test("transient failures are retried on the backoff schedule, each reported and counted", async () => {
    const r = rig([api("UNAVAILABLE", 503), api("UNAVAILABLE", 503), api("INTERNAL", 500), { done: true }]);
    const meter = { requests: 0 };
    assert.deepEqual(await callWithRetry(r.deps, GET, { meter }), { done: true });
    assert.equal(r.sent.length, 4);
    assert.equal(meter.requests, 4);
    assert.equal(r.onRequest.length, 4);
    assert.deepEqual(r.sleeps, [10, 20, 40]);
    assert.deepEqual(
      r.retries.map((e) => [e.call, e.path, e.attempt, e.delayMs, e.reason]),
      [
        ["get", PATH, 1, 10, "UNAVAILABLE (HTTP 503)"],
        ["get", PATH, 2, 20, "UNAVAILABLE (HTTP 503)"],
        ["get", PATH, 3, 40, "INTERNAL (HTTP 500)"],
      ],
    );
  });

  test("after maxAttempts the last error is thrown", async () => {
    const last = api("UNAVAILABLE", 503);
    const r = rig([api("UNAVAILABLE", 503), api("UNAVAILABLE", 503), last, { done: true }], {
      maxAttempts: 3,
    });
    await assert.rejects(callWithRetry(r.deps, GET, {}), (e) => e === last);
    assert.equal(r.sent.length, 3);
    assert.deepEqual(r.sleeps, [10, 20]);
  });

  test("maxAttempts 1 never retries", async () => {
    const r = rig([api("UNAVAILABLE", 503), {}], { maxAttempts: 1 });
    await assert.rejects(callWithRetry(r.deps, GET, {}), /UNAVAILABLE/);
    assert.equal(r.sent.length, 1);
  });

  test("a non-retryable failure is thrown at once, counted, never slept on", async () => {
    const r = rig([api("NOT_FOUND", 404), {}]);
    const meter = { requests: 0 };
    await assert.rejects(callWithRetry(r.deps, GET, { meter }), /NOT_FOUND/);
    assert.equal(r.sent.length, 1);
    assert.equal(meter.requests, 1);
    assert.deepEqual(r.sleeps, []);
    assert.deepEqual(r.retries, []);
  });

  test("Retry-After lengthens a delay, never shortens it, and is capped at 6 × the max delay", async () => {
    const r = rig([
      api("UNAVAILABLE", 503, 500),
      api("UNAVAILABLE", 503, 1),
      api("UNAVAILABLE", 503, 1e9),
      {},
    ]);
    await callWithRetry(r.deps, GET, {});
    assert.deepEqual(r.sleeps, [500, 20, 600]);
  });

  test("the backoff delay is capped by the schedule", async () => {
    const r = rig(Array.from({ length: 6 }, () => api("UNAVAILABLE", 503)).concat([{}] as never), {
      maxAttempts: 10,
    });
    await callWithRetry(r.deps, GET, {});
    assert.deepEqual(r.sleeps, [10, 20, 40, 80, 100, 100]);
  });

  test("UNAUTHENTICATED: one token refresh and an immediate retry, then the error", async () => {
    const r = rig([api("UNAUTHENTICATED", 401), api("UNAUTHENTICATED", 401), {}], { refreshable: true });
    const meter = { requests: 0 };
    await assert.rejects(callWithRetry(r.deps, GET, { meter }), /UNAUTHENTICATED/);
    assert.equal(r.invalidated(), 1);
    assert.equal(r.sent.length, 2);
    assert.equal(meter.requests, 2);
    assert.equal(r.sent[1]?.headers["authorization"], "Bearer t1", "the retry carries the new token");
    assert.deepEqual(r.sleeps, []);
    assert.deepEqual(
      r.retries.map((e) => [e.attempt, e.delayMs, e.reason]),
      [[1, 0, "UNAUTHENTICATED: refreshing the token once"]],
    );
  });

  test("UNAUTHENTICATED then success after the refresh", async () => {
    const r = rig([api("UNAUTHENTICATED", 401), { ok: 1 }], { refreshable: true });
    assert.deepEqual(await callWithRetry(r.deps, GET, {}), { ok: 1 });
    assert.equal(r.invalidated(), 1);
  });

  test("with a refreshable token, other failures never refresh it", async () => {
    const r = rig([api("UNAVAILABLE", 503), api("NOT_FOUND", 404)], { refreshable: true });
    await assert.rejects(callWithRetry(r.deps, GET, {}), /NOT_FOUND/);
    assert.equal(r.invalidated(), 0);
    assert.deepEqual(r.sleeps, [10]);
    assert.deepEqual(
      r.retries.map((e) => e.reason),
      ["UNAVAILABLE (HTTP 503)"],
    );
  });

  test("UNAUTHENTICATED with a fixed token is not refreshed", async () => {
    const r = rig([api("UNAUTHENTICATED", 401), {}], { refreshable: false });
    await assert.rejects(callWithRetry(r.deps, GET, {}), /UNAUTHENTICATED/);
    assert.equal(r.invalidated(), 0);
    assert.equal(r.sent.length, 1);
  });

  test("a credentials failure (status UNAUTHENTICATED, not an API reply) is neither refreshed nor counted", async () => {
    const creds = new BeyondCorpError({
      code: "ERR_CREDENTIALS",
      status: "UNAUTHENTICATED",
      message: "no token",
    });
    const r = rig([creds, {}], { refreshable: true });
    const meter = { requests: 0 };
    await assert.rejects(callWithRetry(r.deps, GET, { meter }), (e) => e === creds);
    assert.equal(r.invalidated(), 0);
    assert.equal(meter.requests, 0);
    assert.deepEqual(r.onRequest, []);
  });

  test("requests that never left are not counted; a network error is counted and retried", async () => {
    for (const code of ["ERR_INVALID_INPUT", "ERR_ABORTED"] as const) {
      const r = rig([new BeyondCorpError({ code, message: code }), {}]);
      const meter = { requests: 0 };
      await assert.rejects(callWithRetry(r.deps, GET, { meter }), new RegExp(code));
      assert.equal(meter.requests, 0, code);
      assert.deepEqual(r.onRequest, [], code);
    }
    const r = rig([new BeyondCorpError({ code: "ERR_NETWORK", message: "reset" }), { ok: 1 }]);
    const meter = { requests: 0 };
    assert.deepEqual(await callWithRetry(r.deps, GET, { meter }), { ok: 1 });
    assert.equal(meter.requests, 2);
    assert.equal(r.retries[0]?.reason, "ERR_NETWORK");
  });

  test("a foreign error is thrown as it is, not counted, not retried", async () => {
    const boom = new TypeError("boom");
    const r = rig([boom, {}]);
    const meter = { requests: 0 };
    await assert.rejects(callWithRetry(r.deps, GET, { meter }), (e) => e === boom);
    assert.equal(meter.requests, 0);
    assert.equal(r.sent.length, 1);
  });

  test("an aborted signal stops before the first request, and during a retry sleep", async () => {
    const ctl = new AbortController();
    ctl.abort(new Error("stop"));
    const r = rig([{}]);
    await assert.rejects(callWithRetry(r.deps, GET, { signal: ctl.signal }), { code: "ERR_ABORTED" });
    assert.equal(r.sent.length, 0);

    const mid = new AbortController();
    const r2 = rig([api("UNAVAILABLE", 503), {}]);
    r2.deps.http.request = async (req: HttpRequest) => {
      r2.sent.push(req);
      mid.abort(new Error("stop"));
      throw api("UNAVAILABLE", 503);
    };
    await assert.rejects(callWithRetry(r2.deps, GET, { signal: mid.signal }), { code: "ERR_ABORTED" });
    assert.equal(r2.sent.length, 1);
  });

  test("a per-call retry listener replaces the client-wide one", async () => {
    const r = rig([api("UNAVAILABLE", 503), {}]);
    const own: RetryEvent[] = [];
    await callWithRetry(r.deps, GET, { onRetry: (e) => own.push(e) });
    assert.equal(own.length, 1);
    assert.deepEqual(r.retries, []);
    const quiet = rig([api("UNAVAILABLE", 503), {}]);
    const { onRetry: _dropped, ...deps } = quiet.deps;
    assert.deepEqual(await callWithRetry(deps, GET, {}), {}, "no listener at all is fine");
  });
});
