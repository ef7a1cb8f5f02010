import assert from "node:assert/strict";
import { request } from "node:http";
import { describe, it } from "node:test";
import {
  PARENT,
  opName,
  withEmulator,
  type ErrorJson,
  type ListJson,
  type OperationJson,
} from "../helpers/emulator";

const GET = `/v1/${opName("f")}`;
const LIST = `/v1/${PARENT}/operations`;

/** Resolves with how the raw request ended: a status, or a socket error code. */
function rawGet(url: string): Promise<{ status?: number; error?: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - t0 }));
    });
    req.on("error", (err: NodeJS.ErrnoException) =>
      resolve({ error: err.code ?? err.message, ms: Date.now() - t0 }),
    );
    req.end();
  });
}

describe("emulator fault injection", () => {
  it("status faults use AIP-193 bodies, Retry-After, rpcStatus overrides, skip and times", async () => {
    await withEmulator({}, async (emu, api) => {
      emu.seed({ name: opName("f") });
      const added = await api("POST", "/emulator/faults", {
        body: { route: "get", skip: 1, times: 2, fault: { type: "status", status: 503, retryAfter: "2" } },
      });
      assert.equal(added.status, 201);
      assert.match(added.json<{ id: string }>().id, /^fault-/);
      emu.addFault({ route: "list", fault: { type: "status", status: 409, rpcStatus: "ALREADY_EXISTS" } });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await api("GET", GET);
        statuses.push(res.status);
        if (res.status === 503) {
          assert.equal(res.headers.get("retry-after"), "2");
          const body = res.json<ErrorJson>();
          assert.equal(body.error.code, 503);
          assert.equal(body.error.status, "UNAVAILABLE");
          assert.equal(body.error.details[0]?.reason, "INJECTED_FAULT");
        }
      }
      assert.deepEqual(statuses, [200, 503, 503, 200]);
      const conflict = await api("GET", LIST);
      assert.equal(conflict.status, 409);
      assert.equal(conflict.json<ErrorJson>().error.status, "ALREADY_EXISTS");
      assert.equal((await api("GET", LIST)).status, 200);
      const faults = (await api("GET", "/emulator/faults")).json<{ fired: number }[]>();
      assert.deepEqual(
        faults.map((f) => f.fired),
        [2, 1],
      );
      const log = emu.requests();
      assert.equal(log.filter((e) => e.fault !== undefined).length, 3);
    });
  });

  it("matches on pathPattern and method, forever with times=-1, and clears", async () => {
    await withEmulator({}, async (emu, api) => {
      emu.seed({ name: opName("f") });
      emu.seed({ name: opName("g") });
      emu.addFault({
        route: "any",
        pathPattern: "/operations/g$",
        method: "get",
        times: -1,
        fault: { type: "status", status: 500 },
      });
      for (let i = 0; i < 3; i++) assert.equal((await api("GET", `/v1/${opName("g")}`)).status, 500);
      assert.equal((await api("GET", GET)).status, 200);
      assert.equal((await api("DELETE", `/v1/${opName("g")}`)).status, 200);
      assert.equal((await api("DELETE", "/emulator/faults")).status, 200);
      assert.equal(
        (await api("POST", "/emulator/faults", { body: { fault: { type: "nope" } } })).status,
        400,
      );
      assert.equal(
        (await api("POST", "/emulator/faults", { body: { pathPattern: "(", fault: { type: "reset" } } }))
          .status,
        400,
      );
    });
  });

  it("probability faults are reproducible with a seed", async () => {
    const pattern = async () =>
      withEmulator({}, async (emu, api) => {
        emu.seed({ name: opName("f") });
        emu.addFault({ route: "get", probability: 0.5, seed: 42, fault: { type: "status", status: 503 } });
        const out: number[] = [];
        for (let i = 0; i < 20; i++) out.push((await api("GET", GET)).status);
        return out;
      });
    const a = await pattern();
    assert.deepEqual(await pattern(), a);
    assert.ok(a.includes(200) && a.includes(503), a.join(","));
  });

  it("latency delays, then answers normally (global latencyMs too)", async () => {
    await withEmulator({ latencyMs: 20 }, async (emu, api) => {
      emu.seed({ name: opName("f") });
      emu.addFault({ route: "get", fault: { type: "latency", ms: 60 } });
      const t0 = Date.now();
      assert.equal((await api("GET", GET)).status, 200);
      assert.ok(Date.now() - t0 >= 75, `took ${Date.now() - t0} ms`);
      const entry = emu.requests()[0];
      assert.ok((entry?.durationMs ?? 0) >= 75);
      emu.configure({ latencyMs: 5000 });
      const t1 = Date.now();
      assert.equal((await api("GET", "/emulator/operations")).status, 200);
      assert.ok(Date.now() - t1 < 2500, "the control API is never delayed");
    });
  });

  it("reset and hang destroy the socket without a response", async () => {
    await withEmulator({}, async (emu) => {
      emu.seed({ name: opName("f") });
      emu.addFault({ route: "get", fault: { type: "reset" } });
      emu.addFault({ route: "list", fault: { type: "hang", ms: 80 } });
      const reset = await rawGet(`${emu.url}${GET}`);
      assert.equal(reset.status, undefined);
      assert.equal(reset.error, "ECONNRESET");
      const hang = await rawGet(`${emu.url}${LIST}`);
      assert.equal(hang.error, "ECONNRESET");
      assert.ok(hang.ms >= 75, `hang lasted ${hang.ms} ms`);
      assert.deepEqual(
        emu.requests().map((e) => [e.route, e.status]),
        [
          ["get", 0],
          ["list", 0],
        ],
      );
    });
  });

  it("malformed, oversized and wrong-shape answers", async () => {
    await withEmulator({}, async (emu, api) => {
      emu.seed({ name: opName("f"), doneAfterMs: 0 });
      emu.addFault({ route: "get", fault: { type: "malformed" } });
      const bad = await api("GET", GET);
      assert.equal(bad.status, 200);
      assert.throws(() => bad.json());
      emu.addFault({ route: "get", fault: { type: "oversized", bytes: 3_000_000 } });
      const big = await api("GET", GET);
      assert.equal(big.text.length, 3_000_000);
      assert.equal(typeof big.json<{ pad: string }>().pad, "string");
      emu.addFault({ route: "get", fault: { type: "wrong-shape" } });
      const op = (await api("GET", GET)).json<OperationJson>();
      assert.equal(op.name, opName("f"));
      assert.equal(op.done, undefined);
      assert.ok(op.error && op.response);
      emu.addFault({ route: "list", fault: { type: "wrong-shape" } });
      const list = (await api("GET", LIST)).json<ListJson>();
      const item = list.operations?.[0];
      assert.ok(item?.error && item.response && item.done === undefined);
      assert.deepEqual(emu.requests().at(-1)?.doneObserved, []);
    });
  });

  it("redirect answers with Location and unauthenticated answers 401 once", async () => {
    await withEmulator({ auth: true }, async (emu, api) => {
      emu.seed({ name: opName("f") });
      const headers = { authorization: `Bearer ${emu.issueToken()}` };
      emu.addFault({
        route: "get",
        fault: { type: "redirect", status: 307, location: "http://127.0.0.2:1/steal" },
      });
      const moved = await api("GET", GET, { headers });
      assert.equal(moved.status, 307);
      assert.equal(moved.headers.get("location"), "http://127.0.0.2:1/steal");
      emu.addFault({ route: "get", fault: { type: "unauthenticated" } });
      const denied = await api("GET", GET, { headers });
      assert.equal(denied.status, 401);
      assert.match(denied.headers.get("www-authenticate") ?? "", /^Bearer/);
      assert.equal(denied.json<ErrorJson>().error.status, "UNAUTHENTICATED");
      assert.equal((await api("GET", GET, { headers })).status, 200);
      emu.addFault({ route: "get", fault: { type: "unauthenticated", revoke: true } });
      assert.equal((await api("GET", GET, { headers })).status, 401);
      assert.equal((await api("GET", GET, { headers })).status, 401, "revoked token stays invalid");
      assert.equal(
        (await api("GET", GET, { headers: { authorization: `Bearer ${emu.issueToken()}` } })).status,
        200,
      );
    });
  });

  it("faults apply to cancel, delete, create and token routes", async () => {
    await withEmulator({}, async (emu, api) => {
      emu.seed({ name: opName("f") });
      for (const route of ["cancel", "delete", "create", "token"] as const) {
        emu.addFault({ route, fault: { type: "status", status: 429 } });
      }
      assert.equal((await api("POST", `${GET}:cancel`)).status, 429);
      assert.equal((await api("DELETE", GET)).status, 429);
      assert.equal(
        (await api("POST", `/v1/${PARENT}/appConnectors?appConnectorId=x`, { body: {} })).status,
        429,
      );
      assert.equal((await api("POST", "/token", { body: "grant_type=refresh_token" })).status, 429);
      assert.equal(emu.operations()[0]?.cancelCount, 0, "a faulted cancel never reaches the operation");
    });
  });
});
