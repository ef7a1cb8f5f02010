/**
 * One group's poller, its look at the group (wait/observe.ts) and its cancels
 * (wait/cancel-round.ts), driven directly over a hand-built RoundContext (test/helpers/
 * round-context.ts): which calls go out in which order, which errors end an operation and which
 * are kept for the next poll, and the rounds the poller reports.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { BeyondCorpError } from "../../src/core/errors";
import { RPC_CODES, type RpcStatusName } from "../../src/core/rpc-codes";
import { cancelGroup } from "../../src/wait/cancel-round";
import { observeGroup } from "../../src/wait/observe";
import { pollGroup } from "../../src/wait/poller";
import { roundWorld } from "../helpers/round-context";

const P = "projects/my-project/locations/global";
const op = (id: string) => `${P}/operations/${id}`;
const NAMES_AB = `name="${op("a")}" OR name="${op("b")}"`;

const apiErr = (status: RpcStatusName, message: string = status) =>
  new BeyondCorpError({ code: "ERR_API", status, httpStatus: RPC_CODES[status].http, message, path: P });
/** Not an API answer, though its status reads like one (a malformed reply with an error status). */
const badReply = (status: RpcStatusName) =>
  new BeyondCorpError({ code: "ERR_BAD_RESPONSE", status, message: "malformed JSON", path: P });
/** Not our error type at all, though it carries the same fields. */
const foreign = (status: RpcStatusName) => Object.assign(new Error("not ours"), { code: "ERR_API", status });

describe("observeGroup: one look at a group", () => {
  test("nothing pending: no call at all", async () => {
    const w = roundWorld([op("a"), op("b")]);
    for (const t of w.ledger.all) w.ledger.finish(t, "CANCELLED");
    await observeGroup(w.r, w.groups[0]!, false);
    assert.deepEqual(w.client.calls, []);
  });

  test("each list's one request is shared by the operations it served", async () => {
    const w = roundWorld([op("a"), op("b"), op("c")]);
    for (const id of ["a", "b", "c"]) w.client.add(op(id), {});
    await observeGroup(w.r, w.groups[0]!, true);
    assert.deepEqual(
      w.ledger.all.map((t) => t.listShare),
      [1 / 3, 1 / 3, 1 / 3],
    );
    await observeGroup(w.r, w.groups[0]!, false);
    assert.deepEqual(
      w.ledger.all.map((t) => t.listShare),
      [2 / 3, 2 / 3, 2 / 3],
    );
    assert.deepEqual(w.client.calls, [`list ${P}`, `list ${P}`]);
  });

  test("a list that fails: a get each, now and on the next polls (until the relist)", async () => {
    const w = roundWorld([op("a"), op("b")]);
    w.client.add(op("a"), {});
    w.client.add(op("b"), {});
    w.client.listErrors.push("PERMISSION_DENIED");
    await observeGroup(w.r, w.groups[0]!, true);
    await observeGroup(w.r, w.groups[0]!, false);
    assert.deepEqual(w.client.calls, [
      `list ${P}`,
      `get ${op("a")}`,
      `get ${op("b")}`,
      `get ${op("a")}`,
      `get ${op("b")}`,
    ]);
  });

  test("a filter the server refuses with UNIMPLEMENTED: the next source in the same poll", async () => {
    const w = roundWorld([op("a"), op("b")]);
    w.client.add(op("a"), {});
    w.client.add(op("b"), {});
    w.client.listThrows.push(apiErr("UNIMPLEMENTED"));
    await observeGroup(w.r, w.groups[0]!, true);
    assert.deepEqual(w.client.calls, [`list! ${NAMES_AB}`, `list ${P}`]);
    assert.deepEqual(w.client.listFilters, [""]);
  });

  for (const [what, err] of [
    ["a malformed reply with status INVALID_ARGUMENT", badReply("INVALID_ARGUMENT")],
    ["an error of another type carrying ERR_API and INVALID_ARGUMENT", foreign("INVALID_ARGUMENT")],
  ] as const) {
    test(`${what} is no refusal of the filter: a get each`, async () => {
      const w = roundWorld([op("a"), op("b")]);
      w.client.add(op("a"), {});
      w.client.add(op("b"), {});
      w.client.listThrows.push(err);
      await observeGroup(w.r, w.groups[0]!, true);
      assert.deepEqual(w.client.calls, [`list! ${NAMES_AB}`, `get ${op("a")}`, `get ${op("b")}`]);
    });
  }

  test("an unfiltered list refused: nothing left to drop, so a get each", async () => {
    const w = roundWorld([op("a"), op("b")]);
    w.client.add(op("a"), {});
    w.client.add(op("b"), {});
    w.client.listThrows.push(apiErr("INVALID_ARGUMENT"), apiErr("INVALID_ARGUMENT"));
    await observeGroup(w.r, w.groups[0]!, true);
    assert.deepEqual(w.client.calls, [`list! ${NAMES_AB}`, "list! ", `get ${op("a")}`, `get ${op("b")}`]);
  });

  test("the deadline during a list ends the look: no gets after it", async () => {
    const w = roundWorld([op("a"), op("b")]);
    w.client.add(op("a"), {});
    w.client.add(op("b"), {});
    w.client.slowLists.set(P, 10_000);
    const look = observeGroup(w.r, w.groups[0]!, true);
    await w.clock.advance(100);
    w.abort(new BeyondCorpError({ code: "ERR_DEADLINE", message: "deadline of 100 ms exceeded" }));
    await assert.rejects(look, (e: unknown) => BeyondCorpError.is(e) && e.code === "ERR_DEADLINE");
    assert.deepEqual(w.client.calls, [`list ${P}`]);
    assert.ok(w.ledger.all.every((t) => !t.seen && !t.result));
  });

  test("a get that fails transiently is kept for the next poll, not an ending", async () => {
    const w = roundWorld([op("a")]);
    w.client.add(op("a"), { getError: "UNAVAILABLE" });
    await observeGroup(w.r, w.groups[0]!, false);
    const t = w.ledger.all[0]!;
    assert.equal(t.result, undefined);
    assert.equal(t.lastError?.status, "UNAVAILABLE");
  });
});

describe("cancelGroup: the cancels of one group", () => {
  async function cancelOne(
    setup: Parameters<typeof roundWorld>[1],
    fake: Parameters<ReturnType<typeof roundWorld>["client"]["add"]>[1],
    thrown?: unknown,
  ) {
    const w = roundWorld([op("a")], setup);
    w.client.add(op("a"), fake);
    if (thrown !== undefined) w.client.cancelThrows.set("a", [thrown]);
    await cancelGroup(w.r, w.groups[0]!);
    return { w, t: w.ledger.all[0]! };
  }
  const A = `v1/${op("a")}`;

  test("sent: marked and said", async () => {
    const { w, t } = await cancelOne({}, {});
    assert.equal(t.cancelRequested, true);
    assert.deepEqual(w.events, [{ type: "cancel-sent", name: A }]);
    await cancelGroup(w.r, w.groups[0]!);
    assert.deepEqual(w.client.calls, [`cancel ${op("a")}`], "never sent twice");
  });

  test("UNIMPLEMENTED, failing on it: said, and ended with the server's error", async () => {
    const { w, t } = await cancelOne({ onCancelUnsupported: "fail" }, { onCancel: "unimplemented" });
    assert.equal(t.unsupported, true);
    assert.deepEqual(w.events[0], { type: "cancel-unsupported", name: A });
    assert.equal(t.result?.outcome, "CANCEL_UNSUPPORTED");
    assert.deepEqual(t.result?.error, { code: 12, status: "UNIMPLEMENTED", message: "UNIMPLEMENTED" });
  });

  test("UNIMPLEMENTED, waiting on it: said, marked, not ended, and not sent again", async () => {
    const { w, t } = await cancelOne({ onCancelUnsupported: "wait" }, { onCancel: "unimplemented" });
    assert.deepEqual(w.events, [{ type: "cancel-unsupported", name: A }]);
    assert.equal(t.result, undefined);
    await cancelGroup(w.r, w.groups[0]!);
    assert.deepEqual(w.client.calls, [`cancel ${op("a")}`]);
  });

  test("FAILED_PRECONDITION (already ending): counts as requested, not an error, not sent again", async () => {
    const { w, t } = await cancelOne({}, { cancelError: "FAILED_PRECONDITION" });
    assert.equal(t.cancelRequested, true);
    assert.equal(t.result, undefined);
    assert.deepEqual(w.events, []);
    await cancelGroup(w.r, w.groups[0]!);
    assert.deepEqual(w.client.calls, [`cancel ${op("a")}`]);
  });

  for (const [what, err, status] of [
    ["a malformed reply with status UNIMPLEMENTED", badReply("UNIMPLEMENTED"), "UNIMPLEMENTED"],
    [
      "a malformed reply with status FAILED_PRECONDITION",
      badReply("FAILED_PRECONDITION"),
      "FAILED_PRECONDITION",
    ],
    ["an error of another type carrying ERR_API and UNIMPLEMENTED", foreign("UNIMPLEMENTED"), "UNKNOWN"],
    [
      "an error of another type carrying ERR_API and FAILED_PRECONDITION",
      foreign("FAILED_PRECONDITION"),
      "UNKNOWN",
    ],
  ] as const) {
    test(`${what}: an ERROR, not the server's answer`, async () => {
      const { w, t } = await cancelOne({}, {}, err);
      assert.equal(t.result?.outcome, "ERROR");
      assert.equal(t.result?.error?.status, status);
      assert.equal(t.cancelRequested, false);
      assert.equal(t.unsupported, false);
      assert.deepEqual(
        w.events.map((e) => e.type),
        ["outcome"],
      );
    });
  }

  test("a transient failure is kept, and the next round sends the cancel again", async () => {
    const { w, t } = await cancelOne({}, {}, apiErr("UNAVAILABLE"));
    assert.equal(t.result, undefined);
    assert.equal(t.cancelRequested, false);
    assert.equal(t.lastError?.status, "UNAVAILABLE");
    await cancelGroup(w.r, w.groups[0]!);
    assert.deepEqual(w.client.calls, [`cancel! a`, `cancel ${op("a")}`]);
    assert.equal(t.cancelRequested, true);
  });
});

describe("pollGroup: one group's life", () => {
  const rounds = (w: ReturnType<typeof roundWorld>) => w.events.filter((e) => e.type === "round");
  const A = `v1/${op("a")}`;

  test("wait: false: the first look and the cancel, then no round", async () => {
    const w = roundWorld([op("a")], { wait: false });
    w.client.add(op("a"), { onCancel: "ignore" });
    const p = pollGroup(w.r, w.groups[0]!);
    await w.clock.runAll(60_000);
    await p;
    assert.deepEqual(w.client.calls, [`get ${op("a")}`, `cancel ${op("a")}`]);
    assert.deepEqual(rounds(w), []);
  });

  test("stops as soon as nothing is pending", async () => {
    const w = roundWorld([op("a")]);
    w.client.add(op("a"), {});
    const p = pollGroup(w.r, w.groups[0]!);
    await w.clock.runAll(60_000);
    await p;
    assert.deepEqual(rounds(w), [{ type: "round", round: 0, pending: 1, nextDelayMs: 250, group: A }]);
    assert.equal(w.ledger.all[0]!.result?.outcome, "CANCELLED");
    assert.equal(w.clock.now(), 250);
  });

  test("rounds are numbered, and the last sleep is cut to the time left, then the poller stops", async () => {
    const w = roundWorld([op("a")], {}, 1000);
    w.client.add(op("a"), { onCancel: "ignore" });
    const p = pollGroup(w.r, w.groups[0]!);
    await w.clock.runAll(60_000);
    await p;
    assert.deepEqual(
      rounds(w).map((e) => e.type === "round" && [e.round, e.pending, e.nextDelayMs]),
      [
        [0, 1, 250],
        [1, 1, 325],
        [2, 1, 423],
        [3, 1, 2],
        [4, 1, 0],
      ],
    );
    assert.equal(w.clock.now(), 1000);
    assert.equal(w.ledger.all[0]!.result, undefined, "the waiter times it out, not the poller");
  });

  test("a cancel that failed transiently is sent again after the next look", async () => {
    const w = roundWorld([op("a")]);
    w.client.add(op("a"), {});
    w.client.cancelThrows.set("a", [apiErr("UNAVAILABLE")]);
    const p = pollGroup(w.r, w.groups[0]!);
    await w.clock.runAll(60_000);
    await p;
    assert.deepEqual(w.client.calls.slice(0, 5), [
      `get ${op("a")}`,
      "cancel! a",
      `get ${op("a")}`,
      `cancel ${op("a")}`,
      `get ${op("a")}`,
    ]);
    assert.equal(w.ledger.all[0]!.result?.outcome, "CANCELLED");
  });
});
