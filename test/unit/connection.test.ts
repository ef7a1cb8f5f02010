/**
 * Connection precedence (client/connection.ts), without a socket: where each setting comes from
 * (option, then stack config, then the environment), how an auth source hides the layers below it,
 * and the errors that name the field at fault. The integration suites prove the same through real
 * requests; this is the seam mutation testing runs against.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { connectionFromEnv, resolveConnection } from "../../src/client/connection";
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_PAGES,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MILLIS,
  DEFAULT_RETRY,
} from "../../src/options/defaults";
import { assertInvalidInput } from "../helpers/invalid-input";

const OPT = "https://option.example.com";
const CFG = "https://stack.example.com";
const ENV = "https://env.example.com";

describe("connectionFromEnv: Pulumi's GCP provider conventions", () => {
  test("each variable, the first non-empty of a list winning", () => {
    assert.deepEqual(
      connectionFromEnv({
        GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT: ENV,
        GOOGLE_CREDENTIALS: "",
        GOOGLE_CLOUD_KEYFILE_JSON: "second",
        GCLOUD_KEYFILE_JSON: "third",
        GOOGLE_OAUTH_ACCESS_TOKEN: "ya29.env",
        GOOGLE_IMPERSONATE_SERVICE_ACCOUNT: "sa@p.iam.gserviceaccount.com",
        GOOGLE_UNIVERSE_DOMAIN: "example.com",
      }),
      {
        endpoint: ENV,
        credentials: "second",
        accessToken: "ya29.env",
        impersonateServiceAccount: "sa@p.iam.gserviceaccount.com",
        universeDomain: "example.com",
      },
    );
    assert.deepEqual(connectionFromEnv({ GOOGLE_CREDENTIALS: "first", GCLOUD_KEYFILE_JSON: "x" }), {
      credentials: "first",
    });
    assert.deepEqual(connectionFromEnv({ GCLOUD_KEYFILE_JSON: "third" }), { credentials: "third" });
    assert.deepEqual(connectionFromEnv({}), {});
  });

  test("the billing project only with USER_PROJECT_OVERRIDE=true or 1", () => {
    for (const override of ["true", "TRUE", "1"])
      assert.equal(
        connectionFromEnv({ GOOGLE_BILLING_PROJECT: "bill", USER_PROJECT_OVERRIDE: override }).quotaProject,
        "bill",
        override,
      );
    for (const override of [undefined, "", "false", "0", "yes", "true1", "1true"])
      assert.equal(
        connectionFromEnv({
          GOOGLE_BILLING_PROJECT: "bill",
          ...(override === undefined ? {} : { USER_PROJECT_OVERRIDE: override }),
        }).quotaProject,
        undefined,
        String(override),
      );
    assert.equal(connectionFromEnv({ USER_PROJECT_OVERRIDE: "true" }).quotaProject, undefined);
  });
});

describe("resolveConnection: option, then stack config, then environment", () => {
  const env = {
    GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT: ENV,
    GOOGLE_IMPERSONATE_SERVICE_ACCOUNT: "env-sa@p.iam.gserviceaccount.com",
    GOOGLE_BILLING_PROJECT: "env-bill",
    USER_PROJECT_OVERRIDE: "true",
  };

  test("the endpoint: each layer wins over the ones below it; none gives Google's", () => {
    assert.equal(resolveConnection({ endpoint: OPT }, env, { endpoint: CFG }).endpoint, OPT);
    assert.equal(resolveConnection({}, env, { endpoint: CFG }).endpoint, CFG);
    assert.equal(resolveConnection({}, env, {}).endpoint, ENV);
    assert.equal(resolveConnection({}, {}).endpoint, "https://beyondcorp.googleapis.com");
    assert.equal(resolveConnection({ endpoint: `${OPT}/` }, {}).endpoint, OPT, "normalized to the origin");
  });

  test("a bad endpoint names where it came from", () => {
    assertInvalidInput(() => resolveConnection({ endpoint: "ftp://x" }, {}), "endpoint", /^endpoint: /);
    assertInvalidInput(
      () => resolveConnection({}, {}, { endpoint: "https://x.example.com/v1" }),
      "gcp:beyondcorpCustomEndpoint",
      /must not contain a path/,
    );
    assertInvalidInput(
      () => resolveConnection({}, { GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT: "http://example.com" }),
      "GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT",
      /^GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT: /,
    );
  });

  test("a universe domain gives the endpoint when none is set, from any layer", () => {
    assert.equal(
      resolveConnection({ universeDomain: "example.com" }, {}).endpoint,
      "https://beyondcorp.example.com",
    );
    assert.equal(
      resolveConnection({}, { GOOGLE_UNIVERSE_DOMAIN: "example.com" }).endpoint,
      "https://beyondcorp.example.com",
    );
    assert.equal(resolveConnection({ universeDomain: "example.com", endpoint: OPT }, {}).endpoint, OPT);
    assert.equal(
      resolveConnection({ universeDomain: "example.com" }, {}).credentials.universeDomain,
      "example.com",
    );
    assertInvalidInput(
      () => resolveConnection({ universeDomain: "not a domain" }, {}),
      "universeDomain",
      /DNS domain/,
    );
  });

  test("the auth source: the highest layer that has one supplies it whole and hides the rest", () => {
    const envAuth = { GOOGLE_OAUTH_ACCESS_TOKEN: "ya29.env", GOOGLE_CREDENTIALS: "{env}" };
    // The option's credentials hide the stack's and the environment's access tokens.
    assert.deepEqual(
      resolveConnection({ credentials: "{opt}" }, envAuth, { accessToken: "ya29.cfg" }).credentials,
      {
        credentials: "{opt}",
        requestTimeoutMillis: DEFAULT_REQUEST_TIMEOUT_MILLIS,
      },
    );
    // The stack's config hides the environment's.
    assert.deepEqual(resolveConnection({}, envAuth, { credentials: "{cfg}" }).credentials, {
      credentials: "{cfg}",
      requestTimeoutMillis: DEFAULT_REQUEST_TIMEOUT_MILLIS,
    });
    // Within the winning layer both fields are kept (the access token wins when used).
    assert.deepEqual(resolveConnection({}, envAuth).credentials, {
      accessToken: "ya29.env",
      credentials: "{env}",
      requestTimeoutMillis: DEFAULT_REQUEST_TIMEOUT_MILLIS,
    });
    assert.deepEqual(resolveConnection({ accessToken: "ya29.opt" }, envAuth).credentials, {
      accessToken: "ya29.opt",
      requestTimeoutMillis: DEFAULT_REQUEST_TIMEOUT_MILLIS,
    });
    assert.deepEqual(resolveConnection({}, {}).credentials, {
      requestTimeoutMillis: DEFAULT_REQUEST_TIMEOUT_MILLIS,
    });
  });

  test("every other setting: its own highest layer", () => {
    const c = resolveConnection({ quotaProject: "opt-bill" }, env, {
      impersonateServiceAccount: "cfg-sa@p.iam.gserviceaccount.com",
    }).credentials;
    assert.equal(c.impersonateServiceAccount, "cfg-sa@p.iam.gserviceaccount.com");
    assert.equal(c.quotaProject, "opt-bill");
    const e = resolveConnection({}, env).credentials;
    assert.equal(e.impersonateServiceAccount, "env-sa@p.iam.gserviceaccount.com");
    assert.equal(e.quotaProject, "env-bill");
    const o = resolveConnection(
      {
        noAuth: true,
        oauth2TokenUrl: "https://t.example.com/token",
        iamCredentialsEndpoint: "https://i.example.com",
      },
      {},
    ).credentials;
    assert.equal(o.noAuth, true);
    assert.equal(o.oauth2TokenUrl, "https://t.example.com/token");
    assert.equal(o.iamCredentialsEndpoint, "https://i.example.com");
    for (const k of [
      "noAuth",
      "oauth2TokenUrl",
      "iamCredentialsEndpoint",
      "impersonateServiceAccount",
      "quotaProject",
      "universeDomain",
    ])
      assert.ok(!(k in resolveConnection({}, {}).credentials), `${k} absent when unset`);
  });

  test("the defaults and the limits, each bound accepted and one past it refused by name", () => {
    const d = resolveConnection({}, {});
    assert.deepEqual(
      [d.apiVersion, d.requestTimeoutMillis, d.maxResponseBytes, d.maxPages, d.maxAttempts, d.retry],
      [
        "v1",
        DEFAULT_REQUEST_TIMEOUT_MILLIS,
        DEFAULT_MAX_RESPONSE_BYTES,
        DEFAULT_MAX_PAGES,
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_RETRY,
      ],
    );
    assert.equal(resolveConnection({ apiVersion: "v1alpha" }, {}).apiVersion, "v1alpha");
    assertInvalidInput(
      () => resolveConnection({ apiVersion: "v2" as never }, {}),
      "apiVersion",
      /must be one of v1, v1alpha \(got "v2"\)/,
    );
    const limits = [
      ["requestTimeoutMillis", 1, 3_600_000],
      ["maxResponseBytes", 1024, 2 ** 30],
      ["maxPages", 1, 100_000],
      ["maxAttempts", 1, 100],
    ] as const;
    for (const [field, min, max] of limits) {
      for (const ok of [min, max])
        assert.equal(resolveConnection({ [field]: ok }, {})[field], ok, `${field}=${ok}`);
      for (const bad of [min - 1, max + 1, min + 0.5])
        assertInvalidInput(
          () => resolveConnection({ [field]: bad }, {}),
          field,
          new RegExp(`^${field}: must be an integer from ${min} to ${max}`),
        );
    }
    assert.equal(resolveConnection({ requestTimeoutMillis: 5 }, {}).credentials.requestTimeoutMillis, 5);
    const retry = { initialDelayMillis: 1, maxDelayMillis: 2, multiplier: 1, jitter: 0 };
    assert.equal(resolveConnection({ retry }, {}).retry, retry);
  });
});
