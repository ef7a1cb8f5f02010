/**
 * Credentials JSON (auth/json.ts), as contents or a file path: what is accepted, and that every
 * refusal names the field without echoing a value that may be a secret.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { loadCredentialsJson } from "../../src/auth/json";
import { assertInvalidInput } from "../helpers/invalid-input";

const SECRET = "s3cr3t-value";

test("JSON contents, leading blanks allowed, or a file's; a PEM key may hold line breaks", () => {
  const key = {
    type: "service_account",
    private_key: "-----BEGIN\nabc\r\n-----END\n",
    nested: { list: ["a"] },
  };
  assert.deepEqual(loadCredentialsJson(`  \n${JSON.stringify(key)}`), key);
  const dir = mkdtempSync(path.join(tmpdir(), "bcops-creds-"));
  try {
    const file = path.join(dir, "key.json");
    writeFileSync(file, JSON.stringify({ type: "authorized_user" }));
    assert.deepEqual(loadCredentialsJson(file, "gcp:credentials"), { type: "authorized_user" });
    assertInvalidInput(
      () => loadCredentialsJson(path.join(dir, "missing.json")),
      "credentials",
      new RegExp(`^credentials: file could not be read \\(ENOENT\\) \\(got ".*missing\\.json"\\)$`),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("refusals name the field and never echo a secret", () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      `{"type": "x", "a": "${SECRET}"`,
      "credentials",
      /^credentials: is not valid JSON \(expected a service account key/,
    ],
    [
      `{"a": "${SECRET}"}`,
      "credentials",
      /^credentials: must be a credentials JSON object with a `type` field$/,
    ],
    [`{"type": 1}`, "credentials", /with a `type` field/],
    [
      `{"type": "x", "client_email": "a\\r\\nb"}`,
      "credentials.client_email",
      /must not contain control characters/,
    ],
    [
      `{"type": "x", "scopes": ["ok", "b\\u0000"]}`,
      "credentials.scopes[1]",
      /must not contain control characters/,
    ],
    [
      `{"type": "x", "private_key": "a\\u0007b"}`,
      "credentials.private_key",
      /must not contain control characters/,
    ],
    [`not json ${SECRET} at all\n`, "credentials", /^credentials: is neither JSON nor a file path$/],
    ["x".repeat(4097), "credentials", /is neither JSON nor a file path/],
  ];
  for (const [value, field, message] of cases) {
    assertInvalidInput(() => loadCredentialsJson(value), field, message);
    try {
      loadCredentialsJson(value);
    } catch (e) {
      assert.ok(!String((e as Error).message).includes(SECRET), `${field}: the message echoes the value`);
    }
  }
  // Not path-like (a quote): the failure does not echo it, nor keep the fs error that would.
  try {
    loadCredentialsJson(`/tmp/"${SECRET}"`);
    assert.fail("accepted");
  } catch (e) {
    assert.ok(!String((e as Error).message).includes(SECRET));
    assert.equal((e as { cause?: unknown }).cause, undefined);
  }
});

test("a file holding JSON that is not an object with a string `type` is refused", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "bcops-creds-"));
  try {
    for (const text of ["null", "[]", '"service_account"', "5", "true", '{"type": null}', '{"Type": "x"}']) {
      const file = path.join(dir, "key.json");
      writeFileSync(file, text);
      assertInvalidInput(
        () => loadCredentialsJson(file),
        "credentials",
        /^credentials: must be a credentials JSON object with a `type` field$/,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("null, numbers and booleans anywhere in the JSON are kept; strings are checked at every depth", () => {
  const json = { type: "external_account", a: null, n: 1, b: false, deep: { list: [null, 2, { s: "ok" }] } };
  assert.deepEqual(loadCredentialsJson(JSON.stringify(json)), json);
  assertInvalidInput(
    () => loadCredentialsJson('{"type": "x", "deep": {"list": [null, {"s": "a\\nb"}]}}'),
    "credentials.deep.list[1].s",
    /^credentials\.deep\.list\[1\]\.s: must not contain control characters \(CR, LF, …\)$/,
  );
});

test("an unreadable path: the fs error code; the path shown (and the fs error kept) only when path-like", () => {
  const missing = path.join(tmpdir(), "bcops-no-such-dir", "key.json");
  try {
    loadCredentialsJson(missing, "gcp:credentials");
    assert.fail("accepted");
  } catch (e) {
    assert.equal(
      (e as Error).message,
      `gcp:credentials: file could not be read (ENOENT) (got ${JSON.stringify(missing)})`,
    );
    assert.equal((e as { cause?: { code?: string } }).cause?.code, "ENOENT");
  }
  // Not path-like (a quote, or longer than 512 characters): neither shown nor kept in the cause.
  for (const [value, code] of [
    [`"${SECRET}" key.json`, "ENOENT"],
    [`key.json "${SECRET}"`, "ENOENT"],
    [`/${SECRET}${"a".repeat(520)}`, "ENAMETOOLONG"],
    [`/${"d/".repeat(300)}${SECRET}`, "ENOENT"],
  ] as const) {
    try {
      loadCredentialsJson(value);
      assert.fail("accepted");
    } catch (e) {
      assert.equal((e as Error).message, `credentials: file could not be read (${code})`);
      assert.equal((e as { cause?: unknown }).cause, undefined);
    }
  }
});

test("a path of 4096 characters is still tried; 4097 is neither JSON nor a path", () => {
  const at4096 = `/${"a".repeat(4095)}`;
  assertInvalidInput(
    () => loadCredentialsJson(at4096),
    "credentials",
    /^credentials: file could not be read \(ENAMETOOLONG\)$/,
  );
  assertInvalidInput(
    () => loadCredentialsJson(`/${"a".repeat(4096)}`),
    "credentials",
    /^credentials: is neither JSON nor a file path$/,
  );
});
