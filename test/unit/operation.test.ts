/**
 * parseOperation, rule by rule: what a reply must be to be accepted, the message and path each
 * refusal carries, and exactly what is kept of an accepted one (error code and message, metadata
 * fields of the right type only). Then endingOf and resultErrorOf.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { endingOf, parseOperation, resultErrorOf, type Operation } from "../../src/lro/operation";

const NAME = "projects/my-project/locations/global/operations/op-1";
const PATH = "/v1/projects/my-project/locations/global/operations/op-1";
const parse = (v: unknown) => parseOperation(v, PATH, "v1");

function refused(v: unknown, message: string) {
  assert.throws(
    () => parse(v),
    (e: Error & { code?: string; path?: string }) => {
      assert.equal(e.code, "ERR_BAD_RESPONSE");
      assert.equal(e.message, `${message} (${PATH})`);
      assert.equal(e.path, PATH);
      return true;
    },
  );
}

describe("parseOperation refuses", () => {
  test("a body that is not a JSON object", () => {
    for (const v of [null, "x", 1, true, [], [{ name: NAME }]]) refused(v, "operation is not a JSON object");
  });
  test("a name that breaks the name rules, saying which field", () => {
    assert.throws(
      () => parse({ name: "projects/x/locations/global/operations/op" }),
      (e: Error & { code?: string }) =>
        e.code === "ERR_BAD_RESPONSE" &&
        e.message.startsWith("the server returned an invalid operation.name") &&
        e.message.endsWith(`(${PATH})`),
    );
    assert.throws(() => parse({}), /the server returned an invalid operation\.name/);
  });
  test("a done that is not a boolean", () => {
    for (const done of ["true", 1, null, {}])
      refused({ name: NAME, done }, "operation.done is not a boolean");
  });
  test("both error and response", () => {
    refused(
      { name: NAME, done: true, error: { code: 1 }, response: {} },
      "operation has both error and response",
    );
  });
  test("a result before done", () => {
    refused({ name: NAME, error: { code: 1 } }, "operation has a result but is not done");
    refused({ name: NAME, response: {} }, "operation has a result but is not done");
    refused({ name: NAME, done: false, response: {} }, "operation has a result but is not done");
  });
  test("done without a result", () => {
    refused({ name: NAME, done: true }, "operation is done without error or response");
    refused(
      { name: NAME, done: true, error: null, response: null },
      "operation is done without error or response",
    );
  });
});

describe("parseOperation keeps", () => {
  test("a pending operation: done false (absent or false), no result, no metadata", () => {
    assert.deepEqual(parse({ name: NAME }), { name: NAME, done: false, hasResponse: false });
    assert.deepEqual(parse({ name: NAME, done: false, error: null, response: null }), {
      name: NAME,
      done: false,
      hasResponse: false,
    });
  });
  test("the name without its version prefix, in the requested version", () => {
    assert.equal(parseOperation({ name: `v1alpha/${NAME}` }, PATH, "v1").name, NAME);
  });
  test("a response", () => {
    assert.deepEqual(parse({ name: NAME, done: true, response: { a: 1 } }), {
      name: NAME,
      done: true,
      hasResponse: true,
    });
  });
  test("an error's integer code and its message, cut at 2000 characters", () => {
    assert.deepEqual(parse({ name: NAME, done: true, error: { code: 9, message: "nope" } }).error, {
      code: 9,
      message: "nope",
    });
    assert.equal(
      parse({ name: NAME, done: true, error: { code: 9, message: "m".repeat(2500) } }).error?.message,
      "m".repeat(2000),
    );
  });
  test("an error code that is not an integer becomes 2 (UNKNOWN); a message that is not a string, empty", () => {
    for (const code of ["9", 1.5, null, undefined])
      assert.equal(
        parse({ name: NAME, done: true, error: { code, message: "x" } }).error?.code,
        2,
        String(code),
      );
    for (const message of [1, null, undefined, { a: 1 }])
      assert.equal(parse({ name: NAME, done: true, error: { code: 3, message } }).error?.message, "");
  });
  test("metadata target, verb and requestedCancellation, each only with its own type", () => {
    assert.deepEqual(
      parse({
        name: NAME,
        metadata: { target: "t", verb: "create", requestedCancellation: true, other: 1 },
      }).metadata,
      { target: "t", verb: "create", requestedCancellation: true },
    );
    assert.deepEqual(parse({ name: NAME, metadata: { requestedCancellation: false } }).metadata, {
      requestedCancellation: false,
    });
    assert.deepEqual(
      parse({ name: NAME, metadata: { target: 1, verb: true, requestedCancellation: "yes" } }).metadata,
      {},
    );
    assert.deepEqual(parse({ name: NAME, metadata: { verb: "delete" } }).metadata, { verb: "delete" });
    assert.deepEqual(parse({ name: NAME, metadata: { target: "only" } }).metadata, { target: "only" });
  });
  test("no metadata from a metadata that is not an object", () => {
    for (const metadata of [null, "x", 1, true, ["target"], [{ target: "t" }]])
      assert.equal("metadata" in parse({ name: NAME, metadata }), false, JSON.stringify(metadata));
  });
});

describe("how it ended", () => {
  const op = (o: Partial<Operation>): Operation => ({ name: NAME, done: true, hasResponse: false, ...o });
  test("code 1 is CANCELLED, another code FAILED, no error SUCCEEDED", () => {
    assert.equal(endingOf(op({ error: { code: 1, message: "" } })), "CANCELLED");
    assert.equal(endingOf(op({ error: { code: 9, message: "" } })), "FAILED");
    assert.equal(endingOf(op({ hasResponse: true })), "SUCCEEDED");
  });
  test("resultErrorOf names the status", () => {
    assert.deepEqual(resultErrorOf(op({ error: { code: 9, message: "m" } })), {
      code: 9,
      status: "FAILED_PRECONDITION",
      message: "m",
    });
    assert.equal(resultErrorOf(op({ hasResponse: true })), undefined);
  });
});
