/**
 * Issue 6 (security), input side: every input that can reach a header or a URL refuses CR/LF and
 * other control characters with an error naming the field, and an http:// endpoint is accepted only
 * on loopback. Properties run 10,000 times each over strings full of control characters.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { OperationsClient } from "../../src/client/operations-client";
import { checkFilter } from "../../src/client/filter";
import { createCredentials } from "../../src/auth/credentials";
import { loadCredentialsJson } from "../../src/auth/json";
import { validateCredentialSettings, type CredentialSettings } from "../../src/auth/settings";
import { isLoopbackHost, normalizeEndpoint } from "../../src/auth/endpoint";
import { BeyondCorpError } from "../../src/core/errors";
import {
  formatLocation,
  formatOperation,
  operationPath,
  operationsCollectionPath,
  parseLocationName,
  parseOperationName,
} from "../../src/lro/names";
import { checkInputs } from "../../src/pulumi/inputs";
import { checkTarget, watchFilter } from "../../src/wait/watch";
import { propertyRuns as runsOf } from "../helpers/property-runs";

const RUNS = runsOf(10_000);
let propertyRuns = 0;
/** Accepted inputs per property: shows the properties are not vacuous. */
const accepted: Record<string, number> = {};
const accept = (key: string) => (accepted[key] = (accepted[key] ?? 0) + 1);
const ORIGIN = "https://beyondcorp.googleapis.com";
const NO_ENV = {} as NodeJS.ProcessEnv;
const P = "projects/my-project/locations/global";
const OP = `${P}/operations/op-1`;
/** Visible ASCII only: what a header value, a path or a query may contain after validation. */
const VISIBLE = /^[\x21-\x7e]*$/;

/** Run a property RUNS times and count the runs. */
function check<T>(arb: fc.Arbitrary<T>, predicate: (v: T) => void): void {
  fc.assert(
    fc.property(arb, (v) => {
      propertyRuns++;
      predicate(v);
    }),
    { numRuns: RUNS },
  );
}

/** Whether `fn` throws an ERR_INVALID_INPUT; any other error fails the test. */
function refused(fn: () => unknown): BeyondCorpError | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    assert.ok(BeyondCorpError.is(err) && err.code === "ERR_INVALID_INPUT", String(err));
    return err;
  }
}

/** Assert `fn` is refused with `field` named (in `field` and at the start of the message). */
function assertRefused(fn: () => unknown, field: string, secret?: string): void {
  const err = refused(fn);
  assert.ok(err, `${field}: expected a refusal`);
  assert.equal(err.field, field, err.message);
  assert.ok(err.message.startsWith(`${field}: `), err.message);
  if (secret !== undefined)
    assert.ok(!err.message.includes(secret), `the error echoes a secret: ${err.message}`);
}

const CONTROL_PIECES = [
  "\r",
  "\n",
  "\r\n",
  "\r\nX-Injected: 1",
  "\u0000",
  "\t",
  "\u000b",
  "\u001f",
  "\u007f",
];
const TRICK_PIECES = [
  " ",
  "\u0085",
  "\u00a0",
  "\u2028",
  "\ufeff",
  "\uff0f",
  "\u3002",
  "%0d%0a",
  "%2F",
  "%2e%2e",
];
const INJECTIONS = [...CONTROL_PIECES, ...TRICK_PIECES];
const hasControl = (s: string) => /[\u0000-\u001f\u007f]/.test(s); // eslint-disable-line no-control-regex

/** Strings built from name fragments, path tricks and control characters. */
function fragments(pieces: readonly string[], maxLength = 14): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...pieces), { maxLength }).map((a) => a.join(""));
}

/** A valid value with one injection somewhere in it. */
function injected(valid: string, pieces: readonly string[] = CONTROL_PIECES): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat({ max: valid.length }), fc.constantFrom(...pieces))
    .map(([at, bad]) => `${valid.slice(0, at)}${bad}${valid.slice(at)}`);
}

/** Usually one of `valid`, sometimes a noisy fragment or a valid value with an injection. */
function seg(valid: readonly string[], noise: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fragments(noise, 3) },
    { weight: 1, arbitrary: fc.constantFrom(...valid).chain((v) => injected(v, INJECTIONS)) },
  );
}

after(() => {
  process.stdout.write(
    `# security-inputs: ${propertyRuns} property runs; accepted ${JSON.stringify(accepted)}\n`,
  );
});

describe("properties: nothing accepted holds a control character or leaves its API path", () => {
  const NAME_PIECES = [
    ...["projects/", "organizations/", "folders/", "my-project", "123", "/locations/", "global", "us-east1"],
    ...["/operations/", "op-1", "A_b.9", "v1/", "v1alpha/", "..", ".", "/", "//", "?", "#", "@", "\\", ":"],
    ...INJECTIONS,
    "Host: evil",
  ];
  const SEP = seg(["/"], ["//", "/../", "\\", "/./", "%2F", "/\r\n/"]);
  const parentArb = fc
    .tuple(
      seg(["", "v1/", "v1alpha/"], ["v2/", "/", "v1", "V1/"]),
      seg(["projects", "organizations"], NAME_PIECES),
      seg(["my-project", "123456", "demo-proj-9", "example.com:my-project"], NAME_PIECES),
      seg(["locations"], NAME_PIECES),
      seg(["global", "us-central1", "europe-west1"], NAME_PIECES),
      fc.array(SEP, { minLength: 3, maxLength: 3 }),
    )
    .map(([v, kind, id, locs, loc, sep]) => `${v}${kind}${sep[0]}${id}${sep[1]}${locs}${sep[2]}${loc}`);
  const namey = fc
    .tuple(
      parentArb,
      SEP,
      seg(["operations"], NAME_PIECES),
      SEP,
      seg(["op-1", "operation-17.a_b", "A9", "x".repeat(200)], NAME_PIECES),
    )
    .map((parts) => parts.join(""));

  const assertSafePath = (path: string) => {
    assert.ok(VISIBLE.test(path), JSON.stringify(path));
    const url = new URL(path, ORIGIN);
    assert.equal(url.origin, ORIGIN);
    assert.equal(url.pathname, path, "the path is used as given: no re-encoding, no dot segments");
    assert.ok(!/%(?!3A)/.test(path), `only ':' (domain-scoped projects) is percent-encoded: ${path}`);
    assert.equal(url.search + url.hash, "");
    assert.ok(/^\/v1(alpha)?\/(projects|organizations)\//.test(path), path);
    assert.ok(!path.split("/").some((s) => s === "." || s === ".."), path);
  };

  test(`operation names (${RUNS} runs)`, () => {
    check(namey, (input) => {
      let name;
      try {
        name = parseOperationName(input);
      } catch (err) {
        assert.ok(BeyondCorpError.is(err) && err.field === "name", String(err));
        return;
      }
      accept("names");
      assert.ok(VISIBLE.test(formatOperation(name)));
      const path = operationPath(name);
      assert.equal(decodeURIComponent(path), `/${name.apiVersion}/${formatOperation(name)}`);
      assertSafePath(path);
      assertSafePath(`${path}:cancel`);
    });
  });

  test(`parents (${RUNS} runs)`, () => {
    check(parentArb, (input) => {
      let parent;
      try {
        parent = parseLocationName(input);
      } catch (err) {
        assert.ok(BeyondCorpError.is(err) && err.field === "parent", String(err));
        return;
      }
      accept("parents");
      const path = operationsCollectionPath(parent);
      assert.equal(decodeURIComponent(path), `/${parent.apiVersion}/${formatLocation(parent)}/operations`);
      assertSafePath(path);
    });
  });

  test(`filters and targets (${RUNS} runs)`, () => {
    const FILTER_PIECES = [
      "done=false",
      " AND ",
      'metadata.target="',
      '"',
      "&",
      "=",
      "#",
      "?",
      "/",
      "%",
      ...INJECTIONS,
    ];
    const TARGETS = [`${P}/securityGateways/gw`, `${P}/appConnectors/c-1`, "//beyondcorp.googleapis.com/x"];
    const inputs = fc.oneof(
      fc.tuple(fragments(FILTER_PIECES), fc.constant(false)),
      fc.tuple(seg(TARGETS, FILTER_PIECES), fc.constant(true)),
    );
    check(inputs, ([input, asTarget]) => {
      if (asTarget) {
        if (refused(() => checkTarget(input, "targets[0]"))) return;
        accept("targets");
        assert.ok(VISIBLE.test(input), JSON.stringify(input));
        assert.ok(!hasControl(watchFilter({ parent: parseLocationName(P), targets: [input] })));
        return;
      }
      if (refused(() => checkFilter(input))) return;
      accept("filters");
      assert.ok(!hasControl(input), JSON.stringify(input));
      const path = `/v1/${P}/operations`;
      const url = new URL(path, ORIGIN);
      url.searchParams.set("pageSize", "1000");
      url.searchParams.set("filter", input);
      assert.ok(VISIBLE.test(url.href), url.href);
      assert.equal(url.origin, ORIGIN);
      assert.equal(url.pathname, path);
      assert.deepEqual([...url.searchParams.keys()], ["pageSize", "filter"]);
      assert.equal(url.searchParams.get("filter"), input);
    });
  });

  test(`endpoints: https, or http on loopback only (${RUNS} runs)`, () => {
    const endpoints = fc
      .tuple(
        seg(
          ["http://", "https://", "HTTP://", "http:", "http:/"],
          ["ftp://", "//", "", "file://", "https:\\\\"],
        ),
        seg([""], ["u@", "u:p@", "127.0.0.1@", "evil.com@", "localhost:1@"]),
        fc.constantFrom(
          ...["127.0.0.1", "localhost", "[::1]", "example.com", "10.0.0.1", "127.0.0.1.evil.com"],
          ...[
            "[::ffff:127.0.0.1]",
            "[::ffff:7f00:1]",
            "0x7f.1",
            "127.1",
            "2130706433",
            "localhost.",
            "0.0.0.0",
          ],
          ...[
            "evil.com\\.127.0.0.1",
            "127\u30020.0.1",
            "[::]",
            "localhost.evil.com",
            "beyondcorp.googleapis.com",
          ],
        ),
        fc.constantFrom("", ":443", ":8080", ":0", ":99999"),
        seg(["", "/"], ["/v1", "?x=1", "#f", "\\@evil.com", "%0d%0a", "@evil.com"]),
        fc.oneof(
          { weight: 4, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 60 }), fc.constantFrom(...INJECTIONS)) },
        ),
      )
      .map(([scheme, user, host, port, tail, inj]) => {
        const s = `${scheme}${user}${host}${port}${tail}`;
        if (!inj) return s;
        const at = Math.min(inj[0], s.length);
        return `${s.slice(0, at)}${inj[1]}${s.slice(at)}`;
      });
    check(endpoints, (input) => {
      let origin: string;
      try {
        origin = normalizeEndpoint(input);
      } catch (err) {
        assert.ok(BeyondCorpError.is(err) && err.field === "endpoint", String(err));
        return;
      }
      accept(new URL(origin).protocol === "http:" ? "endpoints(http)" : "endpoints(https)");
      assert.ok(VISIBLE.test(origin), JSON.stringify(origin));
      const url = new URL(origin);
      assert.equal(url.origin, origin);
      assert.equal(url.username + url.password, "");
      assert.ok(
        url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname)),
        `${JSON.stringify(input)} → ${origin}`,
      );
      if (url.protocol === "http:") assert.ok(/^(localhost|\[::1\]|127\.\d+\.\d+\.\d+)$/.test(url.hostname));
      assert.equal(new URL(`/v1/${OP}`, origin).host, url.host);
    });
  });

  test(`header values: access token, quota project, impersonation target, universe (${RUNS} runs)`, async () => {
    const TOKEN_PIECES = ["ya29.", "abc", "XYZ", "-_~+/=.", "Bearer ", ":", ...INJECTIONS];
    const maybe = (a: fc.Arbitrary<string>) =>
      fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: a });
    const arb = fc.record({
      accessToken: maybe(seg(["ya29.a0AfH6SMBx-_~+/=", "tok", "bcops.abc.def"], TOKEN_PIECES)),
      quotaProject: maybe(
        seg(["my-project", "123456", "example.com:p-1"], ["my-project", "1", ".", ":", " "]),
      ),
      impersonateServiceAccount: maybe(
        seg(
          ["sa@p.iam.gserviceaccount.com", "deployer@demo-project.iam.gserviceaccount.com"],
          ["@", "/", ":", "%"],
        ),
      ),
      universeDomain: maybe(seg(["googleapis.com", "example.com", "s3ns.example"], ["/", ":", "@", ".."])),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (settings) => {
        propertyRuns++;
        const s = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
        if (refused(() => validateCredentialSettings(s as CredentialSettings))) return;
        accept("connection settings");
        for (const v of Object.values(s)) assert.ok(VISIBLE.test(v as string), JSON.stringify(v));
        if (s["impersonateServiceAccount"] !== undefined || s["accessToken"] === undefined) return;
        const headers = await createCredentials(s as CredentialSettings).headers();
        for (const [k, v] of Object.entries(headers)) {
          assert.ok(["authorization", "x-goog-user-project"].includes(k), k);
          assert.ok(/^[\x21-\x7e]+( [\x21-\x7e]+)?$/.test(v), JSON.stringify(v));
        }
      }),
      { numRuns: RUNS },
    );
  });

  test(`Pulumi check names the input for any control character in any field (${RUNS} runs)`, () => {
    const fields: Array<[string, string, (v: string) => Record<string, unknown>]> = [
      ["operations[0]", OP, (v) => ({ operations: [v] })],
      ["watches[0].parent", P, (v) => ({ watches: [{ parent: v, targets: ["t"] }] })],
      [
        "watches[0].targets[0]",
        `${P}/securityGateways/gw`,
        (v) => ({ watches: [{ parent: P, targets: [v] }] }),
      ],
      ["watches[0].filter", 'verb="create"', (v) => ({ watches: [{ parent: P, filter: v }] })],
      ["endpoint", "https://beyondcorp.googleapis.com", (v) => ({ operations: [OP], endpoint: v })],
      ["accessToken", "ya29.token", (v) => ({ operations: [OP], accessToken: v })],
      ["quotaProject", "my-project", (v) => ({ operations: [OP], quotaProject: v })],
      [
        "impersonateServiceAccount",
        "sa@my-project.iam.gserviceaccount.com",
        (v) => ({ operations: [OP], impersonateServiceAccount: v }),
      ],
      [
        "credentials.client_id",
        '{"type":"authorized_user","client_id":"cid","client_secret":"s","refresh_token":"r"}',
        (v) => ({ operations: [OP], credentials: v }),
      ],
    ];
    const arb = fc
      .constantFrom(...fields)
      .chain(([field, valid, build]) =>
        (field.startsWith("credentials") ? injected("cid", CONTROL_PIECES) : injected(valid)).map(
          (v) =>
            [
              field,
              field.startsWith("credentials") ? valid.replace("cid", JSON.stringify(v).slice(1, -1)) : v,
              build,
            ] as const,
        ),
      );
    check(arb, ([field, value, build]) => {
      const failures = checkInputs(build(value));
      assert.ok(
        failures.some((f) => f.property === field && f.reason.startsWith(`${field}: `)),
        `${field} ${JSON.stringify(value)} → ${JSON.stringify(failures)}`,
      );
    });
  });

  test(`credentials JSON: a control character in any string field is refused, naming it (${RUNS} runs)`, () => {
    const FIELDS = [
      "type",
      "client_id",
      "client_secret",
      "refresh_token",
      "quota_project_id",
      "universe_domain",
    ];
    const EA = ["audience", "subject_token_type", "token_url", "service_account_impersonation_url"];
    const arb = fc.tuple(
      fc.constantFrom(...FIELDS, ...EA, "credential_source.file"),
      injected("value-secret"),
    );
    check(arb, ([field, value]) => {
      const json: Record<string, unknown> = { type: "external_account", client_id: "cid" };
      if (field === "credential_source.file") json["credential_source"] = { file: value };
      else json[field] = value;
      assertRefused(() => loadCredentialsJson(JSON.stringify(json)), `credentials.${field}`, value);
    });
  });
});

describe("http:// only on loopback, refused with the field named", () => {
  const REFUSED = [
    "http://example.com",
    "http://10.0.0.1",
    "http://0.0.0.0:8080",
    "http://[::ffff:127.0.0.1]:8080",
    "http://[::ffff:7f00:1]",
    "http://127.0.0.1.evil.com",
    "http://127.0.0.1.nip.io",
    "http://localhost.evil.com",
    "http://localhost.",
    "http://127.0.0.1@evil.com",
    "http://127.0.0.1:80@evil.com",
    "https://127.0.0.1@evil.com",
    "http://user:pw@127.0.0.1",
    "http://evil.com#@127.0.0.1",
    "http://evil.com?@127.0.0.1",
    "http://127.0.0.1\\@evil.com",
    "http://127.0.0.1%2eevil.com",
    "http://127.0.0.1\u3002evil.com",
    "http://127.0.0.1\t.evil.com",
    "http://127.0.0.1\r\nHost: evil.com",
    "ftp://127.0.0.1",
    "file:///etc/passwd",
    "//evil.com",
    "evil.com",
  ];
  const ACCEPTED: Array<[string, string]> = [
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["http://localhost:9", "http://localhost:9"],
    ["http://[::1]:5", "http://[::1]:5"],
    ["http://0x7f.1", "http://127.0.0.1"],
    ["http://2130706433", "http://127.0.0.1"],
    ["http://127.1", "http://127.0.0.1"],
    ["https://beyondcorp.googleapis.com/", "https://beyondcorp.googleapis.com"],
    ["https://private.example.com:8443", "https://private.example.com:8443"],
  ];

  for (const input of REFUSED) {
    test(`refuses ${JSON.stringify(input)}: library option, env variable and Pulumi check`, () => {
      assertRefused(
        () => new OperationsClient({ endpoint: input, noAuth: true }, { env: NO_ENV }),
        "endpoint",
      );
      assertRefused(
        () => new OperationsClient({ noAuth: true }, { env: { GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT: input } }),
        "GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT",
      );
      const failures = checkInputs({ operations: [OP], endpoint: input });
      assert.ok(
        failures.some((f) => f.property === "endpoint" && f.reason.startsWith("endpoint: ")),
        JSON.stringify(failures),
      );
    });
  }

  for (const [input, origin] of ACCEPTED) {
    test(`accepts ${JSON.stringify(input)} as ${origin}, whose host is where requests go`, () => {
      const c = new OperationsClient({ endpoint: input, noAuth: true }, { env: NO_ENV });
      assert.equal(c.endpoint, origin);
      const url = new URL(origin);
      assert.ok(url.protocol === "https:" || isLoopbackHost(url.hostname));
      assert.deepEqual(checkInputs({ operations: [OP], endpoint: input }), []);
      void c.close();
    });
  }

  test("a password in the endpoint's user info is never echoed", () => {
    for (const input of [
      "https://admin:hunter2-SECRET@example.com",
      "http://admin:hunter2-SECRET@evil.com",
    ]) {
      assertRefused(() => normalizeEndpoint(input), "endpoint", "hunter2-SECRET");
    }
  });

  test("URLs that receive secrets follow the same rules: oauth2TokenUrl, iamCredentialsEndpoint", () => {
    const settings = (field: string, url: string): CredentialSettings =>
      field === "oauth2TokenUrl" ? { oauth2TokenUrl: url } : { iamCredentialsEndpoint: url };
    for (const field of ["oauth2TokenUrl", "iamCredentialsEndpoint"]) {
      for (const bad of ["http://evil.example/token", "http://127.0.0.1@evil.com/t", "https://a/\r\nX: 1"]) {
        const options = { endpoint: "http://127.0.0.1:1", accessToken: "t", ...settings(field, bad) };
        assertRefused(() => new OperationsClient(options, { env: NO_ENV }), field);
      }
      assert.doesNotThrow(() => validateCredentialSettings(settings(field, "http://127.0.0.1:9/token")));
      assert.doesNotThrow(() => validateCredentialSettings(settings(field, "https://iam.example.com")));
    }
  });
});

describe("CR/LF in each input is refused before any request, naming the input", () => {
  const CRLF = "\r\nX-Injected: 1";
  const client = (o: Record<string, unknown>, env: NodeJS.ProcessEnv = NO_ENV) =>
    new OperationsClient({ endpoint: "http://127.0.0.1:1", ...o }, { env });

  // [field, attempt, is the value a secret (then it must not be echoed, even escaped)]
  const cases: Array<[string, () => unknown, boolean?]> = [
    ["name", () => parseOperationName(`${OP}${CRLF}`)],
    ["parent", () => parseLocationName(`${P}${CRLF}`)],
    ["filter", () => checkFilter(`done=false${CRLF}`)],
    ["targets[0]", () => checkTarget(`${P}/securityGateways/gw${CRLF}`, "targets[0]")],
    ["endpoint", () => client({ endpoint: `http://127.0.0.1:8080${CRLF}` })],
    ["accessToken", () => client({ accessToken: `ya29.abc${CRLF}` }), true],
    ["quotaProject", () => client({ accessToken: "t", quotaProject: `my-project${CRLF}` })],
    [
      "impersonateServiceAccount",
      () => client({ accessToken: "t", impersonateServiceAccount: `sa@p.iam${CRLF}` }),
    ],
    ["universeDomain", () => client({ accessToken: "t", universeDomain: `example.com${CRLF}` })],
    ["oauth2TokenUrl", () => client({ accessToken: "t", oauth2TokenUrl: `http://127.0.0.1:9/token${CRLF}` })],
    [
      "iamCredentialsEndpoint",
      () => client({ accessToken: "t", iamCredentialsEndpoint: `https://iam${CRLF}` }),
    ],
    ["accessToken", () => client({}, { GOOGLE_OAUTH_ACCESS_TOKEN: `tok${CRLF}` }), true],
    [
      "quotaProject",
      () => client({ noAuth: true }, { GOOGLE_BILLING_PROJECT: `p${CRLF}`, USER_PROJECT_OVERRIDE: "true" }),
    ],
    [
      "impersonateServiceAccount",
      () => client({}, { GOOGLE_IMPERSONATE_SERVICE_ACCOUNT: `a@b${CRLF}`, GOOGLE_OAUTH_ACCESS_TOKEN: "t" }),
    ],
    ["universeDomain", () => client({ noAuth: true }, { GOOGLE_UNIVERSE_DOMAIN: `example.com${CRLF}` })],
    [
      "GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT",
      () =>
        new OperationsClient(
          { noAuth: true },
          { env: { GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT: `http://127.0.0.1${CRLF}` } },
        ),
    ],
    ["credentials", () => loadCredentialsJson(`/tmp/adc.json${CRLF}`), true],
    [
      "credentials.refresh_token",
      () => loadCredentialsJson(JSON.stringify({ type: "authorized_user", refresh_token: `r${CRLF}` })),
      true,
    ],
    [
      "credentials.credential_source.headers.X-A",
      () =>
        loadCredentialsJson(
          JSON.stringify({
            type: "external_account",
            credential_source: { url: "https://x", headers: { "X-A": `v${CRLF}` } },
          }),
        ),
      true,
    ],
  ];
  for (const [field, fn, secret] of cases) {
    test(`${field}`, () => {
      assertRefused(fn, field, secret ? "X-Injected" : undefined);
      const err = refused(fn)!;
      assert.ok(!/[\r\n]/.test(err.message), "a refused value is never echoed raw");
    });
  }

  test("a PEM private_key keeps its line breaks", () => {
    const key = "-----BEGIN PRIVATE KEY-----\r\nMIIE\nAAAA\n-----END PRIVATE KEY-----\n";
    assert.equal(
      loadCredentialsJson(JSON.stringify({ type: "service_account", private_key: key }))["private_key"],
      key,
    );
  });

  test("malformed credentials contents given where a path is expected are not echoed", () => {
    for (const v of [
      '["refresh_token","SECRET-r1"]',
      '"type": "authorized_user", "client_secret": "SECRET-c1"',
    ]) {
      assertRefused(() => loadCredentialsJson(v), "credentials", "SECRET");
    }
  });
});
