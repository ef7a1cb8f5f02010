/**
 * The concurrency bound shared by every poller of a wait (wait/limiter.ts), `each` over it, and
 * the per-call context a round hands the client (wait/round.ts: its retry reports).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { each, Limiter } from "../../src/wait/limiter";
import { callContext } from "../../src/wait/round";
import type { RetryEvent } from "../../src/client/call";
import { roundWorld } from "../helpers/round-context";

/** A task that records how many run at once and finishes when the test says so. */
function gate() {
  let running = 0;
  let most = 0;
  const order: string[] = [];
  const open: Array<() => void> = [];
  const task = (id: string) => async () => {
    running++;
    most = Math.max(most, running);
    order.push(`start ${id}`);
    await new Promise<void>((resolve) => open.push(resolve));
    running--;
    order.push(`end ${id}`);
    return id;
  };
  const tick = () => new Promise<void>((r) => setImmediate(r));
  return { task, order, open, most: () => most, tick };
}

describe("Limiter", () => {
  test("no more than `max` at once; the next starts when one ends, first come first served", async () => {
    const g = gate();
    const limiter = new Limiter(2);
    const done = ["a", "b", "c", "d"].map((id) => limiter.run(g.task(id)));
    await g.tick();
    assert.deepEqual(g.order, ["start a", "start b"]);
    g.open.shift()!();
    await g.tick();
    assert.deepEqual(g.order, ["start a", "start b", "end a", "start c"]);
    while (g.open.length > 0) {
      g.open.shift()!();
      await g.tick();
    }
    assert.deepEqual(await Promise.all(done), ["a", "b", "c", "d"]);
    assert.equal(g.most(), 2);
  });

  test("a slot freed by a failure is handed on, and the limit holds after a queue drains", async () => {
    const limiter = new Limiter(1);
    await assert.rejects(
      limiter.run(async () => Promise.reject(new Error("boom"))),
      /boom/,
    );
    const g = gate();
    const done = [limiter.run(g.task("x")), limiter.run(g.task("y"))];
    await g.tick();
    assert.deepEqual(g.order, ["start x"]);
    g.open.shift()!();
    await g.tick();
    g.open.shift()!();
    await Promise.all(done);
    const again = [limiter.run(g.task("z")), limiter.run(g.task("w"))];
    await g.tick();
    assert.deepEqual(g.order.slice(-1), ["start z"], "still one at a time");
    g.open.shift()!();
    await g.tick();
    g.open.shift()!();
    await Promise.all(again);
    assert.equal(g.most(), 1);
  });
});

describe("each", () => {
  test("runs every item, then rejects with the first error", async () => {
    const seen: number[] = [];
    await assert.rejects(
      each(new Limiter(1), [1, 2, 3], async (n) => {
        seen.push(n);
        if (n >= 2) throw new Error(`item ${n}`);
      }),
      /^Error: item 2$/,
    );
    assert.deepEqual(seen, [1, 2, 3]);
  });

  test("resolves when none fails", async () => {
    const seen: number[] = [];
    await each(new Limiter(2), [1, 2], async (n) => void seen.push(n));
    assert.deepEqual(seen, [1, 2]);
  });
});

describe("callContext: a call's retries are reported as progress", () => {
  const retry: RetryEvent = {
    call: "get",
    path: "p",
    attempt: 1,
    delayMs: 100,
    reason: "UNAVAILABLE (HTTP 503)",
  };

  test("an operation's call names the operation", () => {
    const w = roundWorld(["projects/my-project/locations/global/operations/a"]);
    const t = w.ledger.all[0]!;
    const ctx = callContext(w.r, t);
    assert.equal(ctx.signal, w.r.signal);
    assert.equal(ctx.meter, t);
    ctx.onRetry!(retry);
    assert.deepEqual(w.events, [
      { type: "retry", name: "v1/projects/my-project/locations/global/operations/a", retry },
    ]);
  });

  test("a shared list call names none and counts on the list meter", () => {
    const w = roundWorld(["projects/my-project/locations/global/operations/a"]);
    const ctx = callContext(w.r, undefined);
    assert.equal(ctx.meter, w.r.listMeter);
    ctx.onRetry!(retry);
    assert.deepEqual(w.events, [{ type: "retry", retry }]);
  });
});
