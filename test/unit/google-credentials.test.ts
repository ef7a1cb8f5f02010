/**
 * Credentials through google-auth-library (auth/google.ts), without a network:
 * - which real client the library builds for which settings (credential kind and precedence, the
 *   cloud-platform scope, universe domain, token URL, impersonation, the token transport's rules);
 * - what `headers()` makes of the client's answer, through the `build` seam with a fake client.
 * ADC is pinned to a generated service-account key (GOOGLE_APPLICATION_CREDENTIALS), so nothing
 * here looks for a metadata server.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as gal from "google-auth-library";
import type { AuthClient } from "google-auth-library";
import { buildClient, googleAuthCredentials } from "../../src/auth/google";
import type { CredentialSettings } from "../../src/auth/settings";
import { BeyondCorpError, invalidInput } from "../../src/core/errors";
import { assertInvalidInput } from "../helpers/invalid-input";

const SCOPE = "https://www.googleapis.com/auth/cloud-platform";
const SA = "deploy-bot@my-project.iam.gserviceaccount.com";
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 1024,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const KEY = {
  type: "service_account",
  client_email: "key-owner@my-project.iam.gserviceaccount.com",
  private_key: privateKey,
  private_key_id: "kid-1",
  project_id: "my-project",
};
const USER = {
  type: "authorized_user",
  client_id: "cid",
  client_secret: "csecret",
  refresh_token: "1//refresh",
};
const EXTERNAL = {
  type: "external_account",
  audience: "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q",
  subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
  token_url: "https://sts.googleapis.com/v1/token",
};

let dir = "";
const savedAdc = process.env["GOOGLE_APPLICATION_CREDENTIALS"];
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), "bcops-adc-"));
  const file = path.join(dir, "adc.json");
  writeFileSync(file, JSON.stringify(KEY));
  process.env["GOOGLE_APPLICATION_CREDENTIALS"] = file;
});
after(() => {
  if (savedAdc === undefined) delete process.env["GOOGLE_APPLICATION_CREDENTIALS"];
  else process.env["GOOGLE_APPLICATION_CREDENTIALS"] = savedAdc;
  rmSync(dir, { recursive: true, force: true });
});

/** The parts of a built client that the settings decide. */
interface Built {
  scopes?: string[];
  targetScopes?: string[];
  universeDomain: string;
  endpoints?: { oauth2TokenUrl: URL | string };
  transporter: { defaults: { timeout?: number; redirect?: string } };
  stsCredential?: { transporter?: unknown };
  email?: string;
  key?: string;
  _refreshToken?: string;
  _clientId?: string;
  credentials?: { access_token?: string };
  targetPrincipal?: string;
  delegates?: string[];
  lifetime?: number;
  endpoint?: string;
  sourceClient?: AuthClient;
}
const built = async (s: CredentialSettings) => (await buildClient(s)) as unknown as Built;
/** `c` is an instance of `kind` (without narrowing `c`'s type to the library's class). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const isA = (c: unknown, kind: Function) => c instanceof kind;
const kindOf = (c: unknown) => (c as object).constructor.name;
const json = (o: object) => JSON.stringify(o);

/** Token requests follow the API's rules: the configured timeout and no redirects. */
function assertTokenTransport(c: Built, timeout = 30_000): void {
  assert.equal(c.transporter.defaults.timeout, timeout);
  assert.equal(c.transporter.defaults.redirect, "manual");
}

test("ADC (no credentials given): the library's own lookup, with the cloud-platform scope", async () => {
  const c = await built({});
  assert.ok(isA(c, gal.JWT), kindOf(c));
  assert.equal(c.email, KEY.client_email);
  assert.deepEqual(c.scopes, [SCOPE]);
  assert.equal(c.universeDomain, "googleapis.com");
  assert.equal(String(c.endpoints!.oauth2TokenUrl), "https://oauth2.googleapis.com/token");
  assertTokenTransport(c);
});

test("ADC with a universe domain, a token URL and a request timeout", async () => {
  const c = await built({
    universeDomain: "s3ns.example",
    oauth2TokenUrl: "http://127.0.0.1:9/t",
    requestTimeoutMillis: 5,
  });
  assert.equal(c.universeDomain, "s3ns.example");
  assert.equal(String(c.endpoints!.oauth2TokenUrl), "http://127.0.0.1:9/t");
  assertTokenTransport(c, 5);
});

test("a service account key: a JWT client for its email and key, cloud-platform scope, universe domain", async () => {
  const c = await built({ credentials: json(KEY), universeDomain: "s3ns.example", requestTimeoutMillis: 7 });
  assert.ok(isA(c, gal.JWT), kindOf(c));
  assert.equal(c.email, KEY.client_email);
  assert.equal(c.key, KEY.private_key);
  assert.deepEqual(c.scopes, [SCOPE]);
  assert.equal(c.universeDomain, "s3ns.example");
  assertTokenTransport(c, 7);
});

test("authorized_user: a refresh-token client, with the configured token URL", async () => {
  const c = await built({ credentials: json(USER), oauth2TokenUrl: "http://127.0.0.1:9/token" });
  assert.ok(isA(c, gal.UserRefreshClient), kindOf(c));
  assert.equal(c._refreshToken, USER.refresh_token);
  assert.equal(c._clientId, USER.client_id);
  assert.equal(String(c.endpoints!.oauth2TokenUrl), "http://127.0.0.1:9/token");
  assertTokenTransport(c);
  const plain = await built({ credentials: json(USER) });
  assert.equal(String(plain.endpoints!.oauth2TokenUrl), "https://oauth2.googleapis.com/token");
});

test("external_account: the client its credential source calls for; its STS exchange uses the same transport", async () => {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  const cases: Array<[Record<string, unknown>, Function]> = [
    [{ file: "/var/run/token" }, gal.IdentityPoolClient],
    [{ url: "http://169.254.169.254/token" }, gal.IdentityPoolClient],
    [
      {
        environment_id: "aws1",
        region_url: "http://169.254.169.254/latest/meta-data/placement/availability-zone",
        url: "http://169.254.169.254/latest/meta-data/iam/security-credentials",
        regional_cred_verification_url:
          "https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15",
      },
      gal.AwsClient,
    ],
    [{ executable: { command: "/usr/local/bin/token" } }, gal.PluggableAuthClient],
  ];
  for (const [source, kind] of cases) {
    const c = await built({
      credentials: json({ ...EXTERNAL, credential_source: source }),
      requestTimeoutMillis: 9,
    });
    assert.ok(isA(c, kind), `${json(source)}: ${kindOf(c)}`);
    assert.deepEqual(c.scopes, [SCOPE]);
    assertTokenTransport(c, 9);
    assert.ok(c.stsCredential?.transporter !== undefined);
    assert.equal(c.stsCredential.transporter, c.transporter, "the STS exchange has its own transport");
  }
});

test("an external_account_authorized_user file: its client, under the token rules", async () => {
  const eaau = await built({
    credentials: json({
      type: "external_account_authorized_user",
      audience: "//iam.googleapis.com/locations/global/workforcePools/p/providers/q",
      refresh_token: "rt",
      token_url: "https://sts.googleapis.com/v1/oauthtoken",
      client_id: "c",
      client_secret: "s",
    }),
  });
  assert.ok(isA(eaau, gal.ExternalAccountAuthorizedUserClient), kindOf(eaau));
  assertTokenTransport(eaau);
});

const IMPERSONATION_URL = `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${SA}:generateAccessToken`;

test("an impersonated_service_account file: its source built as any file, both under the token rules", async () => {
  const isa = await built({
    credentials: json({
      type: "impersonated_service_account",
      service_account_impersonation_url: IMPERSONATION_URL,
      delegates: ["hop@my-project.iam.gserviceaccount.com"],
      source_credentials: USER,
    }),
    oauth2TokenUrl: "http://127.0.0.1:9/token",
    iamCredentialsEndpoint: "http://127.0.0.1:9",
    requestTimeoutMillis: 13,
  });
  assert.ok(isA(isa, gal.Impersonated), kindOf(isa));
  assert.equal(isa.targetPrincipal, SA);
  assert.deepEqual(isa.targetScopes, [SCOPE]);
  assert.deepEqual(isa.delegates, ["hop@my-project.iam.gserviceaccount.com"]);
  assert.equal(isa.lifetime, 3600);
  assert.equal(isa.endpoint, "http://127.0.0.1:9", "the configured IAM endpoint, not the file's host");
  assertTokenTransport(isa, 13);
  const source = isa.sourceClient as unknown as Built;
  assert.ok(isA(source, gal.UserRefreshClient), kindOf(source));
  assert.equal(source._refreshToken, USER.refresh_token);
  assert.equal(String(source.endpoints!.oauth2TokenUrl), "http://127.0.0.1:9/token");
  assertTokenTransport(source, 13);

  const plain = await built({
    credentials: json({
      type: "impersonated_service_account",
      service_account_impersonation_url: IMPERSONATION_URL.replace("generateAccessToken", "generateIdToken"),
      source_credentials: { ...EXTERNAL, credential_source: { file: "/var/run/token" } },
    }),
  });
  assert.deepEqual(plain.delegates, []);
  assert.equal(plain.endpoint, "https://iamcredentials.googleapis.com");
  assert.equal(plain.targetPrincipal, SA);
  const external = plain.sourceClient as unknown as Built;
  assert.ok(isA(external, gal.IdentityPoolClient), kindOf(external));
  assertTokenTransport(external);
  assert.equal(
    external.stsCredential?.transporter,
    external.transporter,
    "the STS exchange has its own transport",
  );
});

test("an impersonation URL of 256 characters is the longest taken", async () => {
  const tail = `/serviceAccounts/${SA}:generateAccessToken`;
  const head = "https://iamcredentials.googleapis.com/v1/";
  const url = head + "p".repeat(256 - head.length - tail.length) + tail;
  assert.equal(url.length, 256);
  const c = await built({
    credentials: json({
      type: "impersonated_service_account",
      service_account_impersonation_url: url,
      source_credentials: USER,
    }),
  });
  assert.equal(c.targetPrincipal, SA);
  await assert.rejects(
    buildClient({
      credentials: json({
        type: "impersonated_service_account",
        service_account_impersonation_url: `${head}p${url.slice(head.length)}`,
        source_credentials: USER,
      }),
    }),
    (e: unknown) => BeyondCorpError.is(e) && e.field === "credentials.service_account_impersonation_url",
  );
});

test("an impersonated_service_account file that is not whole: refused naming the field and the rule", async () => {
  const file = { type: "impersonated_service_account", service_account_impersonation_url: IMPERSONATION_URL };
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [file, "credentials.source_credentials", "must be the credentials JSON of the impersonating account"],
    [
      { ...file, source_credentials: null },
      "credentials.source_credentials",
      "must be the credentials JSON of the impersonating account",
    ],
    [
      { ...file, source_credentials: [USER] },
      "credentials.source_credentials",
      "must be the credentials JSON of the impersonating account",
    ],
    ...[
      undefined,
      7,
      `${IMPERSONATION_URL}/x`,
      `https://iamcredentials.googleapis.com/${"a".repeat(300)}/serviceAccounts/x:generateAccessToken`,
    ].map((url): [Record<string, unknown>, string, string] => [
      { ...file, source_credentials: USER, service_account_impersonation_url: url },
      "credentials.service_account_impersonation_url",
      "must be a URL ending in /serviceAccounts/EMAIL:generateAccessToken, at most 256 characters",
    ]),
    [
      { ...file, source_credentials: USER, delegates: "hop@x" },
      "credentials.delegates",
      "must be a list of service account emails",
    ],
    [
      { ...file, source_credentials: USER, delegates: [1] },
      "credentials.delegates",
      "must be a list of service account emails",
    ],
  ];
  for (const [o, field, rule] of cases)
    await assert.rejects(buildClient({ credentials: json(o) }), (e: unknown) => {
      assert.ok(BeyondCorpError.is(e) && e.code === "ERR_INVALID_INPUT", String(e));
      assert.equal(e.field, field);
      assert.equal(e.message, `${field}: ${rule}`);
      return true;
    });
});

test("any other credentials type is refused, naming the field and the accepted types", async () => {
  for (const type of ["gdch_service_account", "", "SERVICE_ACCOUNT"]) {
    await assert.rejects(buildClient({ credentials: json({ ...KEY, type }) }), (e: unknown) => {
      assert.ok(BeyondCorpError.is(e) && e.code === "ERR_INVALID_INPUT", String(e));
      assert.equal(e.field, "credentials");
      assert.equal(
        e.message,
        "credentials: type must be authorized_user, service_account, external_account, external_account_authorized_user or impersonated_service_account",
      );
      return true;
    });
  }
});

test("an access token alone: a client holding that token, no library lookup", async () => {
  const c = await built({ accessToken: "ya29.given" });
  assert.ok(isA(c, gal.OAuth2Client) && !isA(c, gal.JWT), kindOf(c));
  assert.equal(c.credentials!.access_token, "ya29.given");
});

test("impersonation: the source (a given token or ADC) is exchanged for the target account's token", async () => {
  const c = await built({
    accessToken: "ya29.source",
    impersonateServiceAccount: SA,
    iamCredentialsEndpoint: "http://127.0.0.1:9",
    requestTimeoutMillis: 11,
  });
  assert.ok(isA(c, gal.Impersonated), kindOf(c));
  assert.equal(c.targetPrincipal, SA);
  assert.deepEqual(c.targetScopes, [SCOPE]);
  assert.deepEqual(c.delegates, []);
  assert.equal(c.lifetime, 3600);
  assert.equal(c.endpoint, "http://127.0.0.1:9");
  assertTokenTransport(c, 11);
  const source = c.sourceClient as unknown as Built;
  assert.equal(source.credentials!.access_token, "ya29.source");
  const fromAdc = await built({ impersonateServiceAccount: SA });
  assert.ok(isA(fromAdc, gal.Impersonated));
  assert.equal(fromAdc.endpoint, "https://iamcredentials.googleapis.com");
  assert.ok(isA(fromAdc.sourceClient, gal.JWT));
  assert.deepEqual((fromAdc.sourceClient as unknown as Built).scopes, [SCOPE]);
});

/** A fake library client whose authorization header is each of `answers` in turn. */
function fakeBuild(answers: Array<string | undefined | Error>) {
  const calls: CredentialSettings[] = [];
  let i = 0;
  const build = async (s: CredentialSettings) => {
    calls.push(s);
    return {
      async getRequestHeaders() {
        const a = answers[Math.min(i++, answers.length - 1)];
        if (a instanceof Error) throw a;
        return new Headers(a === undefined ? {} : { authorization: a });
      },
    } as unknown as AuthClient;
  };
  return { build, calls };
}

const NO_TOKEN = "could not obtain credentials: the token endpoint returned no access token";

test("headers(): the library's authorization with the quota project; the client is built once", async () => {
  const { build, calls } = fakeBuild(["Bearer ya29.one", "Bearer ya29.two"]);
  const s = { credentials: "{}" };
  const c = googleAuthCredentials(s, { "x-goog-user-project": "billing" }, build);
  assert.equal(c.refreshable, true);
  assert.equal(calls.length, 0, "built before the first request");
  assert.deepEqual(await c.headers(), { authorization: "Bearer ya29.one", "x-goog-user-project": "billing" });
  assert.deepEqual(await c.headers(), { authorization: "Bearer ya29.two", "x-goog-user-project": "billing" });
  assert.deepEqual(calls, [s]);
});

test("invalidate(): the next headers() builds a new client", async () => {
  const { build, calls } = fakeBuild(["Bearer a"]);
  const c = googleAuthCredentials({}, {}, build);
  await c.headers();
  c.invalidate();
  assert.deepEqual(await c.headers(), { authorization: "Bearer a" });
  assert.equal(calls.length, 2);
});

test("a token response without an access token is refused (and the next call starts afresh)", async () => {
  // "Bearer " (an empty token) arrives as "Bearer": header values are trimmed.
  for (const answer of [undefined, "", "Bearer undefined", "Bearer null", "Bearer ", "Bearer"]) {
    const { build, calls } = fakeBuild([answer, "Bearer ok"]);
    const c = googleAuthCredentials({}, {}, build);
    await assert.rejects(c.headers(), (e: unknown) => {
      assert.ok(BeyondCorpError.is(e), String(e));
      assert.equal(e.code, "ERR_CREDENTIALS");
      assert.equal(e.message, NO_TOKEN);
      return true;
    });
    assert.deepEqual(await c.headers(), { authorization: "Bearer ok" }, String(answer));
    assert.equal(calls.length, 2, "a failed client is not reused");
  }
});

test("every other authorization value is passed on as it is", async () => {
  for (const value of [
    "Bearer nullable",
    "Bearer undefined.x",
    "Bearer a Bearer null",
    "Bearer a Bearer",
    "Bearers",
  ]) {
    const c = googleAuthCredentials({}, {}, fakeBuild([value]).build);
    assert.deepEqual(await c.headers(), { authorization: value });
  }
});

test("a library failure: ERR_CREDENTIALS with a redacted message and the HTTP status, no raw cause", async () => {
  const failure = Object.assign(new Error('invalid_grant: refresh token "1//0gSecret-value" revoked'), {
    status: 400,
    config: { data: "refresh_token=1//0gSecret-value" },
  });
  const { build, calls } = fakeBuild([failure, "Bearer later"]);
  const c = googleAuthCredentials({}, {}, build);
  await assert.rejects(c.headers(), (e: unknown) => {
    assert.ok(BeyondCorpError.is(e), String(e));
    assert.equal(e.code, "ERR_CREDENTIALS");
    assert.equal(
      e.message,
      "could not obtain credentials: invalid_grant: refresh token [redacted] revoked (HTTP 400)",
    );
    assert.ok(!JSON.stringify(e, Object.getOwnPropertyNames(e)).includes("0gSecret"));
    assert.notEqual((e as { cause?: unknown }).cause, failure);
    return true;
  });
  assert.deepEqual(await c.headers(), { authorization: "Bearer later" });
  assert.equal(calls.length, 2);
});

test("an invalid-input error while building (a bad credentials file) is passed on as it is", async () => {
  const refusal = invalidInput("credentials", "must be a credentials JSON object with a `type` field");
  const c = googleAuthCredentials({}, {}, async () => {
    throw refusal;
  });
  await assert.rejects(c.headers(), (e: unknown) => e === refusal);
  // The same through the real build: the field and the rule, not "could not obtain credentials".
  const real = googleAuthCredentials({ credentials: json({ type: "api_key" }) }, {});
  await assert.rejects(real.headers(), (e: unknown) => {
    assertInvalidInput(
      () => {
        throw e;
      },
      "credentials",
      /^credentials: type must be authorized_user, service_account, /,
    );
    return true;
  });
});
