import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ManualClock, withEmulator, type ErrorJson, type OperationJson } from "../helpers/emulator";

const LOCATION = "projects/my-proj/locations/global";
const GATEWAYS = `/v1/${LOCATION}/securityGateways`;
const APPS = `${GATEWAYS}/sg1/applications`;
type Resource = Record<string, unknown>;

describe("emulator: security gateways and their nested applications", () => {
  it("creates, reads, lists, updates and deletes an application under a gateway", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now, lroDoneAfterMs: 10 }, async (_emu, api) => {
      await api("POST", `${GATEWAYS}?securityGatewayId=sg1`, { body: { displayName: "gw" } });
      clock.advance(10);
      const matchers = [{ hostname: "app.example.com", ports: [443] }];
      const created = await api("POST", `${APPS}?applicationId=app1`, {
        body: { displayName: "App", endpointMatchers: matchers },
      });
      assert.equal(created.status, 200, created.text);
      const op = created.json<OperationJson>();
      assert.match(op.name, new RegExp(`^${LOCATION}/operations/operation-`));
      assert.equal(op.metadata.target, `${LOCATION}/securityGateways/sg1/applications/app1`);
      assert.equal(op.metadata.verb, "create");
      assert.match(op.metadata["@type"], /securitygateways\.v1\.SecurityGatewayOperationMetadata$/);
      clock.advance(10);
      const done = (await api("GET", `/v1/${op.name}`)).json<OperationJson>();
      assert.equal(
        done.response?.["@type"],
        "type.googleapis.com/google.cloud.beyondcorp.securitygateways.v1.Application",
      );
      const app = (await api("GET", `${APPS}/app1`)).json<Resource>();
      assert.equal(app["name"], `${LOCATION}/securityGateways/sg1/applications/app1`);
      assert.deepEqual(app["endpointMatchers"], matchers);
      assert.equal(app["state"], undefined, "Application has no state field");
      const { "@type": _type, ...fromOp } = done.response ?? { "@type": "" };
      assert.deepEqual(fromOp, app);
      assert.deepEqual((await api("GET", APPS)).json(), { applications: [app] });

      const patch = await api("PATCH", `${APPS}/app1?updateMask=display_name`, {
        body: { displayName: "Renamed" },
      });
      assert.equal(patch.status, 200, patch.text);
      assert.equal(patch.json<OperationJson>().metadata.verb, "update");
      clock.advance(10);
      const renamed = (await api("GET", `${APPS}/app1`)).json<Resource>();
      assert.equal(renamed["displayName"], "Renamed");
      assert.deepEqual(renamed["endpointMatchers"], matchers);

      const del = (await api("DELETE", `${APPS}/app1`)).json<OperationJson>();
      assert.equal(del.metadata.verb, "delete");
      clock.advance(10);
      assert.equal((await api("GET", `${APPS}/app1`)).status, 404);
      assert.deepEqual((await api("GET", APPS)).json(), {});
    });
  });

  it("updates a security gateway: an optional mask means the fields the body sets", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now, lroDoneAfterMs: 10 }, async (_emu, api) => {
      await api("POST", `${GATEWAYS}?securityGatewayId=sg1`, {
        body: { displayName: "gw", hubs: { "us-central1": {} } },
      });
      clock.advance(10);
      const op = (
        await api("PATCH", `${GATEWAYS}/sg1`, { body: { displayName: "gw2" } })
      ).json<OperationJson>();
      assert.equal(op.metadata.verb, "update");
      assert.equal((await api("GET", `${GATEWAYS}/sg1`)).json<Resource>()["state"], "UPDATING");
      clock.advance(10);
      const gw = (await api("GET", `${GATEWAYS}/sg1`)).json<Resource>();
      assert.equal(gw["state"], "RUNNING");
      assert.equal(gw["displayName"], "gw2");
      assert.deepEqual(gw["hubs"], { "us-central1": {} });
      await api("PATCH", `${GATEWAYS}/sg1?updateMask=hubs`, { body: {} });
      clock.advance(10);
      assert.equal((await api("GET", `${GATEWAYS}/sg1`)).json<Resource>()["hubs"], undefined);
      const outputOnly = await api("PATCH", `${GATEWAYS}/sg1?updateMask=externalIps`, { body: {} });
      assert.equal(outputOnly.status, 400);
    });
  });

  it("needs a ready parent gateway, and a gateway with applications cannot be deleted", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now, lroDoneAfterMs: 10 }, async (_emu, api) => {
      const orphan = await api("POST", `${APPS}?applicationId=app1`, { body: {} });
      assert.equal(orphan.status, 404);
      await api("POST", `${GATEWAYS}?securityGatewayId=sg1`, { body: {} });
      const early = await api("POST", `${APPS}?applicationId=app1`, { body: {} });
      assert.equal(early.status, 400);
      assert.equal(early.json<ErrorJson>().error.status, "FAILED_PRECONDITION");
      clock.advance(10);
      assert.equal((await api("POST", `${APPS}?applicationId=app1`, { body: {} })).status, 200);
      clock.advance(10);
      const blocked = await api("DELETE", `${GATEWAYS}/sg1`);
      assert.equal(blocked.status, 400);
      assert.equal(blocked.json<ErrorJson>().error.details[0]?.reason, "RESOURCE_HAS_CHILDREN");
      await api("DELETE", `${APPS}/app1`);
      clock.advance(10);
      assert.equal((await api("DELETE", `${GATEWAYS}/sg1`)).status, 200);
      assert.equal((await api("GET", `/v1/${LOCATION}/appConnectors/x/applications`)).status, 404);
    });
  });
});
