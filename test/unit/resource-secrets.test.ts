/**
 * A token the program passes as a plain string must reach the engine only as a secret: the
 * resource's inputs (stored in state as they are) wrapped with `pulumi.secret`, and its outputs of
 * the same names listed in `additionalSecretOutputs` (the dynamic provider returns them in plain).
 * The registration request the engine receives is read here, as the engine would read it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getObject(): { toJavaScript(): Record<string, unknown> };
  getAdditionalsecretoutputsList(): string[];
}
const registered: RegisterRequest[] = [];
void pulumi.runtime.setMocks(
  {
    newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
    call: (args) => args.inputs,
  },
  "project",
  "stack",
  false,
);
const monitor = pulumi.runtime.getMonitor() as unknown as {
  registerResource(req: RegisterRequest, cb: unknown): unknown;
};
const original = monitor.registerResource.bind(monitor);
monitor.registerResource = (req, cb) => {
  registered.push(req);
  return original(req, cb);
};

// Loaded after setMocks, as Pulumi's docs prescribe.
const { OperationCanceller } =
  require("../../src/pulumi/resource") as typeof import("../../src/pulumi/resource");

const TOKEN = "ya29.plain-string-token";
const KEY = '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\\nAAAA\\n"}';

async function register(name: string, args: ConstructorParameters<typeof OperationCanceller>[1], opts = {}) {
  const r = new OperationCanceller(name, args, opts);
  await new Promise<void>((resolve) => r.urn.apply(() => resolve()));
  const req = registered.find((q) => q.getName() === name && q.getType().endsWith("OperationCanceller"));
  assert.ok(req, `no registration of ${name}`);
  return req;
}

test("a plain-string accessToken and credentials are registered as secrets", async () => {
  const req = await register("plain", {
    operations: ["projects/my-project/locations/global/operations/op-1"],
    accessToken: TOKEN,
    credentials: KEY,
  });
  const inputs = req.getObject().toJavaScript();
  for (const [k, plain] of [
    ["accessToken", TOKEN],
    ["credentials", KEY],
  ] as const) {
    const v = inputs[k] as Record<string, unknown>;
    assert.equal(typeof v, "object", `${k} sent in plaintext: ${JSON.stringify(v)}`);
    assert.equal(v[SIG], SECRET, `${k} not marked secret`);
    assert.equal(v["value"], plain);
  }
  assert.ok(!JSON.stringify(inputs["__provider"] ?? "").includes("plain-string-token"));
});

test("accessToken and credentials are additional secret outputs, next to the caller's own", async () => {
  const req = await register(
    "with-opts",
    { operations: [], accessToken: TOKEN },
    { additionalSecretOutputs: ["lastRun"] },
  );
  assert.deepEqual([...req.getAdditionalsecretoutputsList()].sort(), [
    "accessToken",
    "credentials",
    "lastRun",
  ]);
});

test("without a token nothing is invented, and the secret outputs are still declared", async () => {
  const req = await register("no-token", { operations: [] });
  const inputs = req.getObject().toJavaScript();
  assert.equal(inputs["accessToken"], undefined);
  assert.equal(inputs["credentials"], undefined);
  assert.deepEqual([...req.getAdditionalsecretoutputsList()].sort(), ["accessToken", "credentials"]);
});

test("without options too, registered under the package's own type", async () => {
  const r = new OperationCanceller("no-opts", { operations: [] });
  await new Promise<void>((resolve) => r.urn.apply(() => resolve()));
  const req = registered.find((q) => q.getName() === "no-opts");
  assert.ok(req, "no registration of no-opts");
  assert.equal(req.getType(), "pulumi-nodejs:dynamic/beyondcorp-ops:OperationCanceller");
  assert.deepEqual([...req.getAdditionalsecretoutputsList()].sort(), ["accessToken", "credentials"]);
});
