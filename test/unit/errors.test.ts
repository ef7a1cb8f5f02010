/**
 * The one error type (core/errors.ts): the google.rpc status each error carries, how an AIP-193
 * error body and an HTTP status become one, how it prints and serializes, cause chaining, and the
 * instance check that works across copies of the package.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { BeyondCorpError, errorFromResponse, invalidInput, type ErrorCode } from "../../src/core/errors";

test("each code's own google.rpc status when nothing else names one", () => {
  const expected: Array<[ErrorCode, string, number]> = [
    ["ERR_API", "UNKNOWN", 2],
    ["ERR_NETWORK", "UNAVAILABLE", 14],
    ["ERR_REQUEST_TIMEOUT", "DEADLINE_EXCEEDED", 4],
    ["ERR_BAD_RESPONSE", "UNKNOWN", 2],
    ["ERR_REDIRECT", "UNKNOWN", 2],
    ["ERR_INVALID_INPUT", "INVALID_ARGUMENT", 3],
    ["ERR_CREDENTIALS", "UNAUTHENTICATED", 16],
    ["ERR_DEADLINE", "DEADLINE_EXCEEDED", 4],
    ["ERR_ABORTED", "CANCELLED", 1],
  ];
  for (const [code, status, rpcCode] of expected) {
    const err = new BeyondCorpError({ code, message: "m" });
    assert.deepEqual(
      [err.code, err.status, err.rpcCode, err.httpStatus],
      [code, status, rpcCode, undefined],
      code,
    );
  }
});

test("an HTTP error status (400 and up) names the status; a 2xx/3xx keeps the code's own", () => {
  const of = (code: ErrorCode, httpStatus: number) =>
    new BeyondCorpError({ code, message: "m", httpStatus }).status;
  assert.equal(of("ERR_BAD_RESPONSE", 400), "INVALID_ARGUMENT");
  assert.equal(of("ERR_BAD_RESPONSE", 404), "NOT_FOUND");
  assert.equal(of("ERR_NETWORK", 503), "UNAVAILABLE");
  assert.equal(of("ERR_NETWORK", 500), "INTERNAL");
  // A 200 with a body we could not read is not OK, and a redirect is not a google.rpc failure.
  assert.equal(of("ERR_BAD_RESPONSE", 200), "UNKNOWN");
  assert.equal(of("ERR_REDIRECT", 302), "UNKNOWN");
  assert.equal(of("ERR_NETWORK", 399), "UNAVAILABLE");
  // An explicit status wins over both.
  const err = new BeyondCorpError({ code: "ERR_API", message: "m", status: "ABORTED", httpStatus: 404 });
  assert.deepEqual([err.status, err.rpcCode, err.httpStatus], ["ABORTED", 10, 404]);
});

test("every field given is kept as given", () => {
  const err = new BeyondCorpError({
    code: "ERR_API",
    message: "NOT_FOUND: gone",
    status: "NOT_FOUND",
    httpStatus: 404,
    reason: "RESOURCE_MISSING",
    domain: "googleapis.com",
    metadata: { service: "beyondcorp.googleapis.com" },
    path: "/v1/projects/p/locations/l/operations/o",
    field: "name",
    retryAfterMs: 1500,
  });
  assert.deepEqual(
    {
      message: err.message,
      reason: err.reason,
      domain: err.domain,
      metadata: err.metadata,
      path: err.path,
      field: err.field,
      retryAfterMs: err.retryAfterMs,
    },
    {
      message: "NOT_FOUND: gone",
      reason: "RESOURCE_MISSING",
      domain: "googleapis.com",
      metadata: { service: "beyondcorp.googleapis.com" },
      path: "/v1/projects/p/locations/l/operations/o",
      field: "name",
      retryAfterMs: 1500,
    },
  );
});

test("how it prints: its name, its message, and JSON with the google.rpc fields only", () => {
  const err = new BeyondCorpError({
    code: "ERR_API",
    message: "PERMISSION_DENIED: no (/v1/x)",
    httpStatus: 403,
    reason: "IAM_PERMISSION_DENIED",
    domain: "googleapis.com",
    metadata: { permission: "beyondcorp.operations.cancel" },
    path: "/v1/x",
    retryAfterMs: 7,
    cause: new Error("inner"),
  });
  assert.ok(err instanceof Error);
  assert.equal(err.name, "BeyondCorpError");
  assert.equal(String(err), "BeyondCorpError: PERMISSION_DENIED: no (/v1/x)");
  assert.match(inspect(err), /^BeyondCorpError: PERMISSION_DENIED: no \(\/v1\/x\)\n/);
  assert.equal(
    JSON.stringify(err),
    JSON.stringify({
      code: "ERR_API",
      status: "PERMISSION_DENIED",
      rpcCode: 7,
      httpStatus: 403,
      reason: "IAM_PERMISSION_DENIED",
      domain: "googleapis.com",
      path: "/v1/x",
      message: "PERMISSION_DENIED: no (/v1/x)",
    }),
  );
  const bare = new BeyondCorpError({ code: "ERR_INVALID_INPUT", message: "name: required", field: "name" });
  assert.deepEqual(bare.toJSON(), {
    code: "ERR_INVALID_INPUT",
    status: "INVALID_ARGUMENT",
    rpcCode: 3,
    httpStatus: undefined,
    reason: undefined,
    domain: undefined,
    path: undefined,
    field: "name",
    message: "name: required",
  });
});

test("cause chaining: kept when given, absent (not an undefined cause) when not", () => {
  const inner = new Error("socket hang up");
  const err = new BeyondCorpError({ code: "ERR_NETWORK", message: "network", cause: inner });
  assert.equal(err.cause, inner);
  assert.match(inspect(err), /\[cause\]: Error: socket hang up/);
  const falsy = new BeyondCorpError({ code: "ERR_NETWORK", message: "network", cause: 0 });
  assert.ok(Object.hasOwn(falsy, "cause"));
  assert.equal(falsy.cause, 0);
  const none = new BeyondCorpError({ code: "ERR_NETWORK", message: "network" });
  assert.ok(!Object.hasOwn(none, "cause"));
  assert.doesNotMatch(inspect(none), /cause/);
});

test("BeyondCorpError.is: by the shared brand, so a copy from another module graph counts", () => {
  assert.ok(BeyondCorpError.is(new BeyondCorpError({ code: "ERR_ABORTED", message: "aborted" })));
  // What another copy of the package (the dynamic provider's process) would make.
  const foreign = Object.assign(new Error("x"), { [Symbol.for("beyondcorp-ops.BeyondCorpError")]: true });
  assert.ok(BeyondCorpError.is(foreign));
  for (const v of [
    null,
    undefined,
    0,
    "BeyondCorpError",
    new Error("plain"),
    { [Symbol.for("beyondcorp-ops.BeyondCorpError")]: "yes" },
    { [Symbol.for("")]: true },
    { [Symbol("beyondcorp-ops.BeyondCorpError")]: true },
  ])
    assert.equal(BeyondCorpError.is(v), false, inspect(v));
  // The brand is not enumerable: it never shows in logs or JSON.
  const err = new BeyondCorpError({ code: "ERR_ABORTED", message: "aborted" });
  assert.deepEqual(Object.getOwnPropertySymbols(err).length, 1);
  assert.doesNotMatch(inspect(err), /Symbol/);
});

test("invalidInput names the field and the rule, and shows the value cut to 80 characters", () => {
  const err = invalidInput("timeout", "must be a duration such as 90s");
  assert.deepEqual(
    [err.code, err.status, err.field, err.message],
    ["ERR_INVALID_INPUT", "INVALID_ARGUMENT", "timeout", "timeout: must be a duration such as 90s"],
  );
  assert.equal(invalidInput("timeout", "bad", "soon").message, 'timeout: bad (got "soon")');
  assert.equal(invalidInput("n", "bad", 0).message, 'n: bad (got "0")');
  const eighty = "x".repeat(80);
  assert.equal(invalidInput("f", "bad", eighty).message, `f: bad (got "${eighty}")`);
  assert.equal(invalidInput("f", "bad", `${eighty}y`).message, `f: bad (got "${eighty}…")`);
  assert.equal(invalidInput("f", "bad", "a".repeat(79)).message, `f: bad (got "${"a".repeat(79)}")`);
});

test("errorFromResponse: an AIP-193 body with status, message and ErrorInfo", () => {
  const body = {
    error: {
      code: 403,
      status: "PERMISSION_DENIED",
      message: "Permission denied on resource",
      details: [
        null,
        { "@type": "type.googleapis.com/google.rpc.Help", reason: "NOT_THIS_ONE" },
        {
          "@type": "type.googleapis.com/google.rpc.ErrorInfo",
          reason: "IAM_PERMISSION_DENIED",
          domain: "googleapis.com",
          metadata: { permission: "beyondcorp.operations.cancel" },
        },
        { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "SECOND" },
      ],
    },
  };
  const err = errorFromResponse(403, body, "/v1/projects/p/locations/l/operations/o:cancel", 2000);
  assert.ok(BeyondCorpError.is(err));
  assert.deepEqual(
    {
      code: err.code,
      status: err.status,
      rpcCode: err.rpcCode,
      httpStatus: err.httpStatus,
      message: err.message,
      path: err.path,
      reason: err.reason,
      domain: err.domain,
      metadata: err.metadata,
      retryAfterMs: err.retryAfterMs,
      field: err.field,
    },
    {
      code: "ERR_API",
      status: "PERMISSION_DENIED",
      rpcCode: 7,
      httpStatus: 403,
      message:
        "PERMISSION_DENIED: Permission denied on resource (/v1/projects/p/locations/l/operations/o:cancel)",
      path: "/v1/projects/p/locations/l/operations/o:cancel",
      reason: "IAM_PERMISSION_DENIED",
      domain: "googleapis.com",
      metadata: { permission: "beyondcorp.operations.cancel" },
      retryAfterMs: 2000,
      field: undefined,
    },
  );
});

test("errorFromResponse: the body's status wins over the HTTP status", () => {
  const err = errorFromResponse(400, { error: { status: "FAILED_PRECONDITION", message: "busy" } }, "/v1/x");
  assert.deepEqual(
    [err.status, err.rpcCode, err.message],
    ["FAILED_PRECONDITION", 9, "FAILED_PRECONDITION: busy (/v1/x)"],
  );
});

test("errorFromResponse: no body, or one without a usable status or message, falls back to HTTP", () => {
  const cases: Array<[number, unknown, string]> = [
    [503, undefined, "UNAVAILABLE: HTTP 503 (/v1/x)"],
    [404, "<html>Not Found</html>", "NOT_FOUND: HTTP 404 (/v1/x)"],
    [429, { error: { status: "SLOW_DOWN", message: 42 } }, "RESOURCE_EXHAUSTED: HTTP 429 (/v1/x)"],
    [500, { error: { status: "toString" } }, "INTERNAL: HTTP 500 (/v1/x)"],
    [502, { error: null }, "INTERNAL: HTTP 502 (/v1/x)"],
  ];
  for (const [http, body, message] of cases) {
    const err = errorFromResponse(http, body, "/v1/x");
    assert.equal(err.message, message, message);
    assert.equal(err.httpStatus, http);
    assert.deepEqual(
      [err.reason, err.domain, err.metadata, err.retryAfterMs],
      [undefined, undefined, undefined, undefined],
    );
  }
});

test("errorFromResponse: ErrorInfo fields of the wrong type are left out", () => {
  const bad = errorFromResponse(
    403,
    {
      error: {
        details: [
          { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: 1, domain: {}, metadata: "m" },
        ],
      },
    },
    "/v1/x",
  );
  assert.deepEqual([bad.reason, bad.domain, bad.metadata], [undefined, undefined, undefined]);
  const nullMeta = errorFromResponse(
    403,
    { error: { details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", metadata: null }] } },
    "/v1/x",
  );
  assert.equal(nullMeta.metadata, undefined);
  // details that is not a list, and ErrorInfo only by its exact type URL.
  assert.equal(errorFromResponse(403, { error: { details: { reason: "R" } } }, "/v1/x").reason, undefined);
  assert.equal(errorFromResponse(403, { error: { details: [{ reason: "R" }] } }, "/v1/x").reason, undefined);
  assert.equal(
    errorFromResponse(
      403,
      { error: { details: [{ "@type": "google.rpc.ErrorInfo", reason: "R" }] } },
      "/v1/x",
    ).reason,
    undefined,
  );
});
