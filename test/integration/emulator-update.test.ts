import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ManualClock, PARENT, withEmulator, type ErrorJson, type OperationJson } from "../helpers/emulator";

const CONNECTORS = `/v1/${PARENT}/appConnectors`;
const CONNECTIONS = `/v1/${PARENT}/appConnections`;
const SA = { principalInfo: { serviceAccount: { email: "sa@my-proj.iam.gserviceaccount.com" } } };
type Resource = Record<string, unknown>;

describe("emulator PATCH: update LROs with updateMask", () => {
  it("updates an app connector through an LRO with verb update; UPDATING while it runs", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now, lroDoneAfterMs: 100 }, async (emu, api) => {
      await api("POST", `${CONNECTORS}?appConnectorId=c1`, {
        body: { ...SA, displayName: "old", labels: { a: "1" } },
      });
      clock.advance(100);
      const res = await api("PATCH", `${CONNECTORS}/c1?updateMask=displayName`, {
        body: { displayName: "new", labels: { ignored: "not in the mask" } },
      });
      assert.equal(res.status, 200, res.text);
      const op = res.json<OperationJson>();
      assert.equal(op.metadata.verb, "update");
      assert.equal(op.metadata.target, `${PARENT}/appConnectors/c1`);
      assert.match(op.metadata["@type"], /appconnectors\.v1\.AppConnectorOperationMetadata$/);
      assert.equal(op.done, undefined);
      assert.equal(emu.requests().at(-1)?.route, "update");
      const updating = (await api("GET", `${CONNECTORS}/c1`)).json<Resource>();
      assert.equal(updating["state"], "UPDATING");
      assert.equal(updating["displayName"], "old");
      clock.advance(100);
      const done = (await api("GET", `/v1/${op.name}`)).json<OperationJson>();
      assert.equal(done.done, true);
      assert.equal(
        done.response?.["@type"],
        "type.googleapis.com/google.cloud.beyondcorp.appconnectors.v1.AppConnector",
      );
      assert.equal(done.response?.["displayName"], "new");
      assert.equal(done.response?.["state"], "CREATED");
      const got = (await api("GET", `${CONNECTORS}/c1`)).json<Resource>();
      assert.equal(got["state"], "CREATED");
      assert.equal(got["displayName"], "new");
      assert.deepEqual(got["labels"], { a: "1" });
      assert.deepEqual(got["principalInfo"], SA.principalInfo);
      assert.equal(got["updateTime"], new Date(clock.t).toISOString());
    });
  });

  it("a cancelled update leaves the fields as they were", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now, lroDoneAfterMs: 100, cancelDelayMs: 5 }, async (_emu, api) => {
      await api("POST", `${CONNECTORS}?appConnectorId=c1`, { body: { ...SA, displayName: "old" } });
      clock.advance(100);
      const op = (
        await api("PATCH", `${CONNECTORS}/c1?update_mask=display_name`, { body: { displayName: "new" } })
      ).json<OperationJson>();
      assert.equal((await api("POST", `/v1/${op.name}:cancel`, { body: {} })).status, 200);
      clock.advance(5);
      assert.equal((await api("GET", `/v1/${op.name}`)).json<OperationJson>().error?.code, 1);
      const got = (await api("GET", `${CONNECTORS}/c1`)).json<Resource>();
      assert.equal(got["state"], "CREATED");
      assert.equal(got["displayName"], "old");
    });
  });

  it("app connections: mask paths in snake_case or camelCase, cleared when the body leaves them out", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now, lroDoneAfterMs: 0 }, async (_emu, api) => {
      const endpoint = { host: "app.internal", port: 443 };
      await api("POST", `${CONNECTIONS}?appConnectionId=k1`, {
        body: { applicationEndpoint: endpoint, type: "TCP_PROXY", labels: { x: "1" }, connectors: ["a"] },
      });
      const mask = "application_endpoint,connectors,labels";
      const res = await api("PATCH", `${CONNECTIONS}/k1?updateMask=${mask}`, {
        body: { applicationEndpoint: { host: "new.internal", port: 8443 }, connectors: ["b", "c"] },
      });
      assert.equal(res.status, 200, res.text);
      const got = (await api("GET", `${CONNECTIONS}/k1`)).json<Resource>();
      assert.deepEqual(got["applicationEndpoint"], { host: "new.internal", port: 8443 });
      assert.deepEqual(got["connectors"], ["b", "c"]);
      assert.equal(got["labels"], undefined);
      assert.equal(got["type"], "TCP_PROXY");
    });
  });

  it("refuses a missing mask, fields outside the mutable list, a busy resource and a missing one", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now, lroDoneAfterMs: 100 }, async (_emu, api) => {
      await api("POST", `${CONNECTORS}?appConnectorId=c1`, { body: SA });
      const busy = await api("PATCH", `${CONNECTORS}/c1?updateMask=displayName`, {
        body: { displayName: "x" },
      });
      assert.equal(busy.status, 400);
      assert.equal(busy.json<ErrorJson>().error.status, "FAILED_PRECONDITION");
      clock.advance(100);
      for (const [query, pattern] of [
        ["", /updateMask.*required/],
        ["?updateMask=", /updateMask.*required/],
        ["?updateMask=principalInfo", /may only name labels, displayName/],
        ["?updateMask=state", /output only/],
        ["?updateMask=displayName,", /not a field path/],
      ] as const) {
        const res = await api("PATCH", `${CONNECTORS}/c1${query}`, { body: { displayName: "x" } });
        assert.equal(res.status, 400, query);
        assert.match(res.json<ErrorJson>().error.message, pattern, query);
      }
      const wrongName = await api("PATCH", `${CONNECTORS}/c1?updateMask=displayName`, {
        body: { name: `${PARENT}/appConnectors/other`, displayName: "x" },
      });
      assert.equal(wrongName.status, 400);
      const missing = await api("PATCH", `${CONNECTORS}/nope?updateMask=displayName`, { body: {} });
      assert.equal(missing.status, 404);
      // While an update runs, a second update and a delete are refused.
      assert.equal((await api("PATCH", `${CONNECTORS}/c1?updateMask=labels`, { body: {} })).status, 200);
      assert.equal((await api("PATCH", `${CONNECTORS}/c1?updateMask=labels`, { body: {} })).status, 400);
      assert.equal((await api("DELETE", `${CONNECTORS}/c1`)).status, 400);
    });
  });

  it("allowMissing on app connections creates the missing connection with a create LRO", async () => {
    await withEmulator({ lroDoneAfterMs: 0 }, async (_emu, api) => {
      const res = await api("PATCH", `${CONNECTIONS}/k9?updateMask=displayName&allow_missing=true`, {
        body: { displayName: "made", applicationEndpoint: { host: "h", port: 1 } },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json<OperationJson>().metadata.verb, "create");
      assert.equal((await api("GET", `${CONNECTIONS}/k9`)).json<Resource>()["displayName"], "made");
      const notAllowed = await api("PATCH", `${CONNECTORS}/c9?updateMask=displayName&allowMissing=true`, {
        body: {},
      });
      assert.equal(notAllowed.status, 400, "app connectors have no allowMissing");
    });
  });

  it("app gateways have no update method", async () => {
    await withEmulator({ lroDoneAfterMs: 0 }, async (_emu, api) => {
      await api("POST", `/v1/${PARENT}/appGateways?appGatewayId=g1`, { body: {} });
      const res = await api("PATCH", `/v1/${PARENT}/appGateways/g1?updateMask=displayName`, { body: {} });
      assert.equal(res.status, 404);
      assert.equal(res.json<ErrorJson>().error.details[0]?.reason, "METHOD_NOT_FOUND");
    });
  });
});
