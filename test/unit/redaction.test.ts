import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { redactCredentialMessage as redact } from "../../src/auth/redact";
import { propertyRuns } from "../helpers/property-runs";

/** A secret none of the token-shaped rules knows, so only the rule under test can hide it. */
const OPAQUE = "s3cr3t-opaque_Value.42";

test("Bearer values become `Bearer [redacted]`, whatever the case of `Bearer`, up to the next space", () => {
  assert.equal(
    redact(`request failed: Authorization: Bearer ${OPAQUE} was rejected`),
    "request failed: Authorization: Bearer [redacted] was rejected",
  );
  assert.equal(redact(`header bearer ${OPAQUE}`), "header Bearer [redacted]");
  assert.equal(redact(`BEARER\t${OPAQUE}, retrying`), "Bearer [redacted] retrying");
});

test("token-shaped strings become [redacted]: ya29. access tokens, eyJ… JWTs, 1//… refresh tokens", () => {
  assert.equal(
    redact("invalid token ya29.a0AfB_byC-x/9Zq.w for this request"),
    "invalid token [redacted] for this request",
  );
  assert.equal(
    redact("assertion eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln-bmF0_dXJl rejected"),
    "assertion [redacted] rejected",
  );
  assert.equal(redact("refresh token 1//0gAbC-dEf_ghi/jk expired"), "refresh token [redacted] expired");
  assert.equal(redact("got ya29.abc,eyJx.y;1//z"), "got [redacted],[redacted];[redacted]");
});

test("quoted values become [redacted], for each quote character, and an unterminated quote to the end", () => {
  assert.equal(redact(`invalid_grant: "${OPAQUE}" is not valid`), "invalid_grant: [redacted] is not valid");
  assert.equal(redact(`field '${OPAQUE}' rejected`), "field [redacted] rejected");
  assert.equal(redact(`header \`${OPAQUE}\` dropped`), "header [redacted] dropped");
  assert.equal(redact(`a "x" and "${OPAQUE}" b`), "a [redacted] and [redacted] b");
  assert.equal(
    redact(`Unexpected end of JSON input: {"access_token": "${OPAQUE}`),
    "Unexpected end of JSON input: {[redacted]: [redacted]",
  );
});

test("control characters become spaces, so a message stays one line", () => {
  assert.equal(redact("line one\r\nX-Injected: 1\u0000"), "line one  X-Injected: 1 ");
});

test("the message is cut at 300 characters", () => {
  assert.equal(redact("a".repeat(1000)).length, 300);
});

test("harmless text is kept as it is", () => {
  for (const text of [
    "invalid_grant: Token has been expired or revoked.",
    "request to https://oauth2.googleapis.com/token failed, reason: connect ECONNREFUSED 127.0.0.1:443",
    "The caller does not have permission (HTTP 403)",
    "No access, refresh token, API key or refresh handler callback is set.",
    "Bearer",
    "",
  ]) {
    assert.equal(redact(text), text);
  }
});

test("property: a secret in any of the redacted forms, inside any quote-free text, never survives", () => {
  const word = fc.stringMatching(/^[A-Za-z0-9 .,:;()/_=-]{0,40}$/);
  const secret = fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/);
  const forms = [
    (s: string) => `Bearer ${s}`,
    (s: string) => `"${s}"`,
    (s: string) => `'${s}'`,
    (s: string) => `\`${s}\``,
    (s: string) => `ya29.${s}`,
    (s: string) => `eyJ${s}.${s}`,
    (s: string) => `1//${s}`,
    (s: string) => `{"token": "${s}`,
  ];
  fc.assert(
    fc.property(word, secret, fc.integer({ min: 0, max: forms.length - 1 }), word, (pre, s, i, post) => {
      const out = redact(`${pre} ${forms[i]!(s)} ${post}`);
      assert.ok(!out.includes(s), JSON.stringify(out));
      assert.ok(out.includes("[redacted]"), JSON.stringify(out));
    }),
    { numRuns: propertyRuns(2000) },
  );
});
