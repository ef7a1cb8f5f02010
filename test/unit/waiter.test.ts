import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_CADENCE } from "../../src/wait/cadence";
import { cancelAndWait } from "../../src/wait/waiter";
import type { ProgressEvent } from "../../src/wait/progress";
import { BeyondCorpError } from "../../src/core/errors";
import { FakeClock } from "../helpers/fake-clock";
import { FakeClient } from "../helpers/fake-client";

const P = "projects/my-project/locations/global/operations";

async function run(setup: (c: FakeClient) => void, options = {}, clock = new FakeClock()) {
  const client = new FakeClient(clock);
  setup(client);
  const names = [...client.ops.keys()].map((n) => client.add(n, client.ops.get(n)!));
  const events: ProgressEvent[] = [];
  const p = cancelAndWait(client.asClient(), names, options, {
    clock,
    onProgress: (e) => events.push(e),
    random: () => 0,
  });
  await clock.runAll();
  return { report: await p, client, events, clock };
}

test("CANCELLED: cancel takes effect after a delay", async () => {
  const { report, client } = await run((c) => c.add(`${P}/a`, { cancelDelayMs: 1000 }));
  assert.equal(report.results[0]!.outcome, "CANCELLED");
  assert.equal(report.results[0]!.cancelRequested, true);
  assert.equal(report.ok, true);
  assert.ok(
    report.results[0]!.elapsedMs >= 1000 && report.results[0]!.elapsedMs < 1000 + 1000,
    String(report.results[0]!.elapsedMs),
  );
  assert.deepEqual(client.calls.slice(0, 2), [`get ${P}/a`, `cancel ${P}/a`]);
});

test("SUCCEEDED: completed despite the cancel", async () => {
  const { report } = await run((c) => c.add(`${P}/a`, { onCancel: "complete", cancelDelayMs: 300 }));
  assert.equal(report.results[0]!.outcome, "SUCCEEDED");
});

test("FAILED: done with another error, kept", async () => {
  const { report } = await run((c) => c.add(`${P}/a`, { onCancel: "fail" }));
  assert.equal(report.results[0]!.outcome, "FAILED");
  assert.equal(report.results[0]!.error?.code, 13);
  assert.equal(report.results[0]!.error?.status, "INTERNAL");
  assert.equal(report.ok, true, "FAILED is not in the default failOn");
});

test("ALREADY_DONE: keeps how it ended and sends no cancel", async () => {
  const clock = new FakeClock();
  const { report, client } = await run(
    (c) => c.add(`${P}/a`, { doneAt: clock.now() - 1, result: { error: { code: 1, message: "x" } } }),
    {},
    clock,
  );
  assert.equal(report.results[0]!.outcome, "ALREADY_DONE");
  assert.equal(report.results[0]!.endedAs, "CANCELLED");
  assert.ok(!client.calls.some((c) => c.startsWith("cancel")));
});

test("NOT_FOUND: gone before or while we wait is terminal", async () => {
  const clock = new FakeClock();
  const { report } = await run(
    (c) => {
      c.add(`${P}/gone`, { goneAt: clock.now() });
      c.add(`${P}/vanishes`, { onCancel: "ignore", goneAt: clock.now() + 2000 });
    },
    {},
    clock,
  );
  assert.deepEqual(
    report.results.map((r) => r.outcome),
    ["NOT_FOUND", "NOT_FOUND"],
  );
  assert.equal(report.ok, true);
});

test("CANCEL_UNSUPPORTED with wait: waits for natural completion", async () => {
  const clock = new FakeClock();
  const { report } = await run(
    (c) => c.add(`${P}/a`, { onCancel: "unimplemented", doneAt: clock.now() + 5000 }),
    {},
    clock,
  );
  assert.equal(report.results[0]!.outcome, "CANCEL_UNSUPPORTED");
  assert.equal(report.results[0]!.endedAs, "SUCCEEDED");
  assert.ok(report.results[0]!.elapsedMs >= 5000);
  assert.equal(report.ok, true);
});

test("CANCEL_UNSUPPORTED with fail: stops at once and fails", async () => {
  const { report } = await run((c) => c.add(`${P}/a`, { onCancel: "unimplemented" }), {
    onCancelUnsupported: "fail",
  });
  assert.equal(report.results[0]!.outcome, "CANCEL_UNSUPPORTED");
  assert.equal(report.results[0]!.elapsedMs, 0);
  assert.equal(report.ok, false);
});

test("CANCEL_UNSUPPORTED with abandon: stops at once, not a failure", async () => {
  const { report } = await run((c) => c.add(`${P}/a`, { onCancel: "unimplemented" }), {
    onCancelUnsupported: "abandon",
  });
  assert.equal(report.results[0]!.outcome, "CANCEL_UNSUPPORTED");
  assert.equal(report.ok, true);
});

test("TIMED_OUT: the deadline reports the last state", async () => {
  const { report } = await run((c) => c.add(`${P}/a`, { onCancel: "ignore" }), { timeoutMillis: 60_000 });
  const r = report.results[0]!;
  assert.equal(r.outcome, "TIMED_OUT");
  assert.equal(r.lastState, "PENDING");
  assert.equal(r.elapsedMs, 60_000);
  assert.equal(report.ok, false);
});

test("ERROR: a non-retryable API error on cancel is kept", async () => {
  const { report } = await run((c) => c.add(`${P}/a`, { cancelError: "PERMISSION_DENIED" }));
  assert.equal(report.results[0]!.outcome, "ERROR");
  assert.equal(report.results[0]!.error?.status, "PERMISSION_DENIED");
  assert.equal(report.ok, false);
});

test("wait without cancelling reports how operations ended", async () => {
  const clock = new FakeClock();
  const { report, client } = await run(
    (c) => c.add(`${P}/a`, { doneAt: clock.now() + 3000 }),
    { cancel: false },
    clock,
  );
  assert.equal(report.results[0]!.outcome, "SUCCEEDED");
  assert.ok(!client.calls.some((c) => c.startsWith("cancel")));
});

test("polling follows the declared schedule (fake clock, no real sleeps)", async () => {
  const clock = new FakeClock();
  const { clock: c } = await run((cl) => cl.add(`${P}/a`, { cancelDelayMs: 2000 }), {}, clock);
  const polls = c.sleeps.filter((ms) => ms !== 20 * 60_000);
  assert.deepEqual(polls.slice(0, 4), [250, 325, 423, 549]);
});

test("batching: one list per round for operations under one parent", async () => {
  const { report, client } = await run((c) => {
    for (let i = 0; i < 50; i++) c.add(`${P}/op-${i}`, { cancelDelayMs: 1500 });
  });
  assert.ok(report.results.every((r) => r.outcome === "CANCELLED"));
  const gets = client.calls.filter((c) => c.startsWith("get")).length;
  const lists = client.calls.filter((c) => c.startsWith("list")).length;
  assert.equal(gets, 0);
  // Issue 12: a shared parent is polled more often (floored at 100 ms) to spend its saving on lag.
  assert.ok(lists <= 1 + Math.ceil(1500 / DEFAULT_CADENCE.floorMillis), `lists=${lists}`);
  assert.equal(report.requests, 50 + lists);
});

test("abort stops the wait and reports what was already cancelled", async () => {
  const clock = new FakeClock();
  const client = new FakeClient(clock);
  const n = client.add(`${P}/a`, { onCancel: "ignore" });
  const ctl = new AbortController();
  const p = cancelAndWait(client.asClient(), [n], {}, { clock, signal: ctl.signal });
  await clock.advance(1000);
  ctl.abort();
  await assert.rejects(p, (err: unknown) => {
    assert.ok(BeyondCorpError.is(err) && err.code === "ERR_ABORTED");
    const partial = (err as unknown as { partial: Array<{ cancelRequested: boolean }> }).partial;
    assert.equal(partial[0]!.cancelRequested, true);
    return true;
  });
  assert.equal(clock.pending, 0, "abort clears pending timers");
});

test("progress reports each state change", async () => {
  const { events } = await run((c) => c.add(`${P}/a`, {}));
  const types = events.map((e) => e.type);
  assert.ok(types.includes("cancel-sent") && types.includes("outcome") && types.includes("observed"));
});
