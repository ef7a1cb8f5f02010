import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { emulatorAndClient } from "../helpers/emulator-client";

const FAST = { initialDelayMillis: 20, multiplier: 1.3, maxDelayMillis: 200, jitter: 0 };

describe("the polling scheduler over real sockets (issue 12)", () => {
  const t = emulatorAndClient();

  for (const type of ["malformed", "wrong-shape"] as const)
    test(`a ${type} body on the first get: the cancel still goes out, and the next get tells CANCELLED`, async () => {
      const name = `projects/sched-${type}/locations/global/operations/op`;
      t.emu.seed({ name, cancelDelayMs: 200 });
      t.emu.clearRequests();
      t.emu.addFault({ route: "get", times: 1, fault: { type } });
      try {
        const report = await t.wait(
          [name],
          { poll: FAST },
          10_000,
          `cancelAndWait after a ${type} first get`,
        );
        assert.equal(report.results[0]!.outcome, "CANCELLED", JSON.stringify(report.results[0]));
        const log = t.emu.requests().filter((r) => r.path.includes(`sched-${type}`));
        assert.deepEqual(
          log.slice(0, 3).map((r) => r.route),
          ["get", "cancel", "get"],
        );
        assert.equal(log.filter((r) => r.route === "cancel").length, 1);
      } finally {
        t.emu.clearFaults();
      }
    });

  // The two answers of a server without filter support (AIP-160 leaves it open; issue 13's watches take both).
  for (const [status, rpcStatus] of [
    [400, "INVALID_ARGUMENT"],
    [501, "UNIMPLEMENTED"],
  ] as const)
    test(`a server that refuses the list filter with ${rpcStatus}: the same poll lists unfiltered, no gets`, async () => {
      const project = `sched-refuse-${status}`;
      const parent = `projects/${project}/locations/global`;
      const names = ["a", "b", "c"].map((x) => `${parent}/operations/${x}`);
      for (const name of names) t.emu.seed({ name, cancelDelayMs: 300 });
      t.emu.clearRequests();
      // The first list (filtered to the names) is refused as a server without filter support would.
      t.emu.addFault({
        route: "list",
        times: 1,
        pathPattern: project,
        fault: { type: "status", status, rpcStatus, message: "filter not supported" },
      });
      try {
        const report = await t.wait(names, { poll: FAST }, 10_000, "cancelAndWait with a refused filter");
        assert.deepEqual(
          report.results.map((r) => r.outcome),
          ["CANCELLED", "CANCELLED", "CANCELLED"],
        );
        const log = t.emu.requests().filter((r) => r.path.includes(project));
        assert.equal(log[0]!.route, "list");
        assert.equal(log[0]!.status, status);
        assert.match(log[0]!.query["filter"] ?? "", /^name="/);
        assert.equal(log[1]!.route, "list", "the same poll lists again");
        assert.equal(log[1]!.query["filter"], undefined, "unfiltered");
        assert.equal(log.filter((r) => r.route === "get").length, 0, "no fall back to gets");
        assert.ok(
          log.slice(1).every((r) => r.route !== "list" || r.query["filter"] === undefined),
          "the refused filter is not sent again within 30 s",
        );
      } finally {
        t.emu.clearFaults();
      }
    });

  test("over real sockets, a parent whose list hangs 3 s holds back no other parent: its cancels and endings come first", async () => {
    const slow = "projects/sched-slow/locations/global";
    const fast = "projects/sched-fast/locations/global";
    const names = [slow, fast].flatMap((p) => ["a", "b", "c"].map((x) => `${p}/operations/${x}`));
    for (const name of names) t.emu.seed({ name, cancelDelayMs: 200 });
    t.emu.clearRequests();
    t.emu.addFault({ route: "list", times: 1, pathPattern: "sched-slow", fault: { type: "hang", ms: 3000 } });
    try {
      const report = await t.wait(
        names,
        { poll: FAST },
        15_000,
        "cancelAndWait while one parent's list hangs",
      );
      assert.deepEqual(
        report.results.map((r) => r.outcome),
        Array(6).fill("CANCELLED"),
      );
      const log = t.emu.requests();
      const of = (p: string, route: string) => log.filter((r) => r.path.includes(p) && r.route === route);
      const hung = of("sched-slow", "list")[0]!;
      const fastCancels = of("sched-fast", "cancel");
      assert.equal(fastCancels.length, 3);
      assert.ok(
        fastCancels.every((r) => r.timeMs < hung.timeMs + 1000),
        `the fast parent's cancels ${fastCancels.map((r) => r.timeMs - hung.timeMs).join(", ")} ms after the hung list`,
      );
      const seenDuringHang = new Set(
        log.filter((r) => r.timeMs < hung.timeMs + 3000).flatMap((r) => r.doneObserved),
      );
      assert.deepEqual(
        names.filter((n) => seenDuringHang.has(n)),
        names.filter((n) => n.includes("sched-fast")),
        "the fast parent's three operations (and none of the slow one's) were seen ending while the slow list hung",
      );
      const slowCancels = of("sched-slow", "cancel");
      assert.equal(slowCancels.length, 3);
      assert.ok(
        slowCancels.every((r) => r.timeMs >= hung.timeMs + 2900),
        "the slow parent sends its cancels after its own first look",
      );
    } finally {
      t.emu.clearFaults();
    }
  });
});
