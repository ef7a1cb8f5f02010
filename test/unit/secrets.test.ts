/**
 * Secret sealing on the provider protocol (plugin/secrets.ts): what the plugin returns must carry
 * `credentials` and `accessToken` in the engine's secret envelope, or the engine writes them into
 * state in plaintext. Exact envelopes, deep reveal, and no double wrapping.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { reveal, sealKeys, secret } from "../../src/plugin/secrets";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const sealed = (value: unknown) => ({ [SIG]: SECRET, value });

test("secret wraps a value in the engine's envelope, once", () => {
  assert.deepEqual(secret("ya29.t"), sealed("ya29.t"));
  assert.deepEqual(secret(sealed("ya29.t")), sealed("ya29.t"));
  assert.deepEqual(secret(undefined), sealed(undefined));
  assert.deepEqual(
    secret({ [SIG]: "something else", value: 1 }),
    sealed({ [SIG]: "something else", value: 1 }),
  );
});

test("reveal unwraps every envelope, deeply, and leaves the rest as it is", () => {
  assert.equal(reveal(sealed("x")), "x");
  assert.equal(reveal(sealed(sealed("x"))), "x");
  assert.deepEqual(reveal({ a: sealed("x"), b: [sealed(1), 2, { c: sealed(true) }], d: null, e: "plain" }), {
    a: "x",
    b: [1, 2, { c: true }],
    d: null,
    e: "plain",
  });
  assert.deepEqual(reveal([sealed([sealed("in")])]), [["in"]]);
  assert.equal(reveal(7), 7);
  assert.equal(reveal(null), null);
  const notSealed = { [SIG]: "other", value: "v" };
  assert.deepEqual(reveal(notSealed), notSealed);
});

test("sealKeys seals exactly the named keys that are present, and copies", () => {
  const props = { accessToken: "ya29.t", credentials: "{}", endpoint: "https://e", trigger: undefined };
  const out = sealKeys(props, ["accessToken", "credentials", "trigger", "missing"]);
  assert.deepEqual(out, {
    accessToken: sealed("ya29.t"),
    credentials: sealed("{}"),
    endpoint: "https://e",
    trigger: undefined,
  });
  assert.ok(!("missing" in out));
  assert.equal(props.accessToken, "ya29.t", "the input is not changed");
  assert.deepEqual(sealKeys(out, ["accessToken"]), out, "sealing again changes nothing");
  assert.deepEqual(sealKeys({ a: 0, b: "", c: false }, ["a", "b", "c"]), {
    a: sealed(0),
    b: sealed(""),
    c: sealed(false),
  });
});
