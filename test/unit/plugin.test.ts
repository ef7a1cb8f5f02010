import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { OPTION_NAMES, SECRET_KEYS } from "../../src/options/spec";
import { engineAddressFrom } from "../../src/plugin/engine-log";
import { unsupportedNode } from "../../src/plugin/node-version";
import { createPluginProvider } from "../../src/plugin/provider";
import { packageSchema, RESOURCE_TOKEN } from "../../src/plugin/schema";
import { enumMemberName } from "../../src/plugin/schema-enums";
import { reveal, sealKeys, secret } from "../../src/plugin/secrets";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const URN = `urn:pulumi:dev::proj::${RESOURCE_TOKEN}::guard`;
const pkg = {
  version: "9.9.9",
  description: "A Pulumi dynamic resource that cancels.",
  keywords: ["pulumi", "dynamic-provider"],
  license: "Apache-2.0",
  repository: { url: "git+https://github.com/some-org/some-repo.git" },
  homepage: "https://example.invalid/x",
};

describe("plugin secrets", () => {
  test("reveal unwraps secrets deeply and leaves the rest", () => {
    const wrapped = { a: { [SIG]: SECRET, value: "tok" }, b: [{ [SIG]: SECRET, value: 1 }], c: "plain" };
    assert.deepEqual(reveal(wrapped), { a: "tok", b: [1], c: "plain" });
  });
  test("sealKeys marks only the named keys, once", () => {
    const sealed = sealKeys({ accessToken: "t", credentials: secret("c"), endpoint: "e" }, SECRET_KEYS);
    assert.deepEqual(sealed["accessToken"], { [SIG]: SECRET, value: "t" });
    assert.deepEqual(sealed["credentials"], { [SIG]: SECRET, value: "c" });
    assert.equal(sealed["endpoint"], "e");
    assert.ok(!("missing" in sealKeys({}, ["missing"])));
  });
});

describe("plugin start", () => {
  test("a Node older than engines is refused, naming both versions; equal or newer runs", () => {
    for (const v of ["v20.20.2", "v22.18.9", "v21.99.0"])
      assert.match(
        unsupportedNode(">=22.19.0", v) ?? "",
        new RegExp(`needs Node.js >=22.19.0, .* is ${v}`),
        v,
      );
    for (const v of ["v22.19.0", "v22.19.1", "v22.20.0", "v24.0.0", "v100.0.0"])
      assert.equal(unsupportedNode(">=22.19.0", v), undefined, v);
  });
});

describe("plugin arguments", () => {
  test("the engine address is the first argument that is not a flag the SDK skips", () => {
    assert.equal(
      engineAddressFrom(["--logtostderr", "-v=9", "--tracing", "x:1", "127.0.0.1:5"]),
      "127.0.0.1:5",
    );
    assert.equal(engineAddressFrom([]), undefined);
  });
});

describe("plugin schema", () => {
  test("enum values get PascalCase names for the SDKs, one word per underscore", () => {
    assert.deepEqual(["ALREADY_DONE", "CANCEL_UNSUPPORTED", "ERROR", "v1alpha", "wait"].map(enumMemberName), [
      "AlreadyDone",
      "CancelUnsupported",
      "Error",
      "V1alpha",
      "Wait",
    ]);
  });
  const schema = packageSchema(pkg) as {
    version: string;
    repository: string;
    keywords: string[];
    resources: Record<string, { inputProperties: Record<string, { secret?: boolean }>; properties: object }>;
    config: { variables: Record<string, { secret?: boolean }> };
  };
  const res = schema.resources[RESOURCE_TOKEN]!;
  test("every option is an input, and exactly the secret options are secret", () => {
    for (const name of OPTION_NAMES) assert.ok(res.inputProperties[name], name);
    const secrets = Object.entries(res.inputProperties)
      .filter(([, p]) => p.secret)
      .map(([k]) => k);
    assert.deepEqual(secrets.sort(), [...SECRET_KEYS].sort());
    const configSecrets = Object.entries(schema.config.variables)
      .filter(([, p]) => p.secret)
      .map(([k]) => k);
    assert.deepEqual(configSecrets.sort(), [...SECRET_KEYS].sort());
  });
  test("package metadata comes from package.json", () => {
    assert.equal(schema.version, "9.9.9");
    assert.equal(schema.repository, "https://github.com/some-org/some-repo");
    assert.ok(!schema.keywords.includes("dynamic-provider"));
  });
  test("the download URL and the Go module path derive from the GitHub repository", () => {
    const s = schema as unknown as {
      pluginDownloadURL: string;
      language: { go: { importBasePath: string } };
    };
    assert.equal(s.pluginDownloadURL, "github://api.github.com/some-org/some-repo");
    assert.equal(s.language.go.importBasePath, "github.com/some-org/some-repo/sdk/go/beyondcorpops");
    assert.throws(
      () => packageSchema({ ...pkg, repository: { url: "git+https://example.invalid/x.git" } }),
      /package\.json repository\.url is not a GitHub repository: git\+https:\/\/example\.invalid\/x\.git/,
    );
  });
});

describe("plugin provider", () => {
  test("check validates revealed values but hands back the inputs with their secrets", async () => {
    const p = createPluginProvider("1.0.0", "{}");
    const news = { operations: ["nope"], accessToken: { [SIG]: SECRET, value: "t" } };
    const r = await p.check!(URN, {}, news);
    assert.equal(r.inputs, news);
    assert.equal(r.failures?.[0]?.property, "operations[0]");
  });
  test("a resource type it does not serve is refused, naming the type", async () => {
    const p = createPluginProvider("1.0.0", "{}");
    await assert.rejects(
      p.check!("urn:pulumi:dev::proj::other:index:Thing::x", {}, {}),
      /unknown resource type other:index:Thing/,
    );
  });
  test("after Cancel every hook sees an aborted signal, including one that starts later", async () => {
    const p = createPluginProvider("1.0.0", "{}");
    await p.cancel!();
    // delete with an operation: the wait stops at once on the aborted signal, naming what was sent.
    await assert.rejects(
      p.delete!("id", URN, {
        operations: ["projects/my-project-1/locations/global/operations/x"],
        trackedOperations: ["v1/projects/my-project-1/locations/global/operations/x"],
        operationStates: {},
        endpoint: "http://127.0.0.1:9",
        accessToken: "t",
        schemaVersion: 2,
      }),
      /delete interrupted \(cancelled by the engine.*cancel requested for 0 of 1/s,
    );
  });
});
