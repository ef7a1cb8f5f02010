import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "../../src/pulumi/inputs";

const captured: Array<{ type: string; inputs: Record<string, unknown> }> = [];
void pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      captured.push({ type: args.type, inputs: args.inputs as Record<string, unknown> });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  },
  "project",
  "stack",
  false,
);

// Loaded after setMocks, as Pulumi's docs prescribe.
const { OperationCanceller } =
  require("../../src/pulumi/resource") as typeof import("../../src/pulumi/resource");

const TOKEN = "ya29.unit-secret";
const KEY =
  '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n"}';

test("inputs serialize; __provider is small and holds no secret", async () => {
  const r = new OperationCanceller("guard", {
    operations: ["projects/my-project/locations/global/operations/op-1"],
    watches: [
      {
        parent: "projects/my-project/locations/global",
        targets: [pulumi.output("projects/my-project/locations/global/securityGateways/gw")],
      },
    ],
    accessToken: TOKEN,
    credentials: KEY,
  });
  await new Promise<void>((resolve) => r.urn.apply(() => resolve()));
  const res = captured.find((c) => c.type === "pulumi-nodejs:dynamic/beyondcorp-ops:OperationCanceller");
  assert.ok(res, JSON.stringify(captured.map((c) => c.type)));
  const provider = res.inputs["__provider"] as string;
  assert.equal(typeof provider, "string");
  assert.ok(provider.length < 8192, `__provider is ${provider.length} bytes`);
  for (const secret of [TOKEN, "PRIVATE KEY", "unit-secret"]) assert.ok(!provider.includes(secret), secret);
  assert.deepEqual(res.inputs["operations"], ["projects/my-project/locations/global/operations/op-1"]);
});

test("check failures name the property and never need the network", () => {
  const failures = checkInputs({
    operations: [
      "projects/x/locations/global/operations/../../y",
      "projects/my-project/locations/global/operations/ok",
    ],
    watches: [
      { parent: "projects/my-project/locations/global" },
      { parent: "folders/1/locations/global", targets: ["a b"] },
    ],
    timeout: "soon",
    onDelete: "explode",
    failOn: ["NOPE"],
    endpoint: "http://example.com",
    quotaProject: "Bad Project",
    extra: 1,
  });
  const props = failures.map((f) => f.property).sort();
  assert.deepEqual(props, [
    "endpoint",
    "extra",
    "failOn",
    "onDelete",
    "operations[0]",
    "quotaProject",
    "timeout",
    "watches[0]",
    "watches[1].parent",
    "watches[1].targets[0]",
  ]);
  for (const f of failures)
    assert.ok(
      f.reason.length > 10 && f.reason.startsWith(f.property.replace(/\[.*$/, "")),
      JSON.stringify(f),
    );
  assert.deepEqual(
    checkInputs({ operations: ["projects/my-project/locations/global/operations/ok"], timeout: "90s" }),
    [],
  );
});
