import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { formatOperation } from "../../src/lro/names";
import { RELIST_AFTER_MILLIS, namesFilter } from "../../src/wait/list-source";
import { cancelAndWait } from "../../src/wait/waiter";
import { FakeClock } from "../helpers/fake-clock";
import { FakeClient } from "../helpers/fake-client";

const P = "projects/sched-project/locations/global/operations";

test("property: the deadline is always honoured, whatever the operations and the timeout", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          parent: fc.integer({ min: 0, max: 3 }),
          delay: fc.integer({ min: 0, max: 120_000 }),
          mode: fc.constantFrom("cancel" as const, "ignore" as const, "unimplemented" as const),
        }),
        { minLength: 1, maxLength: 12 },
      ),
      fc.integer({ min: 100, max: 90_000 }),
      async (ops, timeoutMillis) => {
        const clock = new FakeClock();
        const client = new FakeClient(clock);
        const names = ops.map((o, i) =>
          client.add(`projects/parent-${o.parent}/locations/global/operations/op-${i}`, {
            cancelDelayMs: o.delay,
            onCancel: o.mode,
            doneAt: clock.now() + 2 * o.delay,
          }),
        );
        const start = clock.now();
        const p = cancelAndWait(client.asClient(), names, { timeoutMillis }, { clock, random: () => 0.5 });
        await clock.runAll();
        const report = await p;
        assert.ok(clock.now() - start <= timeoutMillis, "no time passed the deadline");
        assert.ok(report.elapsedMs <= timeoutMillis);
        for (const r of report.results) assert.ok(r.elapsedMs <= timeoutMillis, JSON.stringify(r));
        assert.equal(clock.pending, 0, "no timer left behind");
      },
    ),
    { numRuns: 60 },
  );
});

test("bug: a bad reply to the first get still sends the cancel, and the next poll tells the ending", async () => {
  const clock = new FakeClock();
  const client = new FakeClient(clock);
  const n = client.add(`${P}/bad-first`, { cancelDelayMs: 500, badGets: 1 });
  const p = cancelAndWait(client.asClient(), [n], {}, { clock, random: () => 0 });
  await clock.runAll();
  const report = await p;
  assert.deepEqual(client.calls.slice(0, 3), [
    `get ${P}/bad-first`,
    `cancel ${P}/bad-first`,
    `get ${P}/bad-first`,
  ]);
  assert.equal(report.results[0]!.outcome, "CANCELLED");
  assert.equal(report.results[0]!.cancelRequested, true);
});

test("a bad reply after the cancel still ends the operation as ERROR (the rule is for the first look only)", async () => {
  const clock = new FakeClock();
  const client = new FakeClient(clock);
  const n = client.add(`${P}/always-bad`, { onCancel: "ignore", badGets: 2 });
  const p = cancelAndWait(client.asClient(), [n], {}, { clock, random: () => 0 });
  await clock.runAll();
  const report = await p;
  assert.equal(report.results[0]!.outcome, "ERROR");
  assert.equal(report.results[0]!.cancelRequested, true);
  assert.equal(client.calls.filter((c) => c.startsWith("cancel")).length, 1);
});

test("bug: after a fall back from list to gets, the list is probed again after a while", async () => {
  const clock = new FakeClock();
  const client = new FakeClient(clock);
  const names = ["a", "b"].map((x) => client.add(`${P}/${x}`, { cancelDelayMs: 3 * RELIST_AFTER_MILLIS }));
  client.listErrors.push("PERMISSION_DENIED");
  const p = cancelAndWait(client.asClient(), names, {}, { clock, random: () => 0 });
  await clock.runAll();
  const report = await p;
  assert.deepEqual(
    report.results.map((r) => r.outcome),
    ["CANCELLED", "CANCELLED"],
  );
  const lists = client.calls.filter((c) => c.startsWith("list")).length;
  const firstGets = client.calls.indexOf(`get ${P}/a`);
  assert.ok(firstGets > 0, "fell back to gets");
  assert.ok(lists >= 2, `the list was tried again (${lists} lists)`);
  const lastGet = client.calls.lastIndexOf(`get ${P}/a`);
  assert.ok(client.calls.lastIndexOf(`list projects/sched-project/locations/global`) > lastGet, "and kept");
});

test("a parent's list is filtered to the tracked names: one page whatever its history", async () => {
  const clock = new FakeClock();
  const client = new FakeClient(clock);
  client.plainPages = 6;
  for (let i = 0; i < 50; i++) client.add(`${P}/old-${i}`, { doneAt: clock.now() - 1 });
  const names = ["a", "b", "c"].map((x) => client.add(`${P}/${x}`, { cancelDelayMs: 2000 }));
  const p = cancelAndWait(client.asClient(), names, {}, { clock, random: () => 0 });
  await clock.runAll();
  const report = await p;
  assert.ok(report.results.every((r) => r.outcome === "CANCELLED"));
  assert.ok(client.listFilters.length > 1);
  for (const f of client.listFilters) assert.equal(f, namesFilter(names.map((n) => formatOperation(n))));
  assert.equal(client.calls.filter((c) => c.startsWith("get")).length, 0);
  assert.equal(report.requests, client.calls.length, "every list was one page");
});

test("names that do not fit one filter: an unfiltered list while it is one page, else done=false and a get per drop-out", async () => {
  for (const plainPages of [1, 4]) {
    const clock = new FakeClock();
    const client = new FakeClient(clock);
    client.plainPages = plainPages;
    const names = Array.from({ length: 60 }, (_, i) =>
      client.add(`${P}/a-long-operation-name-to-fill-the-filter-${i}`, { cancelDelayMs: 1000 + i * 50 }),
    );
    const p = cancelAndWait(client.asClient(), names, {}, { clock, random: () => 0 });
    await clock.runAll();
    const report = await p;
    assert.ok(report.results.every((r) => r.outcome === "CANCELLED"));
    const gets = client.calls.filter((c) => c.startsWith("get")).length;
    if (plainPages === 1) {
      assert.ok(
        client.listFilters.every((f) => f === "" || f.startsWith("name=")),
        client.listFilters.join(),
      );
      assert.equal(gets, 0);
    } else {
      assert.equal(client.listFilters[0], "", "the first look is unfiltered");
      assert.ok(client.listFilters.includes("done=false"));
      assert.ok(gets <= 60, `one get at most per operation (${gets})`);
    }
  }
});

test("a server that refuses filters: the same poll lists unfiltered, and the filter is retried later", async () => {
  const clock = new FakeClock();
  const client = new FakeClient(clock);
  client.refuseFilters = true;
  const names = ["a", "b"].map((x) => client.add(`${P}/${x}`, { cancelDelayMs: 2 * RELIST_AFTER_MILLIS }));
  const p = cancelAndWait(client.asClient(), names, {}, { clock, random: () => 0 });
  await clock.runAll();
  const report = await p;
  assert.ok(report.results.every((r) => r.outcome === "CANCELLED"));
  assert.equal(client.calls.filter((c) => c.startsWith("get")).length, 0, "no fall back to gets");
  assert.deepEqual(
    client.listFilters.slice(0, 2).map((f) => f.startsWith("name=")),
    [true, false],
  );
  const filtered = client.listFilters.filter((f) => f !== "").length;
  assert.ok(filtered >= 2 && filtered <= 4, `filter probed again, not every poll (${filtered})`);
});

test("no group waits on a slow parent: a fast parent's cancels and polls go on while another's list hangs", async () => {
  const clock = new FakeClock();
  const client = new FakeClient(clock);
  const slow = ["a", "b"].map((x) =>
    client.add(`projects/slow-project/locations/global/operations/${x}`, {}),
  );
  const fast = ["a", "b"].map((x) =>
    client.add(`projects/fast-project/locations/global/operations/${x}`, { cancelDelayMs: 1000 }),
  );
  client.slowLists.set("projects/slow-project/locations/global", 20_000);
  const p = cancelAndWait(client.asClient(), [...slow, ...fast], {}, { clock, random: () => 0 });
  await clock.advance(1500);
  assert.ok(client.calls.includes("cancel projects/fast-project/locations/global/operations/a"));
  assert.ok(!client.calls.includes("cancel projects/slow-project/locations/global/operations/a"));
  await clock.runAll();
  const report = await p;
  const fastResult = report.results.find((r) => r.name.includes("fast-project/"))!;
  assert.equal(fastResult.outcome, "CANCELLED");
  assert.ok(fastResult.elapsedMs < 1500, `the fast parent ended at ${fastResult.elapsedMs} ms`);
  assert.ok(report.results.every((r) => r.outcome === "CANCELLED"));
});

test("a shared parent spends its saving on lag: 100 operations, few lists, little lag", async () => {
  const clock = new FakeClock();
  const client = new FakeClient(clock);
  const names = Array.from({ length: 100 }, (_, i) =>
    client.add(`${P}/op-${i}`, { cancelDelayMs: 1000 + 40 * i }),
  );
  const p = cancelAndWait(client.asClient(), names, {}, { clock, random: () => 0 });
  await clock.runAll();
  const report = await p;
  const lags = report.results.map((r, i) => r.elapsedMs - (1000 + 40 * i));
  const meanLag = lags.reduce((a, b) => a + b, 0) / lags.length;
  // One operation on its own would be polled every 250–1,750 ms here (a mean lag near 500 ms).
  assert.ok(meanLag <= 200, `mean lag ${meanLag} ms`);
  const lists = client.calls.filter((c) => c.startsWith("list")).length;
  // gax would send at least one get per operation per poll (> 1,000 here); we send one list per poll.
  assert.ok(lists <= 60, `lists=${lists}`);
  assert.equal(report.requests, 100 + lists);
});
