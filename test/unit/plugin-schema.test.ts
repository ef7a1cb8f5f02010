/**
 * The provider plugin's package schema (plugin/schema.ts, schema-enums.ts): what the engine answers
 * GetSchema with and what every generated SDK is made from. `schema.json` is a shipped artifact, so
 * the schema built from package.json must be that file, byte for byte; and the parts users depend on
 * are pinned one by one: names, types, required lists, secret flags, descriptions that carry
 * defaults, bounds and units, enums, the download URL and the language blocks.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { packageInfo } from "../../src/core/package-info";
import { OUTCOMES, OUTCOME_NAMES } from "../../src/lro/outcomes";
import { CONNECTION_OPTIONS, OPTIONS, OPTION_NAMES } from "../../src/options/spec";
import { PACKAGE, packageSchema, RESOURCE_TOKEN } from "../../src/plugin/schema";

type Prop = {
  type?: string;
  $ref?: string;
  items?: Prop;
  additionalProperties?: Prop;
  description?: string;
  secret?: boolean;
};
type ObjectType = { type: string; description: string; properties: Record<string, Prop>; required: string[] };
type EnumType = {
  type: string;
  description: string;
  enum: Array<{ name: string; value: string; description?: string }>;
};
interface Schema {
  name: string;
  displayName: string;
  version: string;
  description: string;
  keywords: string[];
  homepage: string;
  repository: string;
  license: string;
  publisher: string;
  pluginDownloadURL: string;
  meta: unknown;
  language: Record<string, unknown>;
  config: { variables: Record<string, Prop> };
  provider: { description: string; inputProperties: Record<string, Prop> };
  types: Record<string, unknown>;
  resources: Record<
    string,
    {
      description: string;
      inputProperties: Record<string, Prop>;
      properties: Record<string, Prop>;
      required: string[];
    }
  >;
}

const ROOT = path.resolve(__dirname, "../../..");
const schema = packageSchema(packageInfo()) as unknown as Schema;
const resource = schema.resources[RESOURCE_TOKEN]!;
const inputs = resource.inputProperties;
const outputs = resource.properties;
const ref = (name: string) => `#/types/beyondcorp-ops:index:${name}`;
const objectType = (name: string) => schema.types[`beyondcorp-ops:index:${name}`] as ObjectType;
const enumType = (name: string) => schema.types[`beyondcorp-ops:index:${name}`] as EnumType;

describe("the committed schema.json", () => {
  test("is the schema built from package.json, byte for byte (the SDKs are generated from it)", () => {
    const committed = fs.readFileSync(path.join(ROOT, "schema.json"), "utf8");
    assert.equal(`${JSON.stringify(schema, null, 2)}\n`, committed);
  });
});

describe("schema names", () => {
  test("the package, its one resource and its types have the names the SDKs are generated under", () => {
    assert.equal(PACKAGE, "beyondcorp-ops");
    assert.equal(RESOURCE_TOKEN, "beyondcorp-ops:index:OperationCanceller");
    assert.equal(schema.name, "beyondcorp-ops");
    assert.equal(schema.displayName, "BeyondCorp Ops");
    assert.equal(schema.publisher, "beyondcorp-ops");
    assert.deepEqual(Object.keys(schema.resources), ["beyondcorp-ops:index:OperationCanceller"]);
    assert.deepEqual(
      Object.keys(schema.types),
      [
        "Outcome",
        "OnCancelUnsupported",
        "OnDelete",
        "ApiVersion",
        "Watch",
        "ResultError",
        "OperationState",
        "LastRun",
      ].map((t) => `beyondcorp-ops:index:${t}`),
    );
  });
  test("the resource's inputs are the explicit operations, the watches and every option, in that order", () => {
    assert.deepEqual(Object.keys(inputs), ["operations", "watches", ...OPTION_NAMES]);
    assert.deepEqual(inputs["operations"], {
      type: "array",
      items: { type: "string" },
      description:
        "Explicit operation names (`projects/…` or `organizations/…/locations/…/operations/…`; a `v1alpha/` prefix or `apiVersion` for v1alpha).",
    });
    assert.deepEqual(inputs["watches"], {
      type: "array",
      items: { $ref: ref("Watch") },
      description:
        "Watches, resolved at create, update and delete: every in-flight operation they match is tracked.",
    });
  });
  test("the outputs are the inputs plus the guard's state, of which two are required", () => {
    assert.deepEqual(Object.keys(outputs), [
      ...Object.keys(inputs),
      "schemaVersion",
      "trackedOperations",
      "operationStates",
      "lastRun",
    ]);
    for (const k of Object.keys(inputs)) assert.deepEqual(outputs[k], inputs[k], k);
    assert.deepEqual(outputs["schemaVersion"], {
      type: "integer",
      description: "Version of the outputs layout.",
    });
    assert.deepEqual(outputs["trackedOperations"], {
      type: "array",
      items: { type: "string" },
      description: "Normalized names of the tracked operations (`v1/…`).",
    });
    assert.deepEqual(outputs["operationStates"], {
      type: "object",
      additionalProperties: { $ref: ref("OperationState") },
      description: "Per tracked operation: state, outcome, error and timing.",
    });
    assert.deepEqual(outputs["lastRun"], {
      $ref: ref("LastRun"),
      description: "The last create, update, delete or refresh, summed up.",
    });
    assert.deepEqual(resource.required, ["trackedOperations", "operationStates"]);
    assert.match(
      resource.description,
      /^Guards BeyondCorp long-running operations: on `pulumi up` it cancels/,
    );
  });
});

describe("schema option properties", () => {
  test("each option's description is the table's, then its format, bounds, fallbacks and default", () => {
    assert.equal(
      inputs["timeout"]!.description,
      `${OPTIONS.timeout.description} A duration like "90s" or "1h30m", from 100 ms to 24 h. Default: "20 min".`,
    );
    assert.equal(
      inputs["pollInitialDelay"]!.description,
      `${OPTIONS.pollInitialDelay.description} A duration like "90s" or "1h30m", from 10 ms to 1 h. Default: "250 ms".`,
    );
    assert.equal(
      inputs["pollMultiplier"]!.description,
      `${OPTIONS.pollMultiplier.description} From 1 to 10. Default: 1.3.`,
    );
    assert.equal(
      inputs["failOn"]!.description,
      `${OPTIONS.failOn.description} Default: ["TIMED_OUT", "ERROR"].`,
    );
    assert.equal(inputs["onDelete"]!.description, `${OPTIONS.onDelete.description} Default: "cancel".`);
    assert.equal(inputs["trigger"]!.description, OPTIONS.trigger.description, "no default, no fallback");
    assert.equal(
      inputs["endpoint"]!.description,
      `${OPTIONS.endpoint.description} When not given: the provider's \`endpoint\` config, then GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT. Default: https://beyondcorp.googleapis.com.`,
    );
    assert.equal(
      inputs["credentials"]!.description,
      `${OPTIONS.credentials.description} When not given: the provider's \`credentials\` config, then GOOGLE_CREDENTIALS, GOOGLE_CLOUD_KEYFILE_JSON, GCLOUD_KEYFILE_JSON. Default: Application Default Credentials.`,
    );
    assert.equal(
      inputs["accessToken"]!.description,
      `${OPTIONS.accessToken.description} When not given: the provider's \`accessToken\` config, then GOOGLE_OAUTH_ACCESS_TOKEN.`,
    );
  });
  test("each option's type: durations and strings are strings, numbers numbers, enums refer to their enum type", () => {
    const typeOf = (p: Prop) => {
      const { description: _d, secret: _s, ...t } = p;
      return t;
    };
    assert.deepEqual(typeOf(inputs["timeout"]!), { type: "string" });
    assert.deepEqual(typeOf(inputs["pollMultiplier"]!), { type: "number" });
    assert.deepEqual(typeOf(inputs["onCancelUnsupported"]!), { $ref: ref("OnCancelUnsupported") });
    assert.deepEqual(typeOf(inputs["onDelete"]!), { $ref: ref("OnDelete") });
    assert.deepEqual(typeOf(inputs["apiVersion"]!), { $ref: ref("ApiVersion") });
    assert.deepEqual(typeOf(inputs["failOn"]!), { type: "array", items: { $ref: ref("Outcome") } });
    assert.deepEqual(typeOf(inputs["trigger"]!), { type: "string" });
    assert.deepEqual(typeOf(inputs["endpoint"]!), { type: "string" });
  });
  test("exactly credentials and accessToken are secret: inputs, outputs, provider config and its inputs", () => {
    const secrets = (props: Record<string, Prop>) =>
      Object.entries(props)
        .filter(([, p]) => p.secret === true)
        .map(([k]) => k);
    const flags = (props: Record<string, Prop>) =>
      Object.values(props)
        .map((p) => p.secret)
        .filter((s) => s !== undefined);
    for (const props of [inputs, outputs, schema.config.variables, schema.provider.inputProperties]) {
      assert.deepEqual(secrets(props), ["credentials", "accessToken"]);
      assert.deepEqual(flags(props), [true, true], "no `secret: false` anywhere");
    }
  });
});

describe("schema provider config", () => {
  test("the connection options but apiVersion, as plain strings with the resource's description", () => {
    const vars = schema.config.variables;
    assert.deepEqual(Object.keys(vars), [
      "endpoint",
      "credentials",
      "accessToken",
      "impersonateServiceAccount",
      "quotaProject",
    ]);
    for (const [k, v] of Object.entries(vars)) {
      const spec = CONNECTION_OPTIONS[k as keyof typeof CONNECTION_OPTIONS];
      assert.equal(v.type, "string", k);
      assert.equal(v.description, `Default \`${k}\` of every OperationCanceller: ${spec.description}`);
    }
    assert.deepEqual(vars["endpoint"], {
      type: "string",
      description:
        "Default `endpoint` of every OperationCanceller: API base URL. `http://` only on loopback (emulators).",
    });
    assert.deepEqual(schema.provider, {
      description: "Connection defaults for every OperationCanceller of this provider.",
      inputProperties: vars,
    });
  });
});

describe("schema enums", () => {
  test("Outcome lists every outcome in the table's order, named in PascalCase, each with its meaning", () => {
    const outcome = enumType("Outcome");
    assert.equal(outcome.type, "string");
    assert.equal(outcome.description, "The named terminal state of one tracked operation.");
    assert.deepEqual(
      outcome.enum.map((e) => e.value),
      OUTCOME_NAMES,
    );
    assert.deepEqual(outcome.enum[3], {
      name: "AlreadyDone",
      value: "ALREADY_DONE",
      description: OUTCOMES.ALREADY_DONE,
    });
    for (const e of outcome.enum) assert.equal(e.description, OUTCOMES[e.value as keyof typeof OUTCOMES]);
  });
  test("each enum option is its own type, with the option's description and values, without member docs", () => {
    assert.deepEqual(enumType("OnCancelUnsupported"), {
      type: "string",
      description: OPTIONS.onCancelUnsupported.description,
      enum: [
        { name: "Wait", value: "wait" },
        { name: "Fail", value: "fail" },
        { name: "Abandon", value: "abandon" },
      ],
    });
    assert.deepEqual(enumType("OnDelete"), {
      type: "string",
      description: OPTIONS.onDelete.description,
      enum: [
        { name: "Cancel", value: "cancel" },
        { name: "Wait", value: "wait" },
        { name: "Abandon", value: "abandon" },
      ],
    });
    assert.deepEqual(enumType("ApiVersion"), {
      type: "string",
      description: OPTIONS.apiVersion.description,
      enum: [
        { name: "V1", value: "v1" },
        { name: "V1alpha", value: "v1alpha" },
      ],
    });
  });
});

describe("schema object types", () => {
  test("Watch: a parent is required, targets and a filter are optional", () => {
    assert.deepEqual(objectType("Watch"), {
      type: "object",
      description:
        "Every in-flight operation under `parent` whose metadata target is one of `targets` (and/or matching `filter`).",
      properties: {
        parent: {
          type: "string",
          description: "`projects/{p}/locations/{l}` or `organizations/{o}/locations/{l}`.",
        },
        targets: {
          type: "array",
          items: { type: "string" },
          description: "Resource names, e.g. a security gateway's id.",
        },
        filter: {
          type: "string",
          description: "Extra AIP-160 filter, ANDed with `done=false` and the targets.",
        },
      },
      required: ["parent"],
    });
  });
  test("ResultError: a google.rpc code, its name and the message, all required", () => {
    assert.deepEqual(objectType("ResultError"), {
      type: "object",
      description:
        "A google.rpc.Status-like summary of an operation's error or of the API error that stopped us.",
      properties: {
        code: { type: "integer", description: "google.rpc code." },
        status: { type: "string", description: "google.rpc code name." },
        message: { type: "string", description: "Message." },
      },
      required: ["code", "status", "message"],
    });
  });
  test("OperationState: only the state is required; outcome and error refer to their types", () => {
    assert.deepEqual(objectType("OperationState"), {
      type: "object",
      description: "What the guard knows of one tracked operation.",
      properties: {
        state: { type: "string", description: "PENDING, DONE, GONE or UNKNOWN." },
        outcome: { $ref: ref("Outcome"), description: "Set once the guard waited on it." },
        endedAs: {
          type: "string",
          description: "How a done operation ended: CANCELLED, SUCCEEDED or FAILED.",
        },
        error: {
          $ref: ref("ResultError"),
          description: "The operation's error, or the API error that stopped us.",
        },
        elapsedMs: { type: "number", description: "Time until the outcome was known." },
        requests: { type: "number", description: "API requests spent on it." },
        cancelRequested: { type: "boolean", description: "Whether a cancel was accepted by the server." },
      },
      required: ["state"],
    });
  });
  test("LastRun: every field is required; outcomes count integers per outcome", () => {
    assert.deepEqual(objectType("LastRun"), {
      type: "object",
      description: "The last create, update, delete or refresh, summed up.",
      properties: {
        action: { type: "string", description: "create, update, delete or read." },
        at: { type: "string", description: "When (ISO 8601)." },
        elapsedMs: { type: "number", description: "How long it took." },
        requests: { type: "number", description: "Whole HTTP requests of the run." },
        outcomes: {
          type: "object",
          additionalProperties: { type: "integer" },
          description: "How many operations ended in each outcome.",
        },
      },
      required: ["action", "at", "elapsedMs", "requests", "outcomes"],
    });
  });
});

describe("schema package metadata", () => {
  const pkg = {
    version: "3.4.5",
    description: "A Pulumi dynamic resource that guards.",
    keywords: ["pulumi", "dynamic-provider", "gcp"],
    license: "MIT",
    repository: { url: "git+https://github.com/an-org/git+tools.github.io.git" },
    homepage: "https://example.invalid/home",
  };
  const s = packageSchema(pkg) as unknown as Schema;
  test("version, license and homepage are package.json's; the description names a (not dynamic) resource", () => {
    assert.equal(s.version, "3.4.5");
    assert.equal(s.license, "MIT");
    assert.equal(s.homepage, "https://example.invalid/home");
    assert.equal(s.description, "A Pulumi resource that guards.");
  });
  test("keywords drop dynamic-provider and add the registry's category and kind, in order", () => {
    assert.deepEqual(s.keywords, ["pulumi", "gcp", "category/utility", "kind/native"]);
  });
  test("the repository URL loses only a leading git+ and a trailing .git", () => {
    assert.equal(s.repository, "https://github.com/an-org/git+tools.github.io");
    const plain = packageSchema({ ...pkg, repository: { url: "https://github.com/an-org/git+tools.git" } });
    assert.equal((plain as unknown as Schema).repository, "https://github.com/an-org/git+tools");
  });
  test("the engine downloads the plugin from the GitHub repository's releases; every SDK says so", () => {
    assert.equal(s.pluginDownloadURL, "github://api.github.com/an-org/git+tools");
    assert.equal(schema.pluginDownloadURL, "github://api.github.com/beyondcorp-ops/beyondcorp-ops");
  });
  test("the language blocks name each SDK's package and respect the schema version", () => {
    assert.deepEqual(s.meta, { moduleFormat: "(.*)", supportPack: true });
    assert.deepEqual(s.language, {
      python: {
        packageName: "pulumi_beyondcorp_ops",
        requires: { pulumi: ">=3.0.0,<4.0.0" },
        pyproject: { enabled: true },
        respectSchemaVersion: true,
      },
      go: {
        importBasePath: "github.com/an-org/git+tools/sdk/go/beyondcorpops",
        generateResourceContainerTypes: true,
        respectSchemaVersion: true,
      },
      nodejs: { packageName: "@beyondcorp-ops/sdk", respectSchemaVersion: true },
    });
  });
});
