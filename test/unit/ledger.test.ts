/**
 * The waiter's outcome rules (wait/ledger.ts), one observation at a time: what each view of an
 * operation and each failed call turns into, what a result records, and what a snapshot shows.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { BeyondCorpError } from "../../src/core/errors";
import { parseOperationName } from "../../src/lro/names";
import type { Operation } from "../../src/lro/operation";
import { apiError, Ledger } from "../../src/wait/ledger";
import type { ProgressEvent } from "../../src/wait/progress";
import { FakeClock } from "../helpers/fake-clock";

const P = "projects/my-project/locations/global";
const A = `${P}/operations/a`;
const B = `${P}/operations/b`;

function ledger(names = [A]) {
  const clock = new FakeClock();
  const events: ProgressEvent[] = [];
  const l = new Ledger(
    names.map((n) => parseOperationName(n)),
    clock,
    (e) => events.push(e),
  );
  return { l, t: l.all[0]!, clock, events };
}
const pending = (o: Partial<Operation> = {}): Operation => ({
  name: A,
  done: false,
  hasResponse: false,
  ...o,
});
const done = (o: Partial<Operation> = {}): Operation => ({ name: A, done: true, hasResponse: true, ...o });
const api = (status: "NOT_FOUND" | "UNAVAILABLE" | "PERMISSION_DENIED", code = "ERR_API" as const) =>
  new BeyondCorpError({ code, status, message: status });

describe("ledger", () => {
  test("tracks each name once, by its versioned form, keyed by parent", () => {
    const { l } = ledger([A, `v1/${A}`, B, A]);
    assert.deepEqual(
      l.all.map((t) => [t.display, t.key]),
      [
        [`v1/${A}`, `v1/${P}`],
        [`v1/${B}`, `v1/${P}`],
      ],
    );
  });

  test("a pending view is observed, records target and verb, and ends nothing", () => {
    const { l, t, events } = ledger();
    l.apply(t, pending({ metadata: { target: "gw", verb: "update" } }), true);
    assert.deepEqual(events, [{ type: "observed", name: `v1/${A}`, state: "PENDING" }]);
    assert.equal(t.seen, true);
    assert.equal(t.target, "gw");
    assert.equal(t.verb, "update");
    assert.equal(t.result, undefined);
    l.apply(t, pending({ metadata: {} }), false);
    assert.equal(t.target, "gw", "a later view without metadata keeps what was known");
  });

  test("done at first sight is ALREADY_DONE with how it ended; the result records time, requests, target, verb", async () => {
    const { l, t, clock, events } = ledger();
    t.requests = 2;
    t.listShare = 1 / 3;
    await clock.advance(1500);
    l.apply(
      t,
      done({
        hasResponse: false,
        error: { code: 9, message: "m" },
        metadata: { target: "gw", verb: "create" },
      }),
      true,
    );
    assert.deepEqual(t.result, {
      name: `v1/${A}`,
      outcome: "ALREADY_DONE",
      cancelRequested: false,
      elapsedMs: 1500,
      requests: 2.33,
      target: "gw",
      verb: "create",
      endedAs: "FAILED",
      error: { code: 9, status: "FAILED_PRECONDITION", message: "m" },
    });
    assert.deepEqual(events.at(-2), { type: "observed", name: `v1/${A}`, state: "DONE" });
    assert.deepEqual(events.at(-1), { type: "outcome", result: t.result });
  });

  test("done later ends as it ended: CANCELLED with its error, SUCCEEDED without; unsupported keeps endedAs", () => {
    const c = ledger();
    c.t.cancelRequested = true;
    c.l.apply(c.t, done({ hasResponse: false, error: { code: 1, message: "cancelled" } }), false);
    assert.equal(c.t.result?.outcome, "CANCELLED");
    assert.deepEqual(c.t.result?.error, { code: 1, status: "CANCELLED", message: "cancelled" });
    assert.equal(c.t.result?.cancelRequested, true);
    assert.equal("endedAs" in c.t.result!, false);

    const s = ledger();
    s.l.apply(s.t, done(), false);
    assert.equal(s.t.result?.outcome, "SUCCEEDED");
    assert.equal("error" in s.t.result!, false);
    assert.equal("target" in s.t.result!, false);

    const u = ledger();
    u.t.unsupported = true;
    u.l.apply(u.t, done(), false);
    assert.equal(u.t.result?.outcome, "CANCEL_UNSUPPORTED");
    assert.equal(u.t.result?.endedAs, "SUCCEEDED");
  });

  test("an outcome is decided once", () => {
    const { l, t, events } = ledger();
    l.finish(t, "NOT_FOUND");
    l.finish(t, "ERROR");
    l.apply(t, done(), false);
    assert.equal(t.result?.outcome, "NOT_FOUND");
    assert.equal(events.filter((e) => e.type === "outcome").length, 1);
    assert.deepEqual(l.pending(), []);
  });

  test("a failed call: NOT_FOUND ends it, a transient error is kept, another error ends it as ERROR", () => {
    const nf = ledger();
    nf.l.callFailed(nf.t, api("NOT_FOUND"), "get");
    assert.equal(nf.t.result?.outcome, "NOT_FOUND");

    const tr = ledger();
    tr.l.callFailed(tr.t, api("UNAVAILABLE"), "cancel");
    assert.equal(tr.t.result, undefined);
    assert.equal(tr.t.lastError?.status, "UNAVAILABLE");

    const pd = ledger();
    pd.l.callFailed(pd.t, api("PERMISSION_DENIED"), "get");
    assert.equal(pd.t.result?.outcome, "ERROR");
    assert.deepEqual(pd.t.result?.error, {
      code: 7,
      status: "PERMISSION_DENIED",
      message: "PERMISSION_DENIED",
    });

    // NOT_FOUND that is not an API reply (a bad response naming it) is an ERROR, not gone.
    const br = ledger();
    br.l.callFailed(
      br.t,
      new BeyondCorpError({ code: "ERR_BAD_RESPONSE", status: "NOT_FOUND", message: "x" }),
      "get",
    );
    assert.equal(br.t.result?.outcome, "ERROR");

    const fe = ledger();
    fe.l.callFailed(fe.t, new TypeError("boom"), "get");
    assert.deepEqual(fe.t.result?.error, { code: 2, status: "UNKNOWN", message: "boom" });
  });

  test("on the first look only a bad reply is passed over (its cancel still goes out); an API error still ends it", () => {
    const bad = ledger();
    bad.l.callFailed(
      bad.t,
      new BeyondCorpError({ code: "ERR_BAD_RESPONSE", status: "UNKNOWN", message: "not JSON" }),
      "get",
      true,
    );
    assert.equal(bad.t.result, undefined, "a bad first reply decides nothing");
    assert.equal(bad.t.lastError?.message, "not JSON");

    const denied = ledger();
    denied.l.callFailed(denied.t, api("PERMISSION_DENIED"), "get", true);
    assert.equal(denied.t.result?.outcome, "ERROR", "an API error on the first look is an ERROR");
  });

  test("the deadline and an abort are not outcomes: they propagate", () => {
    const { l, t } = ledger();
    const dl = new BeyondCorpError({ code: "ERR_DEADLINE", message: "late" });
    assert.throws(
      () => l.callFailed(t, dl, "get"),
      (e) => e === dl,
    );
    assert.equal(t.result, undefined);
  });

  test("timeOutRest: TIMED_OUT with the last state seen and the last error", () => {
    const { l } = ledger([A, B]);
    const [a, b] = l.all as [NonNullable<(typeof l.all)[0]>, NonNullable<(typeof l.all)[0]>];
    l.apply(a, pending(), true);
    l.callFailed(a, api("UNAVAILABLE"), "get");
    l.timeOutRest();
    assert.equal(a.result?.outcome, "TIMED_OUT");
    assert.equal(a.result?.lastState, "PENDING");
    assert.equal(a.result?.error?.status, "UNAVAILABLE");
    assert.equal(b.result?.lastState, "UNKNOWN");
    assert.equal("error" in b.result!, false);
  });

  test("snapshot: every operation, its cancel, its outcome when known", async () => {
    const { l, clock } = ledger([A, B]);
    l.all[0]!.cancelRequested = true;
    l.finish(l.all[0]!, "CANCELLED");
    await clock.advance(250);
    assert.deepEqual(l.snapshot(), [
      { name: `v1/${A}`, cancelRequested: true, outcome: "CANCELLED", elapsedMs: 250 },
      { name: `v1/${B}`, cancelRequested: false, elapsedMs: 250 },
    ]);
  });

  test("apiError keeps a BeyondCorpError's status and describes anything else as UNKNOWN", () => {
    assert.deepEqual(apiError(api("UNAVAILABLE")), {
      code: 14,
      status: "UNAVAILABLE",
      message: "UNAVAILABLE",
    });
    assert.deepEqual(apiError("str"), { code: 2, status: "UNKNOWN", message: "str" });
    assert.deepEqual(apiError({ status: "NOT_FOUND", rpcCode: 5, message: "m" }), {
      code: 2,
      status: "UNKNOWN",
      message: "[object Object]",
    });
  });
});
