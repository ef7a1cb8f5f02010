/**
 * The rules for URLs that receive a bearer token or another secret (auth/endpoint.ts): https, or
 * http on loopback only; no user info, query or fragment; for the API endpoint no path. Each refusal
 * names the field and the rule, and never echoes user info (which may hold a password).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  checkSecureUrl,
  endpointForUniverse,
  isLoopbackHost,
  normalizeEndpoint,
} from "../../src/auth/endpoint";
import { BeyondCorpError } from "../../src/core/errors";
import { assertInvalidInput } from "../helpers/invalid-input";

const DEFAULT = "https://beyondcorp.googleapis.com";
/** `text` as the error's `(got …)` suffix shows it. */
const got = (text: string) => ` (got ${JSON.stringify(text)})`;
const exactly = (message: string) => new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

test("loopback hosts: localhost, ::1 (bare or bracketed) and every 127.x.y.z address, nothing else", () => {
  for (const host of ["localhost", "::1", "[::1]", "127.0.0.1", "127.1.22.255", "127.100.200.250"]) {
    assert.equal(isLoopbackHost(host), true, host);
  }
  for (const host of [
    "",
    "a127.0.0.1",
    "10.127.0.0.1",
    "127.0.0.1.example.com",
    "127.0.0",
    "127.0.0.1000",
    "127.a.b.c",
    "128.0.0.1",
    "::2",
    "localhost.example.com",
    "example.com",
  ]) {
    assert.equal(isLoopbackHost(host), false, host);
  }
});

test("an endpoint is reduced to its origin; none given (or empty) is the default endpoint", () => {
  assert.equal(normalizeEndpoint(undefined), DEFAULT);
  assert.equal(normalizeEndpoint(""), DEFAULT);
  assert.equal(normalizeEndpoint("https://beyondcorp.googleapis.com/"), DEFAULT);
  assert.equal(normalizeEndpoint("https://private.example.com:8443"), "https://private.example.com:8443");
  assert.equal(normalizeEndpoint("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
  assert.equal(normalizeEndpoint("http://127.10.200.3:80/"), "http://127.10.200.3");
  assert.equal(normalizeEndpoint("http://localhost:9"), "http://localhost:9");
  assert.equal(normalizeEndpoint("http://[::1]:9/"), "http://[::1]:9");
});

test("each refusal names the field and the rule, with the exact message", () => {
  const cases: Array<[string, string]> = [
    ["https://host .com", "endpoint: must not contain whitespace or control characters"],
    ["https://host.com\r\n", "endpoint: must not contain whitespace or control characters"],
    [
      "beyondcorp.googleapis.com",
      `endpoint: must be an absolute URL like https://beyondcorp.googleapis.com${got("beyondcorp.googleapis.com")}`,
    ],
    ["ftp://example.com", `endpoint: scheme must be https (or http on loopback)${got("ftp://example.com")}`],
    [
      "http://example.com",
      `endpoint: http:// is allowed only for loopback hosts (127.0.0.1, ::1, localhost); use https${got("http://example.com")}`,
    ],
    [
      "http://128.0.0.1",
      `endpoint: http:// is allowed only for loopback hosts (127.0.0.1, ::1, localhost); use https${got("http://128.0.0.1")}`,
    ],
    ["https://h.com/?a=1", `endpoint: must not contain a query or fragment${got("https://h.com/?a=1")}`],
    ["https://h.com/#top", `endpoint: must not contain a query or fragment${got("https://h.com/#top")}`],
    ["https://h.com/?", `endpoint: must not contain a query or fragment${got("https://h.com/?")}`],
    ["https://h.com/#", `endpoint: must not contain a query or fragment${got("https://h.com/#")}`],
    [
      "https://h.com/v1",
      `endpoint: must not contain a path (the API version is added by the client)${got("https://h.com/v1")}`,
    ],
  ];
  for (const [input, message] of cases) {
    assertInvalidInput(() => normalizeEndpoint(input), "endpoint", exactly(message));
  }
  assertInvalidInput(
    () => normalizeEndpoint("https://h.com/v1", "gcp:endpoint"),
    "gcp:endpoint",
    /^gcp:endpoint: must not contain a path/,
  );
});

test("a URL that is not parseable keeps the parser's error as the cause", () => {
  try {
    normalizeEndpoint("not-a-url");
    assert.fail("accepted");
  } catch (e) {
    assert.ok(BeyondCorpError.is(e));
    const cause = (e as { cause?: unknown }).cause as { code?: string } | undefined;
    assert.ok(cause instanceof TypeError, String(cause));
    assert.equal(cause.code, "ERR_INVALID_URL");
  }
});

test("user info is refused and never shown: the password is redacted, an @ in the path is not user info", () => {
  const SECRET = "hunter2-pw";
  for (const [input, shown] of [
    [`https://admin:${SECRET}@example.com/`, "https://<redacted>@example.com/"],
    [`https://${SECRET}@example.com`, "https://<redacted>@example.com"],
    [`http://u:${SECRET}@127.0.0.1:8080`, "http://<redacted>@127.0.0.1:8080"],
  ] as const) {
    assertInvalidInput(
      () => normalizeEndpoint(input),
      "endpoint",
      exactly(`endpoint: must not contain user info${got(shown)}`),
    );
  }
  // Other refusals redact user info too, whatever the rule that refused.
  assertInvalidInput(
    () => normalizeEndpoint(`ftp://u:${SECRET}@example.com`),
    "endpoint",
    exactly(`endpoint: scheme must be https (or http on loopback)${got("ftp://<redacted>@example.com")}`),
  );
  assertInvalidInput(
    () => normalizeEndpoint(`http://u:${SECRET}@example.com`),
    "endpoint",
    /\(got "http:\/\/<redacted>@example\.com"\)$/,
  );
  // An @ after the host is in the path, not user info: shown as it is.
  assertInvalidInput(
    () => normalizeEndpoint("https://h.com/p:x@y?q"),
    "endpoint",
    exactly(`endpoint: must not contain a query or fragment${got("https://h.com/p:x@y?q")}`),
  );
});

test("URLs that receive secrets (token URL, IAM endpoint) follow the same rules, with a path allowed", () => {
  assert.equal(
    checkSecureUrl("https://oauth2.example.com/token", "oauth2TokenUrl"),
    "https://oauth2.example.com/token",
  );
  assert.equal(
    checkSecureUrl("http://127.0.0.1:9/v1/token", "oauth2TokenUrl"),
    "http://127.0.0.1:9/v1/token",
  );
  assertInvalidInput(
    () => checkSecureUrl(42, "oauth2TokenUrl"),
    "oauth2TokenUrl",
    /^oauth2TokenUrl: must be a URL string$/,
  );
  assertInvalidInput(
    () => checkSecureUrl(undefined, "iamCredentialsEndpoint"),
    "iamCredentialsEndpoint",
    /^iamCredentialsEndpoint: must be a URL string$/,
  );
  assertInvalidInput(
    () => checkSecureUrl("token", "oauth2TokenUrl"),
    "oauth2TokenUrl",
    exactly(
      `oauth2TokenUrl: must be an absolute URL like https://oauth2.googleapis.com/token${got("token")}`,
    ),
  );
  assertInvalidInput(
    () => checkSecureUrl("https://iam.example.com/?key=1", "iamCredentialsEndpoint"),
    "iamCredentialsEndpoint",
    /^iamCredentialsEndpoint: must not contain a query or fragment/,
  );
});

test("the default endpoint of a universe domain: googleapis.com's is the default; others must be DNS domains", () => {
  assert.equal(endpointForUniverse(undefined), DEFAULT);
  assert.equal(endpointForUniverse(""), DEFAULT);
  assert.equal(endpointForUniverse("googleapis.com"), DEFAULT);
  assert.equal(endpointForUniverse("a.b.cloud"), "https://beyondcorp.a.b.cloud");
  assert.equal(endpointForUniverse("x.example.co"), "https://beyondcorp.x.example.co");
  assert.equal(
    endpointForUniverse("apis-eu.sovereign.example"),
    "https://beyondcorp.apis-eu.sovereign.example",
  );
  for (const bad of ["localhost", "Bad.com", "-a.com", "a-.com", "a..com", "a.com.", "a_b.com", "a.com/x"]) {
    assertInvalidInput(
      () => endpointForUniverse(bad),
      "universeDomain",
      exactly(`universeDomain: must be a DNS domain such as googleapis.com${got(bad)}`),
    );
  }
});
