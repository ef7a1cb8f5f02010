/**
 * The real clock (core/clock.ts): `now` is the wall clock, `sleep` waits its time unless its signal
 * aborts, rejects with ERR_ABORTED (or the signal's own BeyondCorpError) and leaves no timer or
 * listener behind. Real timers here are a few milliseconds, and every wait is bounded.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { abortError, systemClock, throwIfAborted } from "../../src/core/clock";
import { BeyondCorpError } from "../../src/core/errors";

/** Settle `p` within `ms`, or say it did not. */
function settled<T>(p: Promise<T>, ms = 1000): Promise<{ value: T } | { error: unknown } | "pending"> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    new Promise<"pending">((resolve) => (timer = setTimeout(() => resolve("pending"), ms))),
  ]).finally(() => clearTimeout(timer));
}

test("now is Date.now", () => {
  const before = Date.now();
  const now = systemClock.now();
  assert.equal(typeof now, "number");
  assert.ok(now >= before && now <= Date.now(), String(now));
});

test("sleep resolves after its time, not before, with or without a signal", async () => {
  const order: string[] = [];
  const slept = systemClock.sleep(40).then(() => order.push("sleep 40"));
  setTimeout(() => order.push("timer 5"), 5);
  assert.deepEqual(await settled(slept), { value: 2 });
  assert.deepEqual(order, ["timer 5", "sleep 40"]);

  const signal = new AbortController().signal;
  assert.deepEqual(await settled(systemClock.sleep(1, signal)), { value: undefined });
  // Done: it no longer listens to the signal.
  assert.equal(getEventListeners(signal, "abort").length, 0);
});

test("a negative or zero sleep resolves at once", async () => {
  assert.deepEqual(await settled(systemClock.sleep(-5), 200), { value: undefined });
  assert.deepEqual(await settled(systemClock.sleep(0), 200), { value: undefined });
});

test("sleep with an already aborted signal rejects at once with ERR_ABORTED", async () => {
  const ac = new AbortController();
  const reason = new Error("user pressed ^C");
  ac.abort(reason);
  const started = Date.now();
  const r = await settled(systemClock.sleep(60_000, ac.signal), 1000);
  assert.ok(r !== "pending" && "error" in r, "rejected");
  const err = r.error;
  assert.ok(BeyondCorpError.is(err));
  assert.deepEqual(
    [err.code, err.status, err.message, err.cause],
    ["ERR_ABORTED", "CANCELLED", "aborted", reason],
  );
  assert.ok(Date.now() - started < 1000);
  assert.equal(getEventListeners(ac.signal, "abort").length, 0);
});

test("an abort during sleep rejects at once and clears the timer and the listener", async () => {
  const ac = new AbortController();
  const p = systemClock.sleep(60_000, ac.signal);
  assert.equal(getEventListeners(ac.signal, "abort").length, 1);
  setTimeout(() => ac.abort(), 2);
  const r = await settled(p, 1000);
  assert.ok(r !== "pending" && "error" in r, "rejected within 1 s");
  assert.ok(BeyondCorpError.is(r.error));
  assert.equal(r.error.code, "ERR_ABORTED");
  assert.equal(getEventListeners(ac.signal, "abort").length, 0);
  // A timer left behind would keep this test file's process alive for a minute.
  const handles = process.getActiveResourcesInfo().filter((x) => x === "Timeout");
  assert.equal(handles.length, 0, handles.join());
});

test("a BeyondCorpError as the abort reason is what every wait rejects with", async () => {
  const deadline = new BeyondCorpError({ code: "ERR_DEADLINE", message: "deadline of 5m passed" });
  const ac = new AbortController();
  ac.abort(deadline);
  assert.equal(abortError(ac.signal), deadline);
  const r = await settled(systemClock.sleep(60_000, ac.signal));
  assert.deepEqual(r, { error: deadline });

  const later = new AbortController();
  const p = systemClock.sleep(60_000, later.signal);
  later.abort(deadline);
  assert.deepEqual(await settled(p), { error: deadline });
});

test("abortError without a signal, or with a plain reason", () => {
  const none = abortError(undefined);
  assert.deepEqual([none.code, none.status, none.message], ["ERR_ABORTED", "CANCELLED", "aborted"]);
  assert.ok(!Object.hasOwn(none, "cause"));
  const ac = new AbortController();
  ac.abort("stop");
  const err = abortError(ac.signal);
  assert.deepEqual([err.code, err.message, err.cause], ["ERR_ABORTED", "aborted", "stop"]);
});

test("throwIfAborted throws only once the signal has fired", () => {
  throwIfAborted(undefined);
  const ac = new AbortController();
  throwIfAborted(ac.signal);
  ac.abort();
  assert.throws(
    () => throwIfAborted(ac.signal),
    (e: unknown) => BeyondCorpError.is(e) && e.code === "ERR_ABORTED" && e.message === "aborted",
  );
});
