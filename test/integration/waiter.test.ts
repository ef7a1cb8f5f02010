import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { emulatorAndClient } from "../helpers/emulator-client";

const P = "projects/waiter-project/locations/global";
const FAST = { initialDelayMillis: 20, multiplier: 1.3, maxDelayMillis: 200, jitter: 0 };

describe("the waiter over real sockets: its deadline, and what a costly list makes it do", () => {
  // Defaults throughout (page size 1000, request timeout 30 s, 6 attempts): only the waiter's own
  // deadline can stop the hung request below.
  const t = emulatorAndClient();

  test("a get that hangs for 6 s: a 500 ms deadline aborts it and reports TIMED_OUT within 1.5 s", async () => {
    const name = `${P}/operations/hung-get`;
    t.emu.seed({ name });
    t.emu.addFault({ route: "get", pathPattern: "/operations/hung-get$", fault: { type: "hang", ms: 6000 } });
    try {
      const t0 = performance.now();
      const report = await t.wait(
        [name],
        { timeoutMillis: 500 },
        1500,
        "cancelAndWait with a 500 ms deadline while its get hangs for 6 s",
      );
      const ms = performance.now() - t0;
      const result = report.results[0]!;
      assert.equal(result.outcome, "TIMED_OUT", JSON.stringify(result));
      assert.equal(result.lastState, "UNKNOWN", "the hung get never answered");
      assert.equal(result.cancelRequested, false, "the deadline ran out before the cancel");
      assert.equal(report.ok, false, "TIMED_OUT fails by default");
      assert.ok(ms >= 450, `returned after ${Math.round(ms)} ms, before its deadline`);
      const faults = (await (await fetch(`${t.emu.url}/emulator/faults`)).json()) as Array<{ fired: number }>;
      assert.equal(faults[0]?.fired, 1, "the get did reach the server and hang there");
    } finally {
      t.emu.clearFaults();
    }
  });

  test("a parent with 2,500 finished operations and 2 tracked ones: every list is one page, filtered to their names", async () => {
    const parent = `${P.replace("waiter-project", "history-project")}`;
    for (let i = 0; i < 2500; i++) t.emu.seed({ name: `${parent}/operations/old-${i}`, doneAfterMs: 0 });
    const names = ["a", "b"].map((x) => `${parent}/operations/tracked-${x}`);
    for (const name of names) t.emu.seed({ name, cancelDelayMs: 300 });
    t.emu.clearRequests();
    const report = await t.wait(
      names,
      { poll: FAST },
      10_000,
      "cancelAndWait(tracked-a, tracked-b) under a parent with a long history",
    );
    assert.deepEqual(
      report.results.map((r) => r.outcome),
      ["CANCELLED", "CANCELLED"],
    );
    const log = t.emu.requests().filter((r) => r.path.includes("history-project"));
    const count = (route: string) => log.filter((r) => r.route === route).length;
    const summary = `${count("list")} list, ${count("get")} get, ${count("cancel")} cancel`;
    // Issue 12: 2,502 operations at 1,000 a page would cost 3 pages a poll unfiltered; the list is
    // filtered to the two tracked names, so each poll is one page and the endings are in it.
    const lists = log.filter((r) => r.route === "list");
    assert.ok(lists.length >= 2, summary);
    // The filter names the operations still pending at that poll: both at first, and then the one
    // left when the two end in different polls (which a loaded machine makes happen).
    const filterOf = (subset: string[]) => subset.map((n) => `name="${n}"`).join(" OR ");
    const allowed = [filterOf(names), ...names.map((n) => filterOf([n]))];
    assert.equal(lists[0]?.query["filter"], filterOf(names), "the first list names both");
    for (const l of lists) {
      assert.equal(l.query["pageToken"], undefined, "one page");
      assert.ok(allowed.includes(String(l.query["filter"])), `filter ${String(l.query["filter"])}`);
    }
    assert.equal(count("cancel"), 2, summary);
    assert.equal(count("get"), 0, summary);
    assert.equal(log.length, count("list") + count("get") + count("cancel"), summary);
    assert.equal(report.requests, log.length, "the report counts what the server saw");
  });
});
