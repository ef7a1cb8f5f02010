/**
 * Credential settings (auth/settings.ts, credentials.ts, static-token.ts): what is validated up
 * front, with errors that name the option and never echo a token, and which kind of credentials
 * each combination of settings gives (precedence: noAuth, then a fixed access token, then
 * google-auth-library, which also handles an access token that is to be impersonated).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCredentials } from "../../src/auth/credentials";
import { validateCredentialSettings, type CredentialSettings } from "../../src/auth/settings";
import { fixedCredentials } from "../../src/auth/static-token";
import { assertInvalidInput } from "../helpers/invalid-input";

const SA = "deploy-bot@my-project.iam.gserviceaccount.com";
const TOKEN_RULE = /^accessToken: must be 1-4096 visible ASCII characters \(no spaces, CR or LF\)$/;

test("accepted settings: visible-ASCII tokens up to 4096 characters, project ids, service account emails", () => {
  for (const s of [
    {},
    { accessToken: "ya29.a0-b_c/d" },
    { accessToken: "t".repeat(4096) },
    { quotaProject: "my-project" },
    { quotaProject: "123456789012" },
    { quotaProject: "example.com:my-project" },
    { quotaProject: `p${"a".repeat(99)}` },
    { impersonateServiceAccount: SA },
    { impersonateServiceAccount: `${"a".repeat(63)}@p.iam.gserviceaccount.com` },
    { oauth2TokenUrl: "http://127.0.0.1:9/token", iamCredentialsEndpoint: "https://iam.example.com" },
    { universeDomain: "googleapis.com" },
    { universeDomain: "" },
  ] satisfies CredentialSettings[]) {
    assert.doesNotThrow(() => validateCredentialSettings(s), JSON.stringify(s));
  }
});

test("an access token that is empty, too long or holds spaces or line breaks is refused, never echoed", () => {
  const SECRET = "ya29.secret-value";
  for (const accessToken of [
    "",
    `${SECRET} x`,
    `${SECRET}\r\nX-Injected: 1`,
    "t".repeat(4097),
    `${SECRET}é`,
  ]) {
    assertInvalidInput(() => validateCredentialSettings({ accessToken }), "accessToken", TOKEN_RULE);
  }
});

test("quota project, service account and universe domain refusals name the option and show the value", () => {
  for (const quotaProject of ["My-Project", "-p", "my_project", `p${"a".repeat(100)}`, ""]) {
    assertInvalidInput(
      () => validateCredentialSettings({ quotaProject }),
      "quotaProject",
      // The value is shown cut at 80 characters.
      new RegExp(`^quotaProject: must be a project id or number \\(got "${quotaProject.slice(0, 80)}…?"\\)$`),
    );
  }
  for (const impersonateServiceAccount of [
    "deploy-bot",
    "Deploy@p.iam.gserviceaccount.com",
    "a_b@p.com",
    "a@",
    "a@P.com",
    `${"a".repeat(64)}@p.com`,
    `a@${"p".repeat(254)}`,
  ]) {
    assertInvalidInput(
      () => validateCredentialSettings({ impersonateServiceAccount }),
      "impersonateServiceAccount",
      /^impersonateServiceAccount: must be a service account email \(got "/,
    );
  }
  assertInvalidInput(
    () => validateCredentialSettings({ universeDomain: "Bad_Domain" }),
    "universeDomain",
    /^universeDomain: must be a DNS domain/,
  );
});

test("the token URL and the IAM endpoint receive secrets: the endpoint's rules, under their own names", () => {
  assertInvalidInput(
    () => validateCredentialSettings({ oauth2TokenUrl: "http://oauth.example.com/token" }),
    "oauth2TokenUrl",
    /^oauth2TokenUrl: http:\/\/ is allowed only for loopback hosts/,
  );
  assertInvalidInput(
    () => validateCredentialSettings({ iamCredentialsEndpoint: "https://u:pw@iam.example.com" }),
    "iamCredentialsEndpoint",
    /^iamCredentialsEndpoint: must not contain user info \(got "https:\/\/<redacted>@iam\.example\.com"\)$/,
  );
});

test("createCredentials validates first: nothing is built from refused settings", () => {
  assertInvalidInput(
    () => createCredentials({ accessToken: "a b", noAuth: true }),
    "accessToken",
    TOKEN_RULE,
  );
  assertInvalidInput(() => createCredentials({ quotaProject: "Q" }), "quotaProject", /^quotaProject:/);
});

test("an access token is sent as it is, with the quota project header; nothing to refresh", async () => {
  const c = createCredentials({ accessToken: "ya29.fixed", quotaProject: "billing-proj" });
  assert.deepEqual(await c.headers(), {
    authorization: "Bearer ya29.fixed",
    "x-goog-user-project": "billing-proj",
  });
  assert.equal(c.refreshable, false);
  c.invalidate();
  assert.deepEqual(await c.headers(), {
    authorization: "Bearer ya29.fixed",
    "x-goog-user-project": "billing-proj",
  });
  assert.deepEqual(await createCredentials({ accessToken: "ya29.fixed" }).headers(), {
    authorization: "Bearer ya29.fixed",
  });
});

test("noAuth sends no authorization at all, even with an access token; the quota project still goes", async () => {
  const c = createCredentials({ noAuth: true, accessToken: "ya29.unused", quotaProject: "billing-proj" });
  assert.deepEqual(await c.headers(), { "x-goog-user-project": "billing-proj" });
  assert.equal(c.refreshable, false);
  assert.deepEqual(await createCredentials({ noAuth: true }).headers(), {});
  // noAuth wins over everything that would need google-auth-library.
  const all = createCredentials({ noAuth: true, credentials: "{}", impersonateServiceAccount: SA });
  assert.deepEqual(await all.headers(), {});
  assert.equal(all.refreshable, false);
});

test("credentials JSON, ADC, or an access token to impersonate go through google-auth-library (refreshable)", () => {
  for (const s of [
    {},
    { credentials: '{"type": "authorized_user"}' },
    { impersonateServiceAccount: SA },
    { accessToken: "ya29.source", impersonateServiceAccount: SA },
  ] satisfies CredentialSettings[]) {
    // Built lazily: nothing is loaded or requested until headers() is called.
    assert.equal(createCredentials(s).refreshable, true, JSON.stringify(s));
  }
});

test("fixed credentials: a copy of the headers each time, so a caller's change does not leak", async () => {
  const c = fixedCredentials("tok", { "x-goog-user-project": "p" });
  const first = await c.headers();
  first["authorization"] = "changed";
  delete first["x-goog-user-project"];
  assert.deepEqual(await c.headers(), { authorization: "Bearer tok", "x-goog-user-project": "p" });
  const none = fixedCredentials(undefined, { "x-goog-user-project": "p" });
  assert.deepEqual(await none.headers(), { "x-goog-user-project": "p" });
  assert.equal(none.invalidate(), undefined);
  assert.equal(none.refreshable, false);
});
