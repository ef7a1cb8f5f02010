/**
 * The provider plugin's Pulumi package schema, derived from the one option table (options/spec.ts),
 * the outcomes table (lro/outcomes.ts) and package.json. `schema.json` at the repository root is
 * this function's output (`npm run docs` writes it; a test fails when it is stale), and the plugin
 * answers GetSchema with it.
 */
import type { PackageInfo } from "../core/package-info";
import { formatMillis } from "../options/check";
import { CONNECTION_OPTIONS, OPTIONS, OPTION_NAMES, type OptionSpec } from "../options/spec";
import { ENUM_OF, enumTypes } from "./schema-enums";

export const PACKAGE = "beyondcorp-ops";
export const RESOURCE_TOKEN = `${PACKAGE}:index:OperationCanceller`;

type Prop = Record<string, unknown>;
const T = (name: string) => `#/types/${PACKAGE}:index:${name}`;
const str = (description: string): Prop => ({ type: "string", description });

/** The package.json fields the schema is made from. */
type PackageJson = Pick<
  PackageInfo,
  "version" | "description" | "keywords" | "license" | "repository" | "homepage"
>;

function defaultText(spec: OptionSpec): string | undefined {
  switch (spec.kind) {
    case "duration":
      return `"${formatMillis(spec.defaultMillis)}"`;
    case "number":
      return String(spec.default);
    case "enum":
      return `"${spec.default}"`;
    case "enum-list":
      return `[${spec.default.map((v) => `"${v}"`).join(", ")}]`;
    case "string":
      return spec.defaultText;
  }
}

function optionProperty(name: string, spec: OptionSpec): Prop {
  const defaults = defaultText(spec);
  const where = [
    spec.kind === "duration"
      ? `A duration like "90s" or "1h30m", from ${formatMillis(spec.minMillis)} to ${formatMillis(spec.maxMillis)}.`
      : undefined,
    spec.kind === "number" ? `From ${spec.min} to ${spec.max}.` : undefined,
    spec.env ? `When not given: the provider's \`${name}\` config, then ${spec.env.join(", ")}.` : undefined,
    defaults ? `Default: ${defaults}.` : undefined,
  ].filter(Boolean);
  const description = [spec.description, ...where].join(" ");
  const enumType = ENUM_OF[name];
  const base: Prop =
    spec.kind === "number"
      ? { type: "number" }
      : spec.kind === "enum-list"
        ? { type: "array", items: { $ref: T(enumType!) } }
        : enumType
          ? { $ref: T(enumType) }
          : { type: "string" };
  return { ...base, description, ...(spec.secret ? { secret: true } : {}) };
}

/** `github.com/<org>/<repo>` from package.json's repository URL. */
export function githubRepository(pkg: Pick<PackageJson, "repository">): string {
  const m = /github\.com[/:]([^/]+)\/([^/.]+)/.exec(pkg.repository.url);
  if (!m) throw new Error(`package.json repository.url is not a GitHub repository: ${pkg.repository.url}`);
  return `github.com/${m[1]}/${m[2]}`;
}

export function packageSchema(pkg: PackageJson): Record<string, unknown> {
  const repo = githubRepository(pkg);
  const inputs: Record<string, Prop> = {
    operations: {
      type: "array",
      items: { type: "string" },
      description:
        "Explicit operation names (`projects/…` or `organizations/…/locations/…/operations/…`; a `v1alpha/` prefix or `apiVersion` for v1alpha).",
    },
    watches: {
      type: "array",
      items: { $ref: T("Watch") },
      description:
        "Watches, resolved at create, update and delete: every in-flight operation they match is tracked.",
    },
  };
  for (const name of OPTION_NAMES) inputs[name] = optionProperty(name, OPTIONS[name]);
  const outputs: Record<string, Prop> = {
    ...inputs,
    schemaVersion: { type: "integer", description: "Version of the outputs layout." },
    trackedOperations: {
      type: "array",
      items: { type: "string" },
      description: "Normalized names of the tracked operations (`v1/…`).",
    },
    operationStates: {
      type: "object",
      additionalProperties: { $ref: T("OperationState") },
      description: "Per tracked operation: state, outcome, error and timing.",
    },
    lastRun: { $ref: T("LastRun"), description: "The last create, update, delete or refresh, summed up." },
  };
  const connection = Object.fromEntries(
    (Object.keys(CONNECTION_OPTIONS) as Array<keyof typeof CONNECTION_OPTIONS>)
      .filter((k) => k !== "apiVersion")
      .map((k) => {
        const spec: OptionSpec = CONNECTION_OPTIONS[k];
        return [
          k,
          {
            type: "string",
            description: `Default \`${k}\` of every OperationCanceller: ${spec.description}`,
            ...(spec.secret ? { secret: true } : {}),
          },
        ];
      }),
  );
  const types: Record<string, unknown> = {};
  for (const [name, e] of Object.entries(enumTypes())) types[`${PACKAGE}:index:${name}`] = e;
  types[`${PACKAGE}:index:Watch`] = {
    type: "object",
    description:
      "Every in-flight operation under `parent` whose metadata target is one of `targets` (and/or matching `filter`).",
    properties: {
      parent: str("`projects/{p}/locations/{l}` or `organizations/{o}/locations/{l}`."),
      targets: {
        type: "array",
        items: { type: "string" },
        description: "Resource names, e.g. a security gateway's id.",
      },
      filter: str("Extra AIP-160 filter, ANDed with `done=false` and the targets."),
    },
    required: ["parent"],
  };
  types[`${PACKAGE}:index:ResultError`] = {
    type: "object",
    description:
      "A google.rpc.Status-like summary of an operation's error or of the API error that stopped us.",
    properties: {
      code: { type: "integer", description: "google.rpc code." },
      status: str("google.rpc code name."),
      message: str("Message."),
    },
    required: ["code", "status", "message"],
  };
  types[`${PACKAGE}:index:OperationState`] = {
    type: "object",
    description: "What the guard knows of one tracked operation.",
    properties: {
      state: str("PENDING, DONE, GONE or UNKNOWN."),
      outcome: { $ref: T("Outcome"), description: "Set once the guard waited on it." },
      endedAs: str("How a done operation ended: CANCELLED, SUCCEEDED or FAILED."),
      error: {
        $ref: T("ResultError"),
        description: "The operation's error, or the API error that stopped us.",
      },
      elapsedMs: { type: "number", description: "Time until the outcome was known." },
      requests: { type: "number", description: "API requests spent on it." },
      cancelRequested: { type: "boolean", description: "Whether a cancel was accepted by the server." },
    },
    required: ["state"],
  };
  types[`${PACKAGE}:index:LastRun`] = {
    type: "object",
    description: "The last create, update, delete or refresh, summed up.",
    properties: {
      action: str("create, update, delete or read."),
      at: str("When (ISO 8601)."),
      elapsedMs: { type: "number", description: "How long it took." },
      requests: { type: "number", description: "Whole HTTP requests of the run." },
      outcomes: {
        type: "object",
        additionalProperties: { type: "integer" },
        description: "How many operations ended in each outcome.",
      },
    },
    required: ["action", "at", "elapsedMs", "requests", "outcomes"],
  };
  return {
    name: PACKAGE,
    displayName: "BeyondCorp Ops",
    version: pkg.version,
    description: pkg.description.replace("A Pulumi dynamic resource", "A Pulumi resource"),
    keywords: [...pkg.keywords.filter((k) => k !== "dynamic-provider"), "category/utility", "kind/native"],
    homepage: pkg.homepage,
    repository: pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, ""),
    license: pkg.license,
    publisher: "beyondcorp-ops",
    // The engine fetches pulumi-resource-beyondcorp-ops-v<version>-<os>-<arch>.tar.gz from the GitHub
    // release v<version>; every generated SDK carries this URL.
    pluginDownloadURL: `github://api.${repo}`,
    meta: { moduleFormat: "(.*)", supportPack: true },
    language: {
      python: {
        packageName: "pulumi_beyondcorp_ops",
        requires: { pulumi: ">=3.0.0,<4.0.0" },
        pyproject: { enabled: true },
        respectSchemaVersion: true,
      },
      go: {
        importBasePath: `${repo}/sdk/go/beyondcorpops`,
        generateResourceContainerTypes: true,
        respectSchemaVersion: true,
      },
      nodejs: { packageName: "@beyondcorp-ops/sdk", respectSchemaVersion: true },
    },
    config: { variables: connection },
    provider: {
      description: "Connection defaults for every OperationCanceller of this provider.",
      inputProperties: connection,
    },
    types,
    resources: {
      [RESOURCE_TOKEN]: {
        description:
          "Guards BeyondCorp long-running operations: on `pulumi up` it cancels operations that are no longer tracked (or all, when `trigger` changes); on `pulumi destroy` it cancels every tracked and watched in-flight operation and waits until each is terminal, naming each outcome.",
        inputProperties: inputs,
        properties: outputs,
        required: ["trackedOperations", "operationStates"],
      },
    },
  };
}
