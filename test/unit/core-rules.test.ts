/**
 * Exact rules of the small core modules, each pinned where a property test only bounds it: the
 * retry policy's table and its HTTP-status fallbacks, jittered backoff values, credential errors,
 * the wait deadline's `hit()`, and the state recorded for each outcome.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { credentialError, redactCredentialMessage } from "../../src/auth/redact";
import { NEVER_RETRIED, RETRY_POLICY, retryReason } from "../../src/client/retry-policy";
import { backoffDelay } from "../../src/core/backoff";
import { BeyondCorpError } from "../../src/core/errors";
import type { RpcStatusName } from "../../src/core/rpc-codes";
import { OUTCOME_STATE } from "../../src/lro/outcomes";
import { isDeadlineOrAbort, startDeadline } from "../../src/wait/deadline";
import { FakeClock } from "../helpers/fake-clock";

const api = (status: RpcStatusName, httpStatus?: number) =>
  new BeyondCorpError({ code: "ERR_API", status, message: status, ...(httpStatus ? { httpStatus } : {}) });
const CALLS = ["get", "list", "cancel"] as const;

describe("retry policy", () => {
  test("the table: the same four transient codes for every call, and network errors", () => {
    for (const call of CALLS)
      assert.deepEqual(RETRY_POLICY[call], {
        retryable: ["UNAVAILABLE", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED", "INTERNAL"],
        onNetworkError: true,
      });
    assert.deepEqual(NEVER_RETRIED, [
      "INVALID_ARGUMENT",
      "NOT_FOUND",
      "PERMISSION_DENIED",
      "FAILED_PRECONDITION",
      "UNIMPLEMENTED",
      "ALREADY_EXISTS",
      "OUT_OF_RANGE",
    ]);
  });
  test("each transient code is retried with its reason, also without an HTTP status", () => {
    for (const call of CALLS)
      for (const s of ["UNAVAILABLE", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED", "INTERNAL"] as const) {
        assert.equal(retryReason(call, api(s, 500)), `${s} (HTTP 500)`, `${call} ${s}`);
        assert.equal(retryReason(call, api(s)), `${s} (HTTP ?)`);
      }
  });
  test("a gateway status (429, 502, 503, 504) is retried whatever the body says, even a never-retried code", () => {
    for (const call of CALLS)
      for (const http of [429, 502, 503, 504]) {
        assert.equal(retryReason(call, api("NOT_FOUND", http)), `HTTP ${http}`, `${call} ${http}`);
        assert.equal(retryReason(call, api("UNKNOWN", http)), `HTTP ${http}`);
      }
  });
  test("other statuses are not: a never-retried code, or an unknown one, on 400, 404, 500 or none", () => {
    for (const call of CALLS)
      for (const http of [400, 404, 500, 501, undefined]) {
        assert.equal(retryReason(call, api("NOT_FOUND", http)), undefined, `${call} ${http}`);
        assert.equal(retryReason(call, api("UNKNOWN", http)), undefined, `${call} ${http}`);
        assert.equal(retryReason(call, api("PERMISSION_DENIED", http)), undefined);
      }
  });
  test("a never-retried code stays never retried even if a call's list were widened to include it", () => {
    const list = RETRY_POLICY.get.retryable as RpcStatusName[];
    list.push("NOT_FOUND");
    try {
      assert.equal(retryReason("get", api("NOT_FOUND", 404)), undefined);
      assert.equal(retryReason("get", api("NOT_FOUND")), undefined);
      assert.equal(
        retryReason("get", api("NOT_FOUND", 503)),
        "NOT_FOUND (HTTP 503)",
        "a gateway status still is",
      );
    } finally {
      list.pop();
    }
    assert.deepEqual(RETRY_POLICY.get.retryable, RETRY_POLICY.list.retryable);
  });
  test("only API errors and network errors are retried; anything else that looks like one is not", () => {
    const bad = new BeyondCorpError({
      code: "ERR_BAD_RESPONSE",
      status: "UNAVAILABLE",
      httpStatus: 503,
      message: "x",
    });
    assert.equal(retryReason("get", bad), undefined);
    assert.equal(retryReason("get", { code: "ERR_NETWORK", status: "UNAVAILABLE" }), undefined);
    assert.equal(retryReason("get", new Error("UNAVAILABLE")), undefined);
    assert.equal(
      retryReason("get", new BeyondCorpError({ code: "ERR_NETWORK", message: "x" })),
      "ERR_NETWORK",
    );
    assert.equal(
      retryReason("cancel", new BeyondCorpError({ code: "ERR_REQUEST_TIMEOUT", message: "x" })),
      "ERR_REQUEST_TIMEOUT",
    );
  });
});

describe("backoff values", () => {
  const s = { initialDelayMillis: 1000, multiplier: 2, maxDelayMillis: 8000, jitter: 0.5 };
  test("jitter shortens by jitter × random, exactly", () => {
    assert.equal(
      backoffDelay(s, 0, () => 0),
      1000,
    );
    assert.equal(
      backoffDelay(s, 0, () => 0.5),
      750,
    );
    assert.equal(
      backoffDelay(s, 1, () => 0.999),
      1001,
    );
    assert.equal(
      backoffDelay(s, 10, () => 0.5),
      6000,
    );
  });
  test("a random source out of [0, 1) is clamped", () => {
    assert.equal(
      backoffDelay(s, 0, () => -3),
      1000,
    );
    assert.equal(
      backoffDelay(s, 0, () => 7),
      500,
    );
  });
});

describe("credential errors", () => {
  test("ERR_CREDENTIALS with a redacted message, the HTTP status when known, and no raw cause", () => {
    const raw = Object.assign(new TypeError('token endpoint said "ya29.secret-value"'), { status: 400 });
    const e = credentialError(raw);
    assert.equal(e.code, "ERR_CREDENTIALS");
    assert.equal(e.message, "could not obtain credentials: token endpoint said [redacted] (HTTP 400)");
    const cause = e.cause as Error;
    assert.equal(cause.name, "TypeError");
    assert.equal(cause.message, "token endpoint said [redacted]");
    assert.ok(!JSON.stringify(e).includes("secret-value"));
  });
  test("no status, a status that is not a number, a cause that is not an Error", () => {
    assert.equal(credentialError(new Error("no key")).message, "could not obtain credentials: no key");
    assert.equal(
      credentialError(Object.assign(new Error("x"), { status: "400" })).message,
      "could not obtain credentials: x",
    );
    const e = credentialError("plain words");
    assert.equal(e.message, "could not obtain credentials: plain words");
    assert.equal((e.cause as Error).name, "Error");
    assert.equal(credentialError(undefined).message, "could not obtain credentials: undefined");
  });
  test("a Bearer value after several spaces is redacted too", () => {
    assert.equal(
      redactCredentialMessage("Authorization: Bearer   opaque-value ok"),
      "Authorization: Bearer [redacted] ok",
    );
  });
});

describe("wait deadline", () => {
  test("not hit before it runs out; hit after, with its own error; the caller's abort is not a hit", async () => {
    const clock = new FakeClock();
    const d = startDeadline(clock, 1000);
    assert.equal(d.hit(), false);
    assert.equal(d.at, clock.now() + 1000);
    await clock.advance(1000);
    assert.equal(d.hit(), true);
    const reason = d.signal.reason as BeyondCorpError;
    assert.equal(reason.code, "ERR_DEADLINE");
    assert.equal(reason.message, "deadline of 1000 ms exceeded");

    const outer = new AbortController();
    const d2 = startDeadline(clock, 1000, outer.signal);
    assert.equal(d2.hit(), false);
    outer.abort(new Error("caller"));
    assert.equal(d2.signal.aborted, true);
    assert.equal(d2.hit(), false, "the caller stopped it, not the deadline");
    d2.stop();
  });
  test("isDeadlineOrAbort: ERR_DEADLINE and ERR_ABORTED only", () => {
    assert.equal(isDeadlineOrAbort(new BeyondCorpError({ code: "ERR_DEADLINE", message: "x" })), true);
    assert.equal(isDeadlineOrAbort(new BeyondCorpError({ code: "ERR_ABORTED", message: "x" })), true);
    assert.equal(isDeadlineOrAbort(new BeyondCorpError({ code: "ERR_NETWORK", message: "x" })), false);
    assert.equal(isDeadlineOrAbort(new Error("ERR_ABORTED")), false);
  });
});

test("the state recorded for each outcome", () => {
  assert.deepEqual(OUTCOME_STATE, {
    CANCELLED: "DONE",
    SUCCEEDED: "DONE",
    FAILED: "DONE",
    ALREADY_DONE: "DONE",
    NOT_FOUND: "GONE",
    CANCEL_UNSUPPORTED: "DONE",
    TIMED_OUT: "UNKNOWN",
    ERROR: "UNKNOWN",
  });
});
