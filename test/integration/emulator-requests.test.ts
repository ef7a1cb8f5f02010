import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import {
  ManualClock,
  PARENT,
  opName,
  withEmulator,
  type ErrorJson,
  type ListJson,
  type OperationJson,
} from "../helpers/emulator";

const CONNECTORS = `/v1/${PARENT}/appConnectors`;
const SA = { principalInfo: { serviceAccount: { email: "sa@my-proj.iam.gserviceaccount.com" } } };
const NUMERIC = "$alt=json%3Benum-encoding=int";
type Resource = Record<string, unknown>;

describe("emulator request handling that real clients rely on", () => {
  it("generates a resource id when the create names none", async () => {
    await withEmulator({ lroDoneAfterMs: 0 }, async (_emu, api) => {
      const res = await api("POST", CONNECTORS, { body: SA });
      assert.equal(res.status, 200, res.text);
      const target = res.json<OperationJson>().metadata.target ?? "";
      assert.match(target, new RegExp(`^${PARENT}/appConnectors/appconnector-[0-9a-f]{12}$`));
      assert.equal((await api("GET", `/v1/${target}`)).status, 200);
      const gw = await api(
        "POST",
        "/v1/projects/my-proj/locations/global/securityGateways?securityGatewayId=",
        {
          body: {},
        },
      );
      assert.match(
        gw.json<OperationJson>().metadata.target ?? "",
        /\/securityGateways\/securitygateway-[0-9a-f]{12}$/,
      );
    });
  });

  it("binds snake_case query parameters like camelCase ones, and refuses unknown ones", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now, lroDoneAfterMs: 0 }, async (emu, api) => {
      const res = await api("POST", `${CONNECTORS}?app_connector_id=snake&alt=json`, { body: SA });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json<OperationJson>().metadata.target, `${PARENT}/appConnectors/snake`);
      await api("POST", `${CONNECTORS}?appConnectorId=camel`, { body: SA });
      const page = (await api("GET", `${CONNECTORS}?page_size=1`)).json<{
        appConnectors: Resource[];
        nextPageToken: string;
      }>();
      assert.deepEqual(
        page.appConnectors.map((c) => c["name"]),
        [`${PARENT}/appConnectors/camel`],
      );
      const rest = (await api("GET", `${CONNECTORS}?page_token=${page.nextPageToken}`)).json<{
        appConnectors: Resource[];
      }>();
      assert.deepEqual(
        rest.appConnectors.map((c) => c["name"]),
        [`${PARENT}/appConnectors/snake`],
      );
      for (let i = 0; i < 3; i++) emu.seed({ name: opName(`op-${i}`) });
      const ops = (
        await api("GET", `/v1/${PARENT}/operations?page_size=2&filter=done%3Dfalse`)
      ).json<ListJson>();
      assert.equal(ops.operations?.length, 2);
      const next = await api(
        "GET",
        `/v1/${PARENT}/operations?page_token=${ops.nextPageToken ?? ""}&filter=done%3Dfalse`,
      );
      assert.equal(next.json<ListJson>().operations?.length, 1);
      const dry = await api("DELETE", `${CONNECTORS}/snake?validate_only=true&request_id=${randomUUID()}`);
      assert.equal(dry.json<OperationJson>().done, true);
      const partial = await api("GET", `/v1/${PARENT}/operations?return_partial_success=true`);
      assert.equal(partial.status, 501);
      for (const bad of [
        `${CONNECTORS}?bogus=1`,
        `/v1/${opName("op-1")}?page_size=1`,
        `${CONNECTORS}/snake?filter=x`,
      ]) {
        const r = await api("GET", bad);
        assert.equal(r.status, 400, bad);
        assert.match(r.json<ErrorJson>().error.message, /Cannot bind query parameter/, bad);
      }
      const twice = await api("POST", `${CONNECTORS}?appConnectorId=a1&app_connector_id=a2`, { body: SA });
      assert.equal(twice.status, 400);
    });
  });

  it("a retry with the same requestId returns the original operation instead of 409", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now, lroDoneAfterMs: 100 }, async (emu, api) => {
      const rid = randomUUID();
      const first = (
        await api("POST", `${CONNECTORS}?appConnectorId=c1&requestId=${rid}`, { body: SA })
      ).json<OperationJson>();
      clock.advance(100);
      const retry = await api("POST", `${CONNECTORS}?appConnectorId=c1&requestId=${rid}`, { body: SA });
      assert.equal(retry.status, 200, retry.text);
      const again = retry.json<OperationJson>();
      assert.equal(again.name, first.name);
      assert.equal(again.done, true);
      assert.equal(emu.operations().length, 1);
      // Without an id, a retry must not create a second resource either.
      const rid2 = randomUUID();
      const a = (await api("POST", `${CONNECTORS}?request_id=${rid2}`, { body: SA })).json<OperationJson>();
      const b = (await api("POST", `${CONNECTORS}?request_id=${rid2}`, { body: SA })).json<OperationJson>();
      assert.equal(b.name, a.name);
      assert.equal(b.metadata.target, a.metadata.target);
      // The same id on another request, and ids that are not UUIDs, are 400.
      const reused = await api("POST", `${CONNECTORS}?appConnectorId=c2&requestId=${rid}`, { body: SA });
      assert.equal(reused.status, 400);
      assert.equal(reused.json<ErrorJson>().error.details[0]?.reason, "REQUEST_ID_REUSED");
      for (const bad of ["abc", "00000000-0000-0000-0000-000000000000"]) {
        assert.equal(
          (await api("POST", `${CONNECTORS}?appConnectorId=c3&requestId=${bad}`, { body: SA })).status,
          400,
        );
      }
      // Updates and deletes too; after 60 minutes the id is forgotten.
      const rid3 = randomUUID();
      const del = (await api("DELETE", `${CONNECTORS}/c1?requestId=${rid3}`)).json<OperationJson>();
      assert.equal(
        (await api("DELETE", `${CONNECTORS}/c1?requestId=${rid3}`)).json<OperationJson>().name,
        del.name,
      );
      clock.advance(60 * 60 * 1000);
      assert.equal((await api("DELETE", `${CONNECTORS}/c1?requestId=${rid3}`)).status, 404);
    });
  });

  it("validateOnly checks the request and answers a done operation, changing nothing", async () => {
    await withEmulator({ lroDoneAfterMs: null }, async (emu, api) => {
      const dry = await api("POST", `${CONNECTORS}?appConnectorId=c1&validateOnly=true`, {
        body: { ...SA, displayName: "D" },
      });
      assert.equal(dry.status, 200, dry.text);
      const op = dry.json<OperationJson>();
      assert.equal(op.done, true);
      assert.equal(op.response?.["name"], `${PARENT}/appConnectors/c1`);
      assert.equal(op.response?.["displayName"], "D");
      assert.equal((await api("GET", `${CONNECTORS}/c1`)).status, 404);
      assert.equal((await api("GET", `/v1/${op.name}`)).status, 404);
      assert.deepEqual(emu.operations(), []);
      const invalid = await api("POST", `${CONNECTORS}?appConnectorId=c1&validateOnly=true`, { body: {} });
      assert.equal(invalid.status, 400);
      const notABool = await api("POST", `${CONNECTORS}?appConnectorId=c1&validateOnly=yes`, { body: SA });
      assert.equal(notABool.status, 400);
      // Security gateway creates take no validateOnly.
      const sg = await api(
        "POST",
        "/v1/projects/my-proj/locations/global/securityGateways?validateOnly=true",
        { body: {} },
      );
      assert.equal(sg.status, 400);
    });
  });

  it("validateOnly answers done even when the clock ticks while the request is handled", async () => {
    let t = 1_700_000_000_000;
    await withEmulator({ lroDoneAfterMs: null, now: () => t++ }, async (_emu, api) => {
      const dry = await api("POST", `${CONNECTORS}?appConnectorId=c2&validateOnly=true`, { body: SA });
      assert.equal(dry.status, 200, dry.text);
      assert.equal(dry.json<OperationJson>().done, true, dry.text);
    });
  });

  it("answers returnPartialSuccess=true with UNIMPLEMENTED; false is fine", async () => {
    await withEmulator({}, async (_emu, api) => {
      const res = await api("GET", `/v1/${PARENT}/operations?returnPartialSuccess=true`);
      assert.equal(res.status, 501);
      assert.equal(res.json<ErrorJson>().error.status, "UNIMPLEMENTED");
      assert.equal((await api("GET", `/v1/${PARENT}/operations?returnPartialSuccess=false`)).status, 200);
    });
  });

  it("writes enums as numbers when asked with $alt=json;enum-encoding=int, and reads numbers", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now, lroDoneAfterMs: 10 }, async (_emu, api) => {
      const body = { applicationEndpoint: { host: "h", port: 1 }, type: 1 };
      const op = (
        await api("POST", `/v1/${PARENT}/appConnections?appConnectionId=k1&${NUMERIC}`, { body })
      ).json<OperationJson>();
      assert.equal(
        (await api("GET", `/v1/${PARENT}/appConnections/k1?${NUMERIC}`)).json<Resource>()["state"],
        1,
      );
      clock.advance(10);
      const named = (await api("GET", `/v1/${PARENT}/appConnections/k1`)).json<Resource>();
      assert.equal(named["state"], "CREATED");
      assert.equal(named["type"], "TCP_PROXY");
      const numeric = (await api("GET", `/v1/${PARENT}/appConnections/k1?${NUMERIC}`)).json<Resource>();
      assert.equal(numeric["state"], 2);
      assert.equal(numeric["type"], 1);
      const listed = (await api("GET", `/v1/${PARENT}/appConnections?alt=json;enum-encoding=int`)).json<{
        appConnections: Resource[];
      }>();
      assert.equal(listed.appConnections[0]?.["state"], 2);
      const done = (await api("GET", `/v1/${op.name}?${NUMERIC}`)).json<OperationJson>();
      assert.equal(done.response?.["state"], 2);
      const inList = (await api("GET", `/v1/${PARENT}/operations?${NUMERIC}`)).json<ListJson>();
      assert.equal(inList.operations?.[0]?.response?.["state"], 2);
      const badEnum = await api("POST", `/v1/${PARENT}/appConnections?appConnectionId=k2`, {
        body: { type: 7 },
      });
      assert.equal(badEnum.status, 400);
      assert.match(badEnum.json<ErrorJson>().error.message, /'type'/);
      await api("POST", "/v1/projects/my-proj/locations/global/securityGateways?securityGatewayId=sg1", {
        body: {},
      });
      const sg = await api("GET", `/v1/projects/my-proj/locations/global/securityGateways/sg1?${NUMERIC}`);
      assert.equal(sg.json<Resource>()["state"], 1);
    });
  });

  it("an operation keeps the version that started it, whatever version reads it", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now, lroDoneAfterMs: 10 }, async (_emu, api) => {
      const alpha = `/v1alpha/${PARENT}/appConnectors`;
      const op = (await api("POST", `${alpha}?appConnectorId=c1`, { body: SA })).json<OperationJson>();
      clock.advance(10);
      for (const version of ["v1", "v1alpha"]) {
        const read = (await api("GET", `/${version}/${op.name}`)).json<OperationJson>();
        assert.equal(read.metadata.apiVersion, "v1alpha", version);
        assert.match(
          read.metadata["@type"],
          /appconnectors\.v1alpha\.AppConnectorOperationMetadata$/,
          version,
        );
        assert.match(read.response?.["@type"] ?? "", /appconnectors\.v1alpha\.AppConnector$/, version);
        const listed = (await api("GET", `/${version}/${PARENT}/operations`)).json<ListJson>();
        assert.equal(listed.operations?.[0]?.metadata.apiVersion, "v1alpha", version);
      }
      const upd = (
        await api("PATCH", `/v1/${PARENT}/appConnectors/c1?updateMask=displayName`, { body: {} })
      ).json<OperationJson>();
      const viaAlpha = (await api("GET", `/v1alpha/${upd.name}`)).json<OperationJson>();
      assert.equal(viaAlpha.metadata.apiVersion, "v1");
      assert.match(viaAlpha.metadata["@type"], /appconnectors\.v1\.AppConnectorOperationMetadata$/);
    });
  });
});
