import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ManualClock,
  ORG_PARENT,
  PARENT,
  opName,
  withEmulator,
  type ErrorJson,
  type ListJson,
  type OperationJson,
} from "../helpers/emulator";

const JSON_TYPE = "application/json; charset=UTF-8";
const TARGET = `${PARENT}/appConnectors/c1`;

function assertAipError(body: ErrorJson, http: number, status: string): void {
  assert.equal(body.error.code, http);
  assert.equal(body.error.status, status);
  assert.equal(typeof body.error.message, "string");
  const info = body.error.details[0];
  assert.equal(info?.["@type"], "type.googleapis.com/google.rpc.ErrorInfo");
  assert.equal(info?.domain, "beyondcorp.googleapis.com");
  assert.equal(typeof info?.reason, "string");
  assert.equal(typeof info?.metadata, "object");
}

describe("emulator operations API", () => {
  it("GET renders a running operation in proto3 JSON, omitting done", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now }, async (emu, api) => {
      emu.seed({ name: opName("op-1"), target: TARGET, verb: "create", doneAfterMs: 500 });
      const res = await api("GET", `/v1/${opName("op-1")}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), JSON_TYPE);
      const op = res.json<OperationJson>();
      assert.deepEqual(op, {
        name: opName("op-1"),
        metadata: {
          "@type":
            "type.googleapis.com/google.cloud.beyondcorp.appconnectors.v1.AppConnectorOperationMetadata",
          createTime: new Date(clock.t).toISOString(),
          target: TARGET,
          verb: "create",
          apiVersion: "v1",
        },
      });
      clock.advance(500);
      // Read through v1alpha, an operation started by v1 keeps its v1 metadata and response types.
      const done = (await api("GET", `/v1alpha/${opName("op-1")}?alt=json`)).json<OperationJson>();
      assert.equal(done.done, true);
      assert.equal(done.metadata.endTime, new Date(clock.t).toISOString());
      assert.equal(done.metadata.apiVersion, "v1");
      assert.match(done.metadata["@type"], /\.appconnectors\.v1\.AppConnectorOperationMetadata$/);
      assert.deepEqual(done.response, {
        "@type": "type.googleapis.com/google.cloud.beyondcorp.appconnectors.v1.AppConnector",
        name: TARGET,
      });
      assert.equal(done.error, undefined);
    });
  });

  it("derives service and kind from the target, defaulting to securitygateways", async () => {
    await withEmulator({}, async (emu, api) => {
      const cases: [string | undefined, string][] = [
        [`${PARENT}/appGateways/g`, "appgateways.v1.AppGatewayOperationMetadata"],
        [`${PARENT}/appConnections/c`, "appconnections.v1.AppConnectionOperationMetadata"],
        [
          "projects/my-proj/locations/global/securityGateways/s",
          "securitygateways.v1.SecurityGatewayOperationMetadata",
        ],
        [undefined, "securitygateways.v1.SecurityGatewayOperationMetadata"],
      ];
      for (const [i, [target, suffix]] of cases.entries()) {
        emu.seed({ name: opName(`svc-${i}`), ...(target !== undefined ? { target } : {}) });
        const op = (await api("GET", `/v1/${opName(`svc-${i}`)}`)).json<OperationJson>();
        assert.ok(op.metadata["@type"].endsWith(suffix), op.metadata["@type"]);
      }
    });
  });

  it("serves organizations parents and reports a finished error with error only", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now }, async (emu, api) => {
      const name = opName("org-op", ORG_PARENT);
      emu.seed({ name, doneAfterMs: 0, result: "error", errorCode: 9, errorMessage: "precondition" });
      const op = (await api("GET", `/v1/${name}`)).json<OperationJson>();
      assert.equal(op.done, true);
      assert.deepEqual(op.error, { code: 9, message: "precondition" });
      assert.equal(op.response, undefined);
    });
  });

  it("DELETE removes an operation; unknown ops are 404 NOT_FOUND in AIP-193 shape", async () => {
    await withEmulator({}, async (emu, api) => {
      emu.seed({ name: opName("del") });
      const del = await api("DELETE", `/v1/${opName("del")}`);
      assert.equal(del.status, 200);
      assert.deepEqual(del.json(), {});
      for (const [method, suffix] of [
        ["GET", ""],
        ["DELETE", ""],
        ["POST", ":cancel"],
      ] as const) {
        const res = await api(method, `/v1/${opName("del")}${suffix}`);
        assert.equal(res.status, 404);
        assert.equal(res.headers.get("content-type"), JSON_TYPE);
        assertAipError(res.json<ErrorJson>(), 404, "NOT_FOUND");
      }
    });
  });

  it("validates names and routes", async () => {
    await withEmulator({}, async (_emu, api) => {
      const bad = [
        "/v1/projects/BAD_P/locations/l/operations/x",
        "/v1/organizations/abc/locations/l/operations/x",
        "/v1/projects/my-proj/locations/Us/operations/x",
        "/v1/projects/my-proj/locations/l/operations/-x",
      ];
      for (const path of bad) {
        const res = await api("GET", path);
        assert.equal(res.status, 400, path);
        assertAipError(res.json<ErrorJson>(), 400, "INVALID_ARGUMENT");
      }
      for (const path of [
        "/v2/projects/my-proj/locations/l/operations",
        "/nope",
        "/v1/projects/my-proj/widgets",
      ]) {
        const res = await api("GET", path);
        assert.equal(res.status, 404, path);
        assertAipError(res.json<ErrorJson>(), 404, "NOT_FOUND");
      }
      assert.equal((await api("PUT", `/v1/${opName("x")}`)).status, 404);
    });
  });

  it("lists with default and clamped page sizes, opaque tokens and stable order", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now }, async (emu, api) => {
      assert.deepEqual((await api("GET", `/v1/${PARENT}/operations`)).json(), {});
      const names: string[] = [];
      for (let i = 0; i < 1005; i++) {
        if (i % 100 === 0) clock.advance(1);
        const name = opName(`op-${String(1004 - i).padStart(4, "0")}`);
        emu.seed({ name });
        names.push(name);
      }
      const expected = [...names].sort(
        (a, b) => Math.floor(names.indexOf(a) / 100) - Math.floor(names.indexOf(b) / 100) || (a < b ? -1 : 1),
      );
      const first = (await api("GET", `/v1/${PARENT}/operations`)).json<ListJson>();
      assert.equal(first.operations?.length, 50);
      assert.ok(first.nextPageToken);
      const big = (await api("GET", `/v1/${PARENT}/operations?pageSize=5000`)).json<ListJson>();
      assert.equal(big.operations?.length, 1000);
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const q = `pageSize=300${token !== undefined ? `&pageToken=${token}` : ""}`;
        const page = (await api("GET", `/v1/${PARENT}/operations?${q}`)).json<ListJson>();
        seen.push(...(page.operations ?? []).map((o) => o.name));
        token = page.nextPageToken;
        pages++;
      } while (token !== undefined);
      assert.equal(pages, 4);
      assert.deepEqual(seen, expected);
      const other = await api("GET", `/v1/${ORG_PARENT}/operations`);
      assert.deepEqual(other.json(), {});
    });
  });

  it("rejects bad page tokens and sizes with 400", async () => {
    await withEmulator({}, async (emu, api) => {
      emu.seed({ name: opName("a") });
      emu.seed({ name: opName("b") });
      const page = (await api("GET", `/v1/${PARENT}/operations?pageSize=1`)).json<ListJson>();
      for (const q of [
        "pageToken=garbage!",
        "pageToken=Zm9v",
        `pageToken=${page.nextPageToken ?? ""}&filter=done%3Dtrue`,
        "pageSize=-1",
        "pageSize=abc",
      ]) {
        const res = await api("GET", `/v1/${PARENT}/operations?${q}`);
        assert.equal(res.status, 400, q);
        assertAipError(res.json<ErrorJson>(), 400, "INVALID_ARGUMENT");
      }
    });
  });

  it("filters with the AIP-160 subset", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now }, async (emu, api) => {
      emu.seed({ name: opName("c-done"), target: TARGET, verb: "create", doneAfterMs: 0 });
      emu.seed({ name: opName("c-run"), target: TARGET, verb: "create" });
      emu.seed({ name: opName("d-run"), target: `${PARENT}/appConnectors/c2`, verb: "delete" });
      const run = async (filter: string) => {
        const res = await api("GET", `/v1/${PARENT}/operations?filter=${encodeURIComponent(filter)}`);
        assert.equal(res.status, 200, `${filter}: ${res.text}`);
        return (res.json<ListJson>().operations ?? []).map((o) => o.name.split("/").pop()).sort();
      };
      assert.deepEqual(await run("done=true"), ["c-done"]);
      assert.deepEqual(await run("done = false"), ["c-run", "d-run"]);
      assert.deepEqual(await run(`metadata.target="${TARGET}"`), ["c-done", "c-run"]);
      assert.deepEqual(await run(`target:"${TARGET}" AND done=false`), ["c-run"]);
      assert.deepEqual(await run('verb="delete" OR done=true'), ["c-done", "d-run"]);
      assert.deepEqual(await run('metadata.verb:create AND (done=true OR verb="delete")'), ["c-done"]);
      assert.deepEqual(await run("NOT done=true"), ["c-run", "d-run"]);
      assert.deepEqual(await run('verb!="create"'), ["d-run"]);
      for (const bad of [
        "foo=1",
        "done=maybe",
        "done",
        "(done=true",
        'verb="x',
        "done>true",
        "AND",
        "done=true )",
      ]) {
        const res = await api("GET", `/v1/${PARENT}/operations?filter=${encodeURIComponent(bad)}`);
        assert.equal(res.status, 400, bad);
        const body = res.json<ErrorJson>();
        assertAipError(body, 400, "INVALID_ARGUMENT");
        assert.match(body.error.message, /filter/i);
      }
      const unknown = (await api("GET", `/v1/${PARENT}/operations?filter=foo%3D1`)).json<ErrorJson>();
      assert.match(unknown.error.message, /unknown field 'foo'/);
    });
  });
});
