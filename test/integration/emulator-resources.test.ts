import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ManualClock,
  PARENT,
  withEmulator,
  type ErrorJson,
  type ListJson,
  type OperationJson,
} from "../helpers/emulator";

const CONNECTORS = `/v1/${PARENT}/appConnectors`;
const GATEWAYS = "/v1/projects/my-proj/locations/global/securityGateways";
const SA = {
  principalInfo: { serviceAccount: { email: "sa@my-proj.iam.gserviceaccount.com" } },
  displayName: "C",
};

describe("emulator resource LROs, request log and control API", () => {
  it("creates an app connector through an LRO timed by lroDoneAfterMs", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now }, async (_emu, api) => {
      const res = await api("POST", `${CONNECTORS}?appConnectorId=c1`, { body: SA });
      assert.equal(res.status, 200);
      const op = res.json<OperationJson>();
      assert.match(
        op.name,
        new RegExp(`^${PARENT}/operations/operation-\\d+-[0-9a-f]{13}-[0-9a-f]{8}-[0-9a-f]{8}$`),
      );
      assert.equal(op.metadata.verb, "create");
      assert.equal(op.metadata.target, `${PARENT}/appConnectors/c1`);
      assert.equal(op.done, undefined);
      const creating = (await api("GET", `${CONNECTORS}/c1`)).json<Record<string, unknown>>();
      assert.equal(creating["state"], "CREATING");
      const dup = await api("POST", `${CONNECTORS}?appConnectorId=c1`, { body: SA });
      assert.equal(dup.status, 409);
      assert.equal(dup.json<ErrorJson>().error.status, "ALREADY_EXISTS");
      clock.advance(1000);
      const done = (await api("GET", `/v1/${op.name}`)).json<OperationJson>();
      assert.equal(done.done, true);
      const { "@type": type, ...resource } = done.response ?? { "@type": "" };
      assert.equal(type, "type.googleapis.com/google.cloud.beyondcorp.appconnectors.v1.AppConnector");
      assert.equal(resource["name"], `${PARENT}/appConnectors/c1`);
      assert.equal(resource["state"], "CREATED");
      assert.equal(resource["displayName"], "C");
      assert.deepEqual(resource["principalInfo"], SA.principalInfo);
      assert.equal(typeof resource["createTime"], "string");
      assert.equal(typeof resource["updateTime"], "string");
      const got = (await api("GET", `${CONNECTORS}/c1`)).json<Record<string, unknown>>();
      assert.deepEqual(got, resource);
      const list = (await api("GET", CONNECTORS)).json<{ appConnectors: Record<string, unknown>[] }>();
      assert.deepEqual(list.appConnectors, [resource]);
    });
  });

  it("deletes through an LRO whose response is google.protobuf.Empty", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now, lroDoneAfterMs: 10 }, async (_emu, api) => {
      await api("POST", `${GATEWAYS}?securityGatewayId=sg1`, { body: {} });
      clock.advance(10);
      assert.equal((await api("GET", `${GATEWAYS}/sg1`)).json<Record<string, unknown>>()["state"], "RUNNING");
      const del = (await api("DELETE", `${GATEWAYS}/sg1`)).json<OperationJson>();
      assert.equal(del.metadata.verb, "delete");
      assert.match(del.metadata["@type"], /securitygateways\.v1\.SecurityGatewayOperationMetadata$/);
      assert.equal(
        (await api("GET", `${GATEWAYS}/sg1`)).json<Record<string, unknown>>()["state"],
        "DELETING",
      );
      clock.advance(10);
      const done = (await api("GET", `/v1/${del.name}`)).json<OperationJson>();
      assert.deepEqual(done.response, { "@type": "type.googleapis.com/google.protobuf.Empty" });
      assert.equal((await api("GET", `${GATEWAYS}/sg1`)).status, 404);
      assert.deepEqual((await api("GET", GATEWAYS)).json(), {});
      assert.equal((await api("DELETE", `${GATEWAYS}/sg1`)).status, 404);
    });
  });

  it("a cancelled create leaves no resource; config changes apply to new LROs", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now }, async (emu, api) => {
      const cfg = await api("POST", "/emulator/config", { body: { lroDoneAfterMs: null, cancelDelayMs: 5 } });
      assert.equal(cfg.json<Record<string, unknown>>()["lroDoneAfterMs"], null);
      const op = (await api("POST", `${CONNECTORS}?appConnectorId=c2`, { body: SA })).json<OperationJson>();
      clock.advance(100_000);
      assert.equal((await api("GET", `/v1/${op.name}`)).json<OperationJson>().done, undefined);
      await api("POST", `/v1/${op.name}:cancel`, { body: {} });
      clock.advance(5);
      assert.equal((await api("GET", `/v1/${op.name}`)).json<OperationJson>().error?.code, 1);
      assert.equal((await api("GET", `${CONNECTORS}/c2`)).status, 404);
      emu.configure({ onCancel: "unimplemented" });
      const op2 = (await api("POST", `${CONNECTORS}?appConnectorId=c2`, { body: SA })).json<OperationJson>();
      assert.equal((await api("POST", `/v1/${op2.name}:cancel`)).status, 501);
      assert.equal((await api("POST", "/emulator/config", { body: { bogus: 1 } })).status, 400);
    });
  });

  it("rejects a bad id, a bad body and unknown collections", async () => {
    await withEmulator({}, async (_emu, api) => {
      assert.equal((await api("POST", `${CONNECTORS}?appConnectorId=Bad_Id`, { body: SA })).status, 400);
      const noSa = await api("POST", `${CONNECTORS}?appConnectorId=c3`, { body: {} });
      assert.equal(noSa.status, 400);
      assert.match(noSa.json<ErrorJson>().error.message, /principalInfo\.serviceAccount\.email/);
      assert.equal((await api("POST", `${CONNECTORS}?appConnectorId=c3`, { body: "[1," })).status, 400);
      assert.equal((await api("GET", `/v1/${PARENT}/widgets`)).status, 404);
    });
  });

  it("logs API requests (not control ones unless all=1) with doneObserved, and clears", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now }, async (emu, api) => {
      emu.seed({ name: `${PARENT}/operations/d`, doneAfterMs: 0 });
      emu.seed({ name: `${PARENT}/operations/r` });
      await api("GET", `/v1/${PARENT}/operations/d?alt=json&access_token=secret`, {
        headers: { authorization: "Bearer top-secret" },
      });
      await api("GET", `/v1/${PARENT}/operations?pageSize=10`);
      await api("POST", `/v1/${PARENT}/operations/r:cancel`);
      await api("DELETE", `/v1/${PARENT}/operations/r`);
      await api("POST", `${CONNECTORS}?appConnectorId=c9`, { body: SA });
      await api("GET", `${CONNECTORS}/c9`);
      await api("POST", "/token", { body: "grant_type=x" });
      await api("GET", "/favicon.ico");
      const log = (await api("GET", "/emulator/requests")).json<Record<string, unknown>[]>();
      assert.deepEqual(
        log.map((e) => e["route"]),
        ["get", "list", "cancel", "delete", "create", "resource", "token", "other"],
      );
      assert.deepEqual(log[0]?.["doneObserved"], [`${PARENT}/operations/d`]);
      assert.deepEqual(log[0]?.["query"], { alt: "json", access_token: "<redacted>" });
      assert.equal(log[0]?.["bearerPresent"], true);
      assert.equal(log[0]?.["authorized"], true);
      assert.deepEqual(log[1]?.["doneObserved"], [`${PARENT}/operations/d`]);
      assert.ok(!JSON.stringify(log).includes("top-secret"));
      assert.ok(!JSON.stringify(log).includes('secret"'));
      for (const e of log) {
        assert.equal(typeof e["seq"], "number");
        assert.equal(typeof e["durationMs"], "number");
        assert.equal(typeof e["status"], "number");
      }
      const all = (await api("GET", "/emulator/requests?all=1")).json<Record<string, unknown>[]>();
      assert.ok(all.some((e) => e["route"] === "control"));
      assert.equal((await api("DELETE", "/emulator/requests")).status, 200);
      assert.deepEqual(emu.requests(), []);
    });
  });

  it("POST /emulator/reset clears operations, resources, faults, logs and tokens", async () => {
    await withEmulator({ auth: true }, async (emu, api) => {
      emu.seed({ name: `${PARENT}/operations/x` });
      const token = emu.issueToken();
      const auth = { authorization: `Bearer ${token}` };
      await api("POST", `${CONNECTORS}?appConnectorId=c1`, { body: SA, headers: auth });
      emu.addFault({ route: "get", times: -1, fault: { type: "status", status: 503 } });
      assert.equal((await api("POST", "/emulator/reset")).status, 200);
      assert.deepEqual(emu.operations(), []);
      assert.deepEqual(emu.requests(), []);
      assert.equal((await api("GET", `/v1/${PARENT}/operations`, { headers: auth })).status, 401);
      const fresh = { authorization: `Bearer ${emu.issueToken()}` };
      assert.deepEqual(
        (await api("GET", `/v1/${PARENT}/operations`, { headers: fresh })).json<ListJson>(),
        {},
      );
      assert.equal((await api("GET", `${CONNECTORS}/c1`, { headers: fresh })).status, 404);
      assert.equal((await api("GET", "/emulator/nope")).status, 404);
      assert.equal((await api("GET", "/emulator/health")).json<Record<string, unknown>>()["auth"], true);
    });
  });
});
