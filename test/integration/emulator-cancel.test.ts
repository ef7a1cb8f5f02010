import assert from "node:assert/strict";
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

const TARGET = `${PARENT}/appConnectors/c1`;

describe("emulator cancel semantics and seeding", () => {
  it("onCancel=cancel (default): CANCELLED after cancelDelayMs, with requestedCancellation", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now }, async (emu, api) => {
      const t0 = clock.t;
      emu.seed({ name: opName("c"), target: TARGET, cancelDelayMs: 30 });
      clock.advance(10);
      for (const body of [undefined, "{}"]) {
        const res = await api("POST", `/v1/${opName("c")}:cancel`, body === undefined ? {} : { body });
        assert.equal(res.status, 200);
        assert.deepEqual(res.json(), {});
      }
      let op = (await api("GET", `/v1/${opName("c")}`)).json<OperationJson>();
      assert.equal(op.done, undefined);
      assert.equal(op.metadata.requestedCancellation, true);
      clock.advance(30);
      op = (await api("GET", `/v1/${opName("c")}`)).json<OperationJson>();
      assert.equal(op.done, true);
      assert.deepEqual(op.error, { code: 1, message: "Operation was cancelled" });
      assert.equal(op.response, undefined);
      const [snap] = emu.operations();
      assert.equal(snap?.cancelRequestedAtMs, t0 + 10);
      assert.equal(snap?.doneAtMs, t0 + 40);
      assert.equal(snap?.cancelCount, 2);
      const again = await api("POST", `/v1/${opName("c")}:cancel`);
      assert.equal(again.status, 200);
      assert.deepEqual((await api("GET", `/v1/${opName("c")}`)).json(), op);
    });
  });

  it("onCancel=complete finishes with the response; fail finishes with failCode", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now }, async (emu, api) => {
      emu.seed({ name: opName("ok"), target: TARGET, onCancel: "complete", response: { displayName: "d" } });
      emu.seed({ name: opName("bad"), target: TARGET, onCancel: "fail", failCode: 10 });
      emu.seed({ name: opName("bad13"), onCancel: "fail" });
      for (const id of ["ok", "bad", "bad13"]) await api("POST", `/v1/${opName(id)}:cancel`);
      const ok = (await api("GET", `/v1/${opName("ok")}`)).json<OperationJson>();
      assert.deepEqual(ok.response, {
        "@type": "type.googleapis.com/google.cloud.beyondcorp.appconnectors.v1.AppConnector",
        displayName: "d",
      });
      assert.equal(ok.error, undefined);
      assert.equal((await api("GET", `/v1/${opName("bad")}`)).json<OperationJson>().error?.code, 10);
      assert.equal((await api("GET", `/v1/${opName("bad13")}`)).json<OperationJson>().error?.code, 13);
    });
  });

  it("onCancel=unimplemented answers 501 and changes nothing; ignore accepts and never finishes", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now }, async (emu, api) => {
      emu.seed({ name: opName("u"), onCancel: "unimplemented" });
      emu.seed({ name: opName("i"), onCancel: "ignore" });
      emu.seed({ name: opName("i2"), onCancel: "ignore", doneAfterMs: 1000 });
      const res = await api("POST", `/v1/${opName("u")}:cancel`);
      assert.equal(res.status, 501);
      assert.equal(res.json<ErrorJson>().error.status, "UNIMPLEMENTED");
      for (const id of ["i", "i2"]) assert.equal((await api("POST", `/v1/${opName(id)}:cancel`)).status, 200);
      clock.advance(999_999);
      const u = (await api("GET", `/v1/${opName("u")}`)).json<OperationJson>();
      assert.equal(u.done, undefined);
      assert.equal(u.metadata.requestedCancellation, undefined);
      const i = (await api("GET", `/v1/${opName("i")}`)).json<OperationJson>();
      assert.equal(i.done, undefined);
      assert.equal(i.metadata.requestedCancellation, true);
      const i2 = (await api("GET", `/v1/${opName("i2")}`)).json<OperationJson>();
      assert.equal(i2.done, true);
      assert.ok(i2.response);
      const snaps = new Map(emu.operations().map((s) => [s.name.split("/").pop(), s]));
      assert.equal(snaps.get("u")?.cancelCount, 1);
      assert.equal(snaps.get("u")?.cancelRequestedAtMs, null);
    });
  });

  it("natural completion before the cancel takes effect wins", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now }, async (emu, api) => {
      emu.seed({ name: opName("race"), doneAfterMs: 50, cancelDelayMs: 100 });
      clock.advance(20);
      await api("POST", `/v1/${opName("race")}:cancel`);
      clock.advance(100);
      const op = (await api("GET", `/v1/${opName("race")}`)).json<OperationJson>();
      assert.ok(op.response);
      assert.equal(emu.operations()[0]?.doneAtMs, clock.t - 120 + 50);
    });
  });

  it("goneAfterMs makes an operation vanish from get and list", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now }, async (emu, api) => {
      emu.seed({ name: opName("g"), goneAfterMs: 100, doneAfterMs: 10 });
      emu.seed({ name: opName("stay") });
      assert.equal((await api("GET", `/v1/${opName("g")}`)).status, 200);
      clock.advance(100);
      assert.equal((await api("GET", `/v1/${opName("g")}`)).status, 404);
      const list = (await api("GET", `/v1/${PARENT}/operations`)).json<ListJson>();
      assert.deepEqual(
        list.operations?.map((o) => o.name),
        [opName("stay")],
      );
      const snap = emu.operations().find((s) => s.name === opName("g"));
      assert.equal(snap?.goneAtMs, clock.t);
      const reseeded = await api("POST", "/emulator/operations", { body: { name: opName("g") } });
      assert.equal(reseeded.status, 201);
    });
  });

  it("seeding over HTTP returns 201, 409 on duplicates and 400 naming the bad field", async () => {
    await withEmulator({}, async (_emu, api) => {
      const res = await api("POST", "/emulator/operations", {
        body: { name: opName("s"), verb: "delete", doneAfterMs: 0 },
      });
      assert.equal(res.status, 201);
      const op = res.json<OperationJson>();
      assert.equal(op.done, true);
      assert.deepEqual(op.response, { "@type": "type.googleapis.com/google.protobuf.Empty" });
      const dup = await api("POST", "/emulator/operations", { body: { name: opName("s") } });
      assert.equal(dup.status, 409);
      assert.equal(dup.json<ErrorJson>().error.status, "ALREADY_EXISTS");
      const bad: [Record<string, unknown>, string][] = [
        [{ name: "projects/x/operations/y" }, "name"],
        [{}, "name"],
        [{ name: opName("b1"), doneAfterMs: -1 }, "doneAfterMs"],
        [{ name: opName("b2"), onCancel: "explode" }, "onCancel"],
        [{ name: opName("b3"), errorCode: 99 }, "errorCode"],
        [{ name: opName("b4"), service: "nope" }, "service"],
        [{ name: opName("b5"), bogus: 1 }, "bogus"],
        [{ name: opName("b6"), response: [] }, "response"],
      ];
      for (const [body, field] of bad) {
        const r = await api("POST", "/emulator/operations", { body });
        assert.equal(r.status, 400, JSON.stringify(body));
        const err = r.json<ErrorJson>();
        assert.equal(err.error.status, "INVALID_ARGUMENT");
        assert.equal(err.error.details[0]?.metadata["field"], field);
        assert.match(err.error.message, new RegExp(field));
      }
      assert.equal((await api("POST", "/emulator/operations", { body: "{not json" })).status, 400);
    });
  });

  it("GET /emulator/operations reports bookkeeping for benchmarks", async () => {
    const clock = new ManualClock();
    await withEmulator({ now: clock.now }, async (emu, api) => {
      const t0 = clock.t;
      emu.seed({ name: opName("b"), doneAfterMs: 25 });
      clock.advance(30);
      await api("DELETE", `/v1/${opName("b")}`);
      const [snap] = (await api("GET", "/emulator/operations")).json<Record<string, unknown>[]>();
      assert.deepEqual(
        { ...snap, operation: undefined },
        {
          name: opName("b"),
          createdAtMs: t0,
          doneAtMs: t0 + 25,
          cancelRequestedAtMs: null,
          cancelCount: 0,
          goneAtMs: null,
          deletedAtMs: t0 + 30,
          operation: undefined,
        },
      );
      assert.equal((snap?.["operation"] as OperationJson).done, true);
    });
  });
});
