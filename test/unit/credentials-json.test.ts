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
