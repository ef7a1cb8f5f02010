import { test } from "node:test";
import assert from "node:assert/strict";
import { BeyondCorpError } from "../../src/core/errors";
import { retryReason, NEVER_RETRIED } from "../../src/client/retry-policy";
import { RPC_CODES } from "../../src/core/rpc-codes";

const api = (status: keyof typeof RPC_CODES, http: number = RPC_CODES[status].http) =>
  new BeyondCorpError({ code: "ERR_API", status, httpStatus: http, message: status });

test("transient failures are retried for get, list and cancel", () => {
  for (const call of ["get", "list", "cancel"] as const) {
    assert.ok(retryReason(call, api("UNAVAILABLE")));
    assert.ok(retryReason(call, api("RESOURCE_EXHAUSTED")));
    assert.ok(retryReason(call, api("INTERNAL", 502)));
    assert.ok(retryReason(call, api("DEADLINE_EXCEEDED", 504)));
    assert.ok(retryReason(call, new BeyondCorpError({ code: "ERR_NETWORK", message: "reset" })));
    assert.ok(retryReason(call, new BeyondCorpError({ code: "ERR_REQUEST_TIMEOUT", message: "slow" })));
  }
});

test("AIP-194: never retried", () => {
  for (const call of ["get", "list", "cancel"] as const) {
    for (const s of NEVER_RETRIED) assert.equal(retryReason(call, api(s)), undefined, `${call} ${s}`);
    assert.equal(retryReason(call, api("UNAUTHENTICATED")), undefined);
    assert.equal(
      retryReason(call, new BeyondCorpError({ code: "ERR_BAD_RESPONSE", message: "x" })),
      undefined,
    );
    assert.equal(retryReason(call, new BeyondCorpError({ code: "ERR_REDIRECT", message: "x" })), undefined);
  }
});
