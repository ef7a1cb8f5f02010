import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type Emulator } from "../../src/emulator";
import { createProvider } from "../../src/pulumi/provider";

// The real dynamic-provider host shipped in @pulumi/pulumi, spawned as Pulumi spawns it and driven
// over gRPC with the SDK's own generated stubs.
const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const rpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const pb = require("@pulumi/pulumi/proto/provider_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const HOST = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");

const P = "projects/host-project/locations/global";
type Props = Record<string, unknown>;
type GrpcMethod = (req: unknown, cb: (err: Error | null, res: unknown) => void) => void;

function call<T>(client: Record<string, GrpcMethod>, method: string, req: unknown): Promise<T> {
  return new Promise((resolve, reject) =>
    client[method]!.call(client, req, (err: Error | null, res: unknown) =>
      err ? reject(err) : resolve(res as T),
    ),
  );
}

describe("dynamic-provider host over gRPC", () => {
  let emu: Emulator;
  let host: ChildProcess;
  let client: Record<string, GrpcMethod>;
  let providerText: string;
  let id: string;
  let created: Props;
  const op = (x: string) => `${P}/operations/${x}`;

  before(async () => {
    emu = await startEmulator({ auth: true });
    for (const x of ["h1", "h2", "h3"]) emu.seed({ name: op(x), cancelDelayMs: 100 });
    // Exactly what dynamic.Resource stores in `__provider`.
    const provider = createProvider();
    providerText = (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false })).text;
    host = spawn(process.execPath, [HOST, "127.0.0.1:1"], {
      cwd: path.resolve(__dirname, "../../.."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<string>((resolve) =>
      host.stdout!.once("data", (b: Buffer) => resolve(b.toString().trim())),
    );
    client = new rpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const req = new pb.ConfigureRequest();
    req.setArgs(
      Struct.fromJavaScript({ "gcp:beyondcorpCustomEndpoint": emu.url, "gcp:accessToken": emu.issueToken() }),
    );
    await call(client, "configure", req);
  });
  after(async () => {
    host?.kill();
    await emu?.close();
  });

  const inputs = (extra: Props = {}): Props => ({
    operations: [op("h1"), op("h2")],
    pollInitialDelay: "50ms",
    pollMaxDelay: "200ms",
    ...extra,
    __provider: providerText,
  });

  test("check names the failing property and passes good inputs", async () => {
    const req = new pb.CheckRequest();
    req.setUrn("urn:pulumi:s::p::pulumi-nodejs:dynamic/beyondcorp-ops:OperationCanceller::g");
    req.setOlds(Struct.fromJavaScript({}));
    req.setNews(
      Struct.fromJavaScript(
        inputs({ operations: ["projects/x/locations/global/operations/../../y"], timeout: "soon" }),
      ),
    );
    const bad = await call<{ getFailuresList(): Array<{ getProperty(): string; getReason(): string }> }>(
      client,
      "check",
      req,
    );
    assert.deepEqual(
      bad
        .getFailuresList()
        .map((f) => f.getProperty())
        .sort(),
      ["operations[0]", "timeout"],
    );
    req.setNews(Struct.fromJavaScript(inputs()));
    const good = await call<{ getFailuresList(): unknown[] }>(client, "check", req);
    assert.equal(good.getFailuresList().length, 0);
    assert.equal(emu.requests().length, 0, "check makes no API request");
  });

  test("create records state (provider config supplies endpoint and token), cancels nothing", async () => {
    const req = new pb.CreateRequest();
    req.setUrn("urn:pulumi:s::p::pulumi-nodejs:dynamic/beyondcorp-ops:OperationCanceller::g");
    req.setProperties(Struct.fromJavaScript(inputs()));
    const res = await call<{ getId(): string; getProperties(): { toJavaScript(): Props } }>(
      client,
      "create",
      req,
    );
    id = res.getId();
    created = res.getProperties().toJavaScript();
    assert.match(id, /^canceller-/);
    assert.deepEqual(created["trackedOperations"], [`v1/${op("h1")}`, `v1/${op("h2")}`]);
    assert.equal(
      (created["operationStates"] as Record<string, { state: string }>)[`v1/${op("h1")}`]?.state,
      "PENDING",
    );
    assert.equal(emu.requests().filter((r) => r.route === "cancel").length, 0);
    assert.ok(
      emu.requests().every((r) => r.authorized),
      "token from gcp:accessToken config was used",
    );
  });

  test("diff updates in place, never replaces", async () => {
    const req = new pb.DiffRequest();
    req.setId(id);
    req.setUrn("urn:pulumi:s::p::pulumi-nodejs:dynamic/beyondcorp-ops:OperationCanceller::g");
    req.setOlds(Struct.fromJavaScript(created));
    req.setNews(Struct.fromJavaScript(inputs({ operations: [op("h1")] })));
    const res = await call<{ getChanges(): number; getReplacesList(): string[] }>(client, "diff", req);
    assert.equal(res.getChanges(), pb.DiffResponse.DiffChanges.DIFF_SOME);
    assert.deepEqual(res.getReplacesList(), []);
  });

  test("read keeps the id and refreshes states", async () => {
    const req = new pb.ReadRequest();
    req.setId(id);
    req.setUrn("urn:pulumi:s::p::pulumi-nodejs:dynamic/beyondcorp-ops:OperationCanceller::g");
    req.setProperties(Struct.fromJavaScript(created));
    req.setInputs(Struct.fromJavaScript(inputs()));
    const res = await call<{ getId(): string }>(client, "read", req);
    assert.equal(res.getId(), id);
  });

  test("update cancels the operation no longer tracked and waits for it", async () => {
    const req = new pb.UpdateRequest();
    req.setId(id);
    req.setUrn("urn:pulumi:s::p::pulumi-nodejs:dynamic/beyondcorp-ops:OperationCanceller::g");
    req.setOlds(Struct.fromJavaScript(created));
    req.setNews(Struct.fromJavaScript(inputs({ operations: [op("h1")] })));
    const res = await call<{ getProperties(): { toJavaScript(): Props } }>(client, "update", req);
    const outs = res.getProperties().toJavaScript();
    assert.deepEqual(outs["trackedOperations"], [`v1/${op("h1")}`]);
    const snap = emu.operations().find((o) => o.name === op("h2"))!;
    assert.equal(snap.cancelCount, 1);
    assert.ok(snap.doneAtMs !== null && snap.doneAtMs <= Date.now());
    assert.equal(emu.operations().find((o) => o.name === op("h1"))!.cancelCount, 0);
    created = outs;
  });

  test("delete cancels what is left and waits until terminal", async () => {
    const req = new pb.DeleteRequest();
    req.setId(id);
    req.setUrn("urn:pulumi:s::p::pulumi-nodejs:dynamic/beyondcorp-ops:OperationCanceller::g");
    req.setProperties(Struct.fromJavaScript(created));
    await call(client, "delete", req);
    const snap = emu.operations().find((o) => o.name === op("h1"))!;
    assert.equal(snap.cancelCount, 1);
    assert.ok(snap.doneAtMs !== null && snap.doneAtMs <= Date.now());
    assert.equal(
      emu.operations().find((o) => o.name === op("h3"))!.cancelCount,
      0,
      "untracked operations are left alone",
    );
  });
});
