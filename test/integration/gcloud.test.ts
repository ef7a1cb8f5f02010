import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { describe, it } from "node:test";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index";
import { PARENT, opName, call, type OperationJson } from "../helpers/emulator";
import { findGcloud, gcloudSandbox, type GcloudSandbox } from "../helpers/emulator-gcloud";

const GCLOUD = findGcloud();
const IN_CI = process.env["CI"] === "true";
const LOC = "us-central1";
const MEMBER = "--member=serviceAccount:x@my-proj.iam.gserviceaccount.com";

async function withGcloud(
  options: EmulatorOptions & { disableCredentials?: boolean },
  fn: (emu: Emulator, gc: GcloudSandbox) => Promise<void>,
): Promise<void> {
  if (GCLOUD === undefined) throw new Error("gcloud not found");
  const { disableCredentials, ...emuOptions } = options;
  const emu = await startEmulator(emuOptions);
  const gc = await gcloudSandbox(GCLOUD, {
    url: emu.url,
    ...(disableCredentials !== undefined ? { disableCredentials } : {}),
  });
  try {
    await fn(emu, gc);
  } finally {
    await gc.dispose();
    await emu.close();
  }
}

/** Poll the emulator (not the clock) until an operation targeting `target` (with `verb`) exists. */
async function waitForOperation(emu: Emulator, target: string, verb?: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const found = emu.operations().find((s) => {
      const { metadata } = s.operation as unknown as OperationJson;
      return metadata.target === target && (verb === undefined || metadata.verb === verb);
    });
    if (found !== undefined) return found.name;
    await delay(50);
  }
  throw new Error(`no operation for ${target} appeared`);
}

/** Create an app connector and an app connection through the REST API; both are ready at once. */
async function seedResources(emu: Emulator, version: "v1" | "v1alpha" = "v1"): Promise<void> {
  const saved = emu.configure({}).lroDoneAfterMs;
  emu.configure({ lroDoneAfterMs: 0 });
  const base = `/${version}/${PARENT}`;
  const connector = { principalInfo: { serviceAccount: { email: "x@my-proj.iam.gserviceaccount.com" } } };
  const made = [
    await call(emu.url, "POST", `${base}/appConnectors?appConnectorId=conn-u`, {
      body: { ...connector, displayName: "old" },
    }),
    await call(emu.url, "POST", `${base}/appConnections?appConnectionId=link-u`, {
      body: {
        applicationEndpoint: { host: "old.internal", port: 443 },
        type: "TCP_PROXY",
        displayName: "old",
      },
    }),
  ];
  for (const res of made) assert.equal(res.status, 200, res.text);
  emu.configure({ lroDoneAfterMs: saved });
}

async function readResource(emu: Emulator, path: string): Promise<Record<string, unknown>> {
  return (await call(emu.url, "GET", path)).json<Record<string, unknown>>();
}

if (GCLOUD === undefined && IN_CI) {
  it("gcloud is installed (required when CI=true)", () => {
    assert.fail("gcloud was not found on PATH or at /usr/bin/gcloud, and CI=true requires it");
  });
}

describe(
  "gcloud against the emulator",
  {
    concurrency: true,
    skip: GCLOUD === undefined ? "gcloud is not installed (set GCLOUD or add it to PATH)" : false,
  },
  () => {
    it("describes an operation and pages through operations list", async () => {
      await withGcloud({}, async (emu, gc) => {
        for (let i = 1; i <= 5; i++) {
          emu.seed({
            name: opName(`op-${i}`),
            target: `${PARENT}/appConnectors/c${i}`,
            doneAfterMs: i % 2 === 0 ? 0 : undefined,
          });
        }
        const described = await gc.run([
          "beta",
          "beyondcorp",
          "app",
          "operations",
          "describe",
          "op-2",
          `--location=${LOC}`,
          "--format=json",
        ]);
        assert.equal(described.code, 0, described.stderr);
        const op = JSON.parse(described.stdout) as OperationJson;
        assert.equal(op.name, opName("op-2"));
        assert.equal(op.done, true);
        assert.equal(op.metadata.target, `${PARENT}/appConnectors/c2`);
        emu.clearRequests();
        const listed = await gc.run([
          "beta",
          "beyondcorp",
          "app",
          "operations",
          "list",
          `--location=${LOC}`,
          "--page-size=2",
          "--format=json",
        ]);
        assert.equal(listed.code, 0, listed.stderr);
        const ops = JSON.parse(listed.stdout) as OperationJson[];
        assert.deepEqual(
          ops.map((o) => o.name).sort(),
          [1, 2, 3, 4, 5].map((i) => opName(`op-${i}`)),
        );
        const lists = emu.requests().filter((e) => e.route === "list");
        assert.equal(lists.length, 3);
        assert.ok(lists.every((e) => e.query["pageSize"] === "2"));
        assert.equal(lists.filter((e) => e.query["pageToken"] !== undefined).length, 2);
      });
    });

    it("creates a connector with --async and prints the operation", async () => {
      await withGcloud({ lroDoneAfterMs: null }, async (emu, gc) => {
        const res = await gc.run([
          "beta",
          "beyondcorp",
          "app",
          "connectors",
          "create",
          "conn-a",
          `--location=${LOC}`,
          MEMBER,
          "--async",
        ]);
        assert.equal(res.code, 0, res.stderr);
        const name = /Check operation \[([^\]]+)\]/.exec(res.stderr)?.[1];
        assert.ok(name?.startsWith(`${PARENT}/operations/operation-`), res.stderr);
        const op = (await call(emu.url, "GET", `/v1/${name}`)).json<OperationJson>();
        assert.equal(op.metadata.verb, "create");
        assert.equal(op.metadata.target, `${PARENT}/appConnectors/conn-a`);
        const create = emu.requests().find((e) => e.route === "create");
        assert.equal(create?.query["appConnectorId"], "conn-a");
      });
    });

    it("waits for a create LRO until done, then reads the connector", async () => {
      await withGcloud({ lroDoneAfterMs: 300 }, async (emu, gc) => {
        const res = await gc.run([
          "beta",
          "beyondcorp",
          "app",
          "connectors",
          "create",
          "conn-b",
          `--location=${LOC}`,
          MEMBER,
          "--format=json",
        ]);
        assert.equal(res.code, 0, res.stderr);
        const connector = JSON.parse(res.stdout) as Record<string, unknown>;
        assert.equal(connector["name"], `${PARENT}/appConnectors/conn-b`);
        assert.equal(connector["state"], "CREATED");
        assert.deepEqual(connector["principalInfo"], {
          serviceAccount: { email: "x@my-proj.iam.gserviceaccount.com" },
        });
        assert.ok(emu.requests().some((e) => e.route === "get" && e.doneObserved.length === 1));
        assert.equal((await call(emu.url, "GET", `/v1/${PARENT}/appConnectors/conn-b`)).status, 200);
      });
    });

    it("fails with the cancellation when the LRO it waits on is cancelled", async () => {
      await withGcloud({ lroDoneAfterMs: null, cancelDelayMs: 0 }, async (emu, gc) => {
        const running = gc.run([
          "beta",
          "beyondcorp",
          "app",
          "connectors",
          "create",
          "conn-c",
          `--location=${LOC}`,
          MEMBER,
        ]);
        const name = await waitForOperation(emu, `${PARENT}/appConnectors/conn-c`);
        assert.equal((await call(emu.url, "POST", `/v1/${name}:cancel`)).status, 200);
        const res = await running;
        assert.notEqual(res.code, 0);
        assert.match(res.stderr, /Operation was cancelled/);
        assert.match(res.stderr, /"code": 1/);
        assert.equal((await call(emu.url, "GET", `/v1/${PARENT}/appConnectors/conn-c`)).status, 404);
      });
    });

    it("sends an --access-token-file bearer that the emulator accepts with auth on", async () => {
      await withGcloud({ auth: true, disableCredentials: false }, async (emu, gc) => {
        emu.seed({ name: opName("auth-op") });
        const file = join(gc.dir, "token");
        await writeFile(file, emu.issueToken({ subject: "gcloud" }));
        const args = [
          "beta",
          "beyondcorp",
          "app",
          "operations",
          "describe",
          "auth-op",
          `--location=${LOC}`,
          "--format=json",
        ];
        const ok = await gc.run([...args, `--access-token-file=${file}`]);
        assert.equal(ok.code, 0, ok.stderr);
        assert.equal((JSON.parse(ok.stdout) as OperationJson).name, opName("auth-op"));
        const get = emu.requests().find((e) => e.route === "get");
        assert.equal(get?.authorized, true);
        assert.equal(get?.identity, "emulator:gcloud");
        emu.revokeAllTokens();
        const denied = await gc.run([...args, `--access-token-file=${file}`]);
        assert.notEqual(denied.code, 0);
        assert.match(denied.stderr, /UNAUTHENTICATED|401|authentication/i);
      });
    });

    it("beta (v1) connectors update: PATCH with updateMask, waits on the update LRO, reads the result", async () => {
      await withGcloud({ lroDoneAfterMs: 300 }, async (emu, gc) => {
        await seedResources(emu);
        emu.clearRequests();
        const res = await gc.run([
          "beta",
          "beyondcorp",
          "app",
          "connectors",
          "update",
          "conn-u",
          `--location=${LOC}`,
          "--display-name=new",
          "--format=json",
        ]);
        assert.equal(res.code, 0, res.stderr);
        assert.match(res.stderr, /Updated app connector \[conn-u\]/);
        const printed = JSON.parse(res.stdout) as Record<string, unknown>;
        assert.equal(printed["displayName"], "new");
        assert.equal(printed["state"], "CREATED");
        const patch = emu.requests().find((e) => e.route === "update");
        assert.equal(patch?.method, "PATCH");
        assert.equal(patch?.path, `/v1/${PARENT}/appConnectors/conn-u`);
        assert.equal(patch?.query["updateMask"], "displayName");
        assert.ok(emu.requests().some((e) => e.route === "get" && e.doneObserved.length === 1));
        const name = await waitForOperation(emu, `${PARENT}/appConnectors/conn-u`, "update");
        const op = (await call(emu.url, "GET", `/v1/${name}`)).json<OperationJson>();
        assert.equal(op.done, true);
        assert.equal(op.metadata.apiVersion, "v1");
        assert.equal((await readResource(emu, `/v1/${PARENT}/appConnectors/conn-u`))["displayName"], "new");
      });
    });

    it("beta (v1) connectors update fails with the cancellation when its LRO is cancelled", async () => {
      await withGcloud({ lroDoneAfterMs: null, cancelDelayMs: 0 }, async (emu, gc) => {
        await seedResources(emu);
        const running = gc.run([
          "beta",
          "beyondcorp",
          "app",
          "connectors",
          "update",
          "conn-u",
          `--location=${LOC}`,
          "--display-name=new",
        ]);
        const name = await waitForOperation(emu, `${PARENT}/appConnectors/conn-u`, "update");
        assert.equal((await call(emu.url, "POST", `/v1/${name}:cancel`)).status, 200);
        const res = await running;
        assert.notEqual(res.code, 0);
        assert.match(res.stderr, /Operation was cancelled/);
        const connector = await readResource(emu, `/v1/${PARENT}/appConnectors/conn-u`);
        assert.equal(connector["displayName"], "old");
        assert.equal(connector["state"], "CREATED");
      });
    });

    it("alpha (v1alpha) connections update: a mixed-case mask, the update LRO keeps v1alpha", async () => {
      await withGcloud({ lroDoneAfterMs: 300 }, async (emu, gc) => {
        await seedResources(emu, "v1alpha");
        emu.clearRequests();
        const res = await gc.run([
          "alpha",
          "beyondcorp",
          "app",
          "connections",
          "update",
          "link-u",
          `--location=${LOC}`,
          "--display-name=new",
          "--application-endpoint=new.internal:8443",
          "--format=json",
        ]);
        assert.equal(res.code, 0, res.stderr);
        const patch = emu.requests().find((e) => e.route === "update");
        assert.equal(patch?.path, `/v1alpha/${PARENT}/appConnections/link-u`);
        // gcloud writes this mask half camelCase, half snake_case; both bind.
        assert.deepEqual(patch?.query["updateMask"]?.split(",").sort(), [
          "application_endpoint",
          "displayName",
        ]);
        const name = await waitForOperation(emu, `${PARENT}/appConnections/link-u`, "update");
        const op = (await call(emu.url, "GET", `/v1/${name}`)).json<OperationJson>();
        assert.equal(op.metadata.apiVersion, "v1alpha");
        assert.match(op.metadata["@type"], /appconnections\.v1alpha\.AppConnectionOperationMetadata$/);
        const link = await readResource(emu, `/v1alpha/${PARENT}/appConnections/link-u`);
        assert.equal(link["displayName"], "new");
        assert.deepEqual(link["applicationEndpoint"], { host: "new.internal", port: 8443 });
        assert.equal(link["type"], "TCP_PROXY");
      });
    });

    it("beta (v1) connections update fails with the cancellation and keeps the old endpoint", async () => {
      await withGcloud({ lroDoneAfterMs: null, cancelDelayMs: 0 }, async (emu, gc) => {
        await seedResources(emu);
        const running = gc.run([
          "beta",
          "beyondcorp",
          "app",
          "connections",
          "update",
          "link-u",
          `--location=${LOC}`,
          "--application-endpoint=new.internal:8443",
        ]);
        const name = await waitForOperation(emu, `${PARENT}/appConnections/link-u`, "update");
        assert.equal((await call(emu.url, "POST", `/v1/${name}:cancel`)).status, 200);
        const res = await running;
        assert.notEqual(res.code, 0);
        assert.match(res.stderr, /Operation was cancelled/);
        const link = await readResource(emu, `/v1/${PARENT}/appConnections/link-u`);
        assert.deepEqual(link["applicationEndpoint"], { host: "old.internal", port: 443 });
      });
    });
  },
);
