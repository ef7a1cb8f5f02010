/**
 * The google.rpc.Code table (core/rpc-codes.ts) against google/rpc/code.proto and google-gax's HTTP
 * fallback: every name, number and HTTP status pinned, since each outcome and retry rule reads them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { isRpcStatusName, RPC_CODES, rpcNameFromHttpStatus, rpcNameOf } from "../../src/core/rpc-codes";

/** google/rpc/code.proto, in order, with the HTTP status each maps to. */
const CODE_PROTO: Array<[string, number, number]> = [
  ["OK", 0, 200],
  ["CANCELLED", 1, 499],
  ["UNKNOWN", 2, 500],
  ["INVALID_ARGUMENT", 3, 400],
  ["DEADLINE_EXCEEDED", 4, 504],
  ["NOT_FOUND", 5, 404],
  ["ALREADY_EXISTS", 6, 409],
  ["PERMISSION_DENIED", 7, 403],
  ["RESOURCE_EXHAUSTED", 8, 429],
  ["FAILED_PRECONDITION", 9, 400],
  ["ABORTED", 10, 409],
  ["OUT_OF_RANGE", 11, 400],
  ["UNIMPLEMENTED", 12, 501],
  ["INTERNAL", 13, 500],
  ["UNAVAILABLE", 14, 503],
  ["DATA_LOSS", 15, 500],
  ["UNAUTHENTICATED", 16, 401],
];

test("every code: its name, number and HTTP status, as code.proto has them", () => {
  assert.deepEqual(
    Object.entries(RPC_CODES).map(([name, v]) => [name, v.code, v.http]),
    CODE_PROTO,
  );
  for (const [name, code] of CODE_PROTO) assert.equal(rpcNameOf(code), name);
  for (const n of [-1, 17, 1.5, NaN]) assert.equal(rpcNameOf(n), "UNKNOWN", String(n));
});

test("isRpcStatusName: the table's names only, not an object's own keys", () => {
  for (const [name] of CODE_PROTO) assert.ok(isRpcStatusName(name), name);
  for (const v of ["cancelled", "toString", "constructor", "__proto__", "", 1, undefined, null])
    assert.ok(!isRpcStatusName(v), String(v));
  // Only a string is a name, not a JSON value that merely prints as one (a body's `"status": ["OK"]`).
  for (const v of [["OK"], ["NOT_FOUND"], { toString: () => "ABORTED" }])
    assert.ok(!isRpcStatusName(v), JSON.stringify(v));
});

test("the HTTP fallback, as google-gax's rpcCodeFromHttpStatusCode", () => {
  const cases: Array<[number, string]> = [
    [200, "OK"],
    [204, "OK"],
    [299, "OK"],
    [400, "INVALID_ARGUMENT"],
    [401, "UNAUTHENTICATED"],
    [403, "PERMISSION_DENIED"],
    [404, "NOT_FOUND"],
    [409, "ABORTED"],
    [416, "OUT_OF_RANGE"],
    [429, "RESOURCE_EXHAUSTED"],
    [499, "CANCELLED"],
    [501, "UNIMPLEMENTED"],
    [503, "UNAVAILABLE"],
    [504, "DEADLINE_EXCEEDED"],
    [402, "FAILED_PRECONDITION"],
    [499 - 1, "FAILED_PRECONDITION"],
    [500, "INTERNAL"],
    [502, "INTERNAL"],
    [599, "INTERNAL"],
    [300, "UNKNOWN"],
    [199, "UNKNOWN"],
    [0, "UNKNOWN"],
  ];
  assert.deepEqual(
    cases.map(([s]) => [s, rpcNameFromHttpStatus(s)]),
    cases,
  );
});
