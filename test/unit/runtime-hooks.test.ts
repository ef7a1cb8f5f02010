/**
 * The resource's hooks (pulumi/runtime.ts) over the fake client and the fake clock, through the
 * HookContext's `connect` and `clock` seams: what create tracks, what update and delete cancel and
 * wait for, the outcomes they name, the engine's timeout reaching the wait, what read returns, and
 * the lines a user sees (never a secret).
 */
import { afterEach, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ClientDeps } from "../../src/client/operations-client";
import { BeyondCorpError } from "../../src/core/errors";
import type { ConnectionOptions } from "../../src/options/connection";
import { setLogSink } from "../../src/pulumi/log";
import * as runtime from "../../src/pulumi/runtime";
import type { CancellerOutputs, HookContext } from "../../src/pulumi/runtime";
import { FakeClient } from "../helpers/fake-client";
import { FakeClock } from "../helpers/fake-clock";

const P = "projects/my-project/locations/global";
const A = `${P}/operations/op-a`;
const B = `${P}/operations/op-b`;
const C = `${P}/operations/op-c`;
const TOKEN = "ya29.secret-token-value";

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  setLogSink((l) => void lines.push(l));
});
afterEach(() => setLogSink((l) => console.log(l)));

interface Rig {
  clock: FakeClock;
  fake: FakeClient;
  made: Array<{ options: ConnectionOptions; deps: ClientDeps }>;
  closed: number;
  ctx: (extra?: Partial<HookContext>) => HookContext;
}

function rig(): Rig {
  const clock = new FakeClock();
  const fake = new FakeClient(clock);
  const r: Rig = {
    clock,
    fake,
    made: [],
    closed: 0,
    ctx: (extra = {}) => ({
      clock,
      connect: (options: ConnectionOptions, deps: ClientDeps) => {
        r.made.push({ options, deps });
        return Object.assign(fake, {
          close: async () => {
            r.closed++;
          },
        }) as never;
      },
      ...extra,
    }),
  };
  return r;
}

/** Let `p` run to its end, moving the fake clock as its sleeps ask. */
async function drive<T>(clock: FakeClock, p: Promise<T>): Promise<T> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 200 && !done; i++) await clock.runAll();
  assert.ok(done, "the hook never ended");
  return p;
}

async function rejection(
  p: Promise<unknown>,
  clock: FakeClock,
): Promise<BeyondCorpError & Record<string, unknown>> {
  const err = await drive(clock, p).then(
    () => assert.fail("the hook succeeded"),
    (e: unknown) => e,
  );
  assert.ok(BeyondCorpError.is(err), String(err));
  return err as BeyondCorpError & Record<string, unknown>;
}

const stored = (extra: Record<string, unknown> = {}): CancellerOutputs =>
  ({
    operations: [A, B],
    schemaVersion: 2,
    trackedOperations: [`v1/${A}`, `v1/${B}`],
    operationStates: {},
    ...extra,
  }) as CancellerOutputs;

describe("create: tracks, observes, cancels nothing", () => {
  test("names and watches are resolved, states observed, the run recorded on the hook's clock", async () => {
    const r = rig();
    r.fake.add(A, {});
    r.fake.add(B, { doneAt: 0 });
    r.fake.add(C, { target: `${P}/appConnections/web` });
    r.fake.latencyMs = 20;
    const start = r.clock.now();
    const inputs = {
      operations: [A, B],
      watches: [{ parent: P, targets: [`${P}/appConnections/web`] }],
      endpoint: "https://beyondcorp.example.internal",
      accessToken: TOKEN,
    };
    const { id, outs } = await drive(r.clock, runtime.create(inputs, r.ctx()));
    assert.match(id, /^canceller-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const elapsed = r.clock.now() - start;
    assert.ok(elapsed > 0, "the fake requests took fake time");
    assert.deepEqual(outs, {
      ...inputs,
      schemaVersion: 2,
      trackedOperations: [`v1/${A}`, `v1/${B}`, `v1/${C}`],
      operationStates: {
        [`v1/${A}`]: { state: "PENDING" },
        [`v1/${B}`]: { state: "DONE", endedAs: "SUCCEEDED" },
        [`v1/${C}`]: { state: "PENDING" },
      },
      lastRun: {
        action: "create",
        at: new Date(r.clock.now()).toISOString(),
        elapsedMs: elapsed,
        requests: 0,
        outcomes: {},
      },
    });
    assert.ok(!r.fake.calls.some((c) => c.startsWith("cancel")), r.fake.calls.join("\n"));
    assert.ok(
      lines.includes("[beyondcorp] tracking 3 operation(s), 2 in flight; nothing is cancelled on create"),
      lines.join("\n"),
    );
    assert.equal(r.closed, 1, "the client is closed once");
    assert.deepEqual(r.made[0]!.options, {
      endpoint: "https://beyondcorp.example.internal",
      accessToken: TOKEN,
    });
    assert.ok(!lines.join("\n").includes(TOKEN), "the token is never printed");
  });

  test("the client gets the stack's layer from the context, else what configure read", async () => {
    const r = rig();
    r.fake.add(A, {});
    runtime.configure((k) => (k === "gcp:accessToken" ? "legacy-token" : undefined));
    try {
      await drive(r.clock, runtime.create({ operations: [A] }, r.ctx()));
      assert.deepEqual(r.made[0]!.deps.defaults, { accessToken: "legacy-token" });
      await drive(
        r.clock,
        runtime.create({ operations: [A] }, r.ctx({ stack: { accessToken: "stack-token" } })),
      );
      assert.deepEqual(r.made[1]!.deps.defaults, { accessToken: "stack-token" });
    } finally {
      runtime.configure(() => undefined);
    }
    await drive(r.clock, runtime.create({ operations: [A] }, r.ctx()));
    assert.deepEqual(r.made[2]!.deps.defaults, {});
  });

  test("the client's retries are logged as the waiter's progress", async () => {
    const r = rig();
    r.fake.add(A, {});
    await drive(r.clock, runtime.create({ operations: [A] }, r.ctx()));
    lines = [];
    r.made[0]!.deps.onRetry!({
      call: "cancel",
      path: `/v1/${A}:cancel`,
      attempt: 1,
      delayMs: 250,
      reason: "UNAVAILABLE",
    });
    assert.deepEqual(lines, [`[beyondcorp] retrying cancel /v1/${A}:cancel in 250 ms: UNAVAILABLE`]);
  });

  test("the client is closed when the hook fails too", async () => {
    const r = rig();
    r.fake.add(A, { getError: "PERMISSION_DENIED" });
    r.fake.listErrors.push("PERMISSION_DENIED");
    await drive(r.clock, runtime.create({ watches: [{ parent: P, filter: 'target="x"' }] }, r.ctx())).catch(
      () => undefined,
    );
    assert.equal(r.closed, 1);
  });
});

describe("read: the id back, fresh states over the recorded ones", () => {
  test("each recorded operation is observed; what was recorded about it is kept", async () => {
    const r = rig();
    r.fake.add(A, { doneAt: 0, result: { error: { code: 1, message: "cancelled" } } });
    r.fake.add(B, {});
    const props = stored({
      accessToken: TOKEN,
      operationStates: { [`v1/${A}`]: { state: "PENDING", cancelRequested: true, requests: 3 } },
    });
    const out = await drive(r.clock, runtime.read("canceller-1", props, r.ctx()));
    assert.equal(out.id, "canceller-1");
    assert.deepEqual(out.props, {
      ...props,
      operationStates: {
        [`v1/${A}`]: {
          state: "DONE",
          endedAs: "CANCELLED",
          error: { code: 1, status: "CANCELLED", message: "cancelled" },
          cancelRequested: true,
          requests: 3,
        },
        [`v1/${B}`]: { state: "PENDING" },
      },
    });
    assert.deepEqual(r.fake.calls.sort(), [`get ${A}`, `get ${B}`]);
    assert.equal(r.closed, 1);
  });
});

describe("update: cancels what is no longer tracked, and everything when the trigger changes", () => {
  test("an operation dropped from the inputs is cancelled and waited out; the kept one is observed", async () => {
    const r = rig();
    r.fake.add(A, {});
    r.fake.add(B, { cancelDelayMs: 3000 });
    const news = { operations: [A], accessToken: TOKEN, __provider: "exports.handler = x" };
    const start = r.clock.now();
    const { outs } = await drive(r.clock, runtime.update("id-1", stored(), news, r.ctx()));
    assert.ok(r.clock.now() - start >= 3000, "the wait reached the cancel's end");
    assert.deepEqual(
      r.fake.calls.filter((c) => c.startsWith("cancel")),
      [`cancel ${B}`],
    );
    assert.ok(
      lines.includes("[beyondcorp] 1 operation(s) no longer tracked: cancelling them"),
      lines.join("\n"),
    );
    assert.ok(lines.includes(`[beyondcorp] cancel requested: v1/${B}`), lines.join("\n"));
    assert.ok(!("__provider" in outs), "the provider's own property is not an output");
    assert.equal(outs.accessToken, TOKEN);
    assert.deepEqual(outs.trackedOperations, [`v1/${A}`]);
    assert.equal(outs.schemaVersion, 2);
    assert.deepEqual(outs.operations, [A]);
    assert.deepEqual(outs.operationStates[`v1/${A}`], { state: "PENDING" });
    assert.equal(outs.operationStates[`v1/${B}`]?.outcome, "CANCELLED");
    assert.equal(outs.operationStates[`v1/${B}`]?.cancelRequested, true);
    assert.equal(outs.lastRun?.action, "update");
    assert.equal(outs.lastRun?.at, new Date(r.clock.now()).toISOString());
    assert.deepEqual(outs.lastRun?.outcomes, { CANCELLED: 1 });
    assert.equal(r.closed, 1);
    assert.ok(!lines.join("\n").includes(TOKEN), "the token is never printed");
  });

  test("nothing dropped, nothing cancelled, no line about it", async () => {
    const r = rig();
    r.fake.add(A, {});
    r.fake.add(B, {});
    const { outs } = await drive(
      r.clock,
      runtime.update("id-1", stored({ trigger: "v1" }), { operations: [A, B], trigger: "v1" }, r.ctx()),
    );
    assert.ok(!r.fake.calls.some((c) => c.startsWith("cancel")), r.fake.calls.join("\n"));
    assert.ok(!lines.some((l) => /cancelling/.test(l)), lines.join("\n"));
    assert.deepEqual(outs.trackedOperations, [`v1/${A}`, `v1/${B}`]);
    assert.deepEqual(outs.operationStates, {
      [`v1/${A}`]: { state: "PENDING" },
      [`v1/${B}`]: { state: "PENDING" },
    });
    assert.deepEqual(outs.lastRun?.outcomes, {});
  });

  test("a changed trigger cancels every tracked operation, old and new", async () => {
    const r = rig();
    r.fake.add(A, {});
    r.fake.add(B, {});
    r.fake.add(C, {});
    const { outs } = await drive(
      r.clock,
      runtime.update("id-1", stored({ trigger: "v1" }), { operations: [B, C], trigger: "v2" }, r.ctx()),
    );
    assert.deepEqual(r.fake.calls.filter((c) => c.startsWith("cancel")).sort(), [
      `cancel ${A}`,
      `cancel ${B}`,
      `cancel ${C}`,
    ]);
    assert.ok(
      lines.includes("[beyondcorp] trigger changed: cancelling all 3 tracked operation(s)"),
      lines.join("\n"),
    );
    assert.deepEqual(outs.trackedOperations, [`v1/${B}`, `v1/${C}`]);
    assert.deepEqual(Object.keys(outs.operationStates).sort(), [`v1/${A}`, `v1/${B}`, `v1/${C}`]);
    for (const s of Object.values(outs.operationStates)) assert.equal(s.outcome, "CANCELLED");
    assert.deepEqual(
      r.fake.calls.filter((c) => c.startsWith("get")),
      [],
      "what the wait reported on is not observed again",
    );
  });

  test("a trigger set for the first time, or removed, is not a change", async () => {
    for (const [olds, news] of [
      [undefined, "v1"],
      ["v1", undefined],
    ] as const) {
      const r = rig();
      r.fake.add(A, {});
      r.fake.add(B, {});
      await drive(
        r.clock,
        runtime.update(
          "id-1",
          stored(olds === undefined ? {} : { trigger: olds }),
          { operations: [A, B], ...(news === undefined ? {} : { trigger: news }) },
          r.ctx(),
        ),
      );
      assert.ok(
        !r.fake.calls.some((c) => c.startsWith("cancel")),
        `${olds} → ${news}: ${r.fake.calls.join(", ")}`,
      );
    }
  });

  test("names recorded without a version (0.1.0 state) keep the version the old inputs declared", async () => {
    const r = rig();
    r.fake.add(A, {});
    const { outs } = await drive(
      r.clock,
      runtime.update(
        "id-1",
        { operations: [A], apiVersion: "v1alpha", trackedOperations: [A], operationStates: {} } as never,
        { operations: [A] },
        r.ctx(),
      ),
    );
    assert.deepEqual(
      r.fake.calls.filter((c) => c.startsWith("cancel")),
      [`cancel ${A}`],
      "v1alpha's operation is no longer tracked once the inputs say v1",
    );
    assert.deepEqual(outs.trackedOperations, [`v1/${A}`]);
  });

  test("a failing outcome fails the update, naming each operation, and keeps the new state for the engine", async () => {
    const r = rig();
    r.fake.add(A, {});
    r.fake.add(B, { cancelError: "PERMISSION_DENIED" });
    const news = { operations: [A], __provider: "exports.handler = x" };
    const err = await rejection(runtime.update("id-1", stored(), news, r.ctx()), r.clock);
    assert.equal(err.code, "ERR_API");
    assert.equal(err.status, "ABORTED");
    assert.equal(
      err.message,
      `update: 1 of 1 operation(s) ended in a failing outcome; run again to resume:\n  ERROR v1/${B}: PERMISSION_DENIED PERMISSION_DENIED`,
    );
    assert.equal(err["id"], "id-1");
    const properties = err["properties"] as Record<string, unknown>;
    assert.equal(properties["__provider"], "exports.handler = x");
    assert.deepEqual(properties["trackedOperations"], [`v1/${A}`]);
    assert.equal(r.closed, 1);
  });

  test("the engine's timeout reaches the wait: what is still running times out at it", async () => {
    const r = rig();
    r.fake.add(A, {});
    r.fake.add(B, { onCancel: "ignore" });
    r.fake.add(C, { onCancel: "ignore" });
    const start = r.clock.now();
    const err = await rejection(
      runtime.update(
        "id-1",
        stored({ operations: [A, B, C], trackedOperations: [`v1/${A}`, `v1/${B}`, `v1/${C}`] }),
        { operations: [A], timeout: "1h" },
        r.ctx({ timeoutMillis: 5000 }),
      ),
      r.clock,
    );
    const waited = r.clock.now() - start;
    assert.ok(waited >= 5000 && waited < 10_000, `waited ${waited} ms`);
    assert.equal(err.code, "ERR_DEADLINE");
    assert.equal(err.status, "DEADLINE_EXCEEDED");
    assert.match(
      err.message,
      /^update: 2 of 2 operation\(s\) ended in a failing outcome; run again to resume:\n {2}TIMED_OUT v1\/\S+op-[bc]\n {2}TIMED_OUT v1\/\S+op-[bc]$/,
    );
  });

  test("a timed-out operation among other failures still makes it a deadline error", async () => {
    const r = rig();
    r.fake.add(A, {});
    r.fake.add(B, { onCancel: "ignore" });
    r.fake.add(C, { cancelError: "PERMISSION_DENIED" });
    const err = await rejection(
      runtime.update(
        "id-1",
        stored({ trackedOperations: [`v1/${A}`, `v1/${B}`, `v1/${C}`] }),
        { operations: [A] },
        r.ctx({ timeoutMillis: 5000 }),
      ),
      r.clock,
    );
    assert.equal(err.code, "ERR_DEADLINE");
    assert.match(err.message, /^update: 2 of 2 operation\(s\)/);
  });

  test("the engine's Cancel interrupts the wait: the error says which cancels were sent", async () => {
    const r = rig();
    r.fake.add(A, {});
    r.fake.add(B, { onCancel: "ignore" });
    r.fake.add(C, {});
    // C's cancel is still on its way when the engine cancels.
    const cancel = r.fake.cancel.bind(r.fake);
    r.fake.cancel = async (n, c = {}) => {
      if (n.operation === "op-c") await r.clock.sleep(60_000, c.signal);
      return cancel(n, c);
    };
    const ac = new AbortController();
    const p = runtime.update(
      "id-1",
      stored({ trackedOperations: [`v1/${A}`, `v1/${B}`, `v1/${C}`] }),
      { operations: [A] },
      r.ctx({ signal: ac.signal }),
    );
    await r.clock.advance(2000);
    ac.abort();
    const err = await rejection(p, r.clock);
    assert.equal(err.code, "ERR_ABORTED");
    assert.equal(err.status, "CANCELLED");
    assert.match(
      err.message,
      new RegExp(
        `^update interrupted \\(.+\\): cancel requested for 1 of 2 operation\\(s\\); the guard is kept as it was, run the command again to resume:\\n {2}CANCEL_REQUESTED {3}v1/${B}\\n {2}PENDING {12}v1/${C}$`,
      ),
    );
    assert.ok(
      lines.includes("[beyondcorp] update interrupted: cancel requested for 1 of 2 operation(s)"),
      lines.join("\n"),
    );
    assert.equal(r.closed, 1);
  });

  test("an error that is not an interruption passes through unchanged", async () => {
    const r = rig();
    r.fake.add(A, {});
    r.fake.add(B, {});
    const err = await rejection(
      runtime.update("id-1", stored(), { operations: [A], failOn: ["BOGUS" as never] }, r.ctx()),
      r.clock,
    );
    assert.equal(err.code, "ERR_INVALID_INPUT");
    assert.match(err.message, /^failOn/);
    assert.ok(!lines.some((l) => /interrupted/.test(l)), lines.join("\n"));
  });
});

describe("delete: per onDelete, cancel or wait, then the summary", () => {
  test("by default every recorded and watched operation is cancelled and waited out", async () => {
    const r = rig();
    r.fake.add(A, {});
    r.fake.add(B, { cancelDelayMs: 2000 });
    r.fake.add(C, { target: `${P}/appConnections/web` });
    const start = r.clock.now();
    await drive(
      r.clock,
      runtime.remove(
        "id-1",
        stored({ accessToken: TOKEN, watches: [{ parent: P, targets: [`${P}/appConnections/web`] }] }),
        r.ctx(),
      ),
    );
    assert.ok(r.clock.now() - start >= 2000);
    assert.deepEqual(r.fake.calls.filter((c) => c.startsWith("cancel")).sort(), [
      `cancel ${A}`,
      `cancel ${B}`,
      `cancel ${C}`,
    ]);
    assert.ok(lines.includes("[beyondcorp] cancelling 3 operation(s) before delete"), lines.join("\n"));
    assert.ok(
      lines.some((l) =>
        /^\[beyondcorp\] delete: 3 operation\(s\) terminal in \d+\.\ds, \d+ requests: 3 CANCELLED$/.test(l),
      ),
      lines.join("\n"),
    );
    assert.ok(!lines.join("\n").includes(TOKEN));
    assert.equal(r.closed, 1);
  });

  test("onDelete=wait cancels nothing and waits until each is done", async () => {
    const r = rig();
    r.fake.add(A, { doneAt: r.clock.now() + 30_000 });
    r.fake.add(B, { doneAt: 0 });
    await drive(r.clock, runtime.remove("id-1", stored({ onDelete: "wait" }), r.ctx()));
    assert.ok(!r.fake.calls.some((c) => c.startsWith("cancel")), r.fake.calls.join("\n"));
    assert.ok(r.clock.now() >= 1_700_000_030_000, "waited for the operation to finish");
    assert.ok(lines.includes("[beyondcorp] waiting for 2 operation(s) before delete"), lines.join("\n"));
    assert.ok(
      lines.some((l) =>
        /delete: 2 operation\(s\) terminal .*1 ALREADY_DONE, 1 SUCCEEDED|delete: 2 operation\(s\) terminal .*1 SUCCEEDED, 1 ALREADY_DONE/.test(
          l,
        ),
      ),
      lines.join("\n"),
    );
  });

  test("onDelete=abandon builds no client and leaves the operations alone", async () => {
    const r = rig();
    await runtime.remove("id-1", stored({ onDelete: "abandon" }), r.ctx());
    assert.equal(r.made.length, 0);
    assert.deepEqual(lines, ["[beyondcorp] onDelete=abandon: leaving 2 operation(s) as they are"]);
  });

  test("a failing outcome fails the delete, naming the operation", async () => {
    const r = rig();
    r.fake.add(A, {});
    r.fake.add(B, { cancelError: "PERMISSION_DENIED" });
    const err = await rejection(runtime.remove("id-1", stored(), r.ctx()), r.clock);
    assert.equal(err.code, "ERR_API");
    assert.equal(
      err.message,
      `delete: 1 of 2 operation(s) ended in a failing outcome; run again to resume:\n  ERROR v1/${B}: PERMISSION_DENIED PERMISSION_DENIED`,
    );
    assert.ok(!("id" in err), "a failed delete carries no state to keep");
  });

  test("the engine's Cancel interrupts the delete's wait", async () => {
    const r = rig();
    r.fake.add(A, { onCancel: "ignore" });
    r.fake.add(B, { doneAt: 0 });
    const ac = new AbortController();
    const p = runtime.remove("id-1", stored(), r.ctx({ signal: ac.signal }));
    await r.clock.advance(2000);
    ac.abort();
    const err = await rejection(p, r.clock);
    assert.equal(err.code, "ERR_ABORTED");
    assert.match(err.message, /^delete interrupted \(.+\): cancel requested for 1 of 2 operation\(s\)/);
    assert.match(
      err.message,
      new RegExp(`\\n {2}CANCEL_REQUESTED {3}v1/${A}\\n {2}ALREADY_DONE {7}v1/${B}$`),
    );
  });
});

describe("check", () => {
  test("returns the inputs as given and each failure", async () => {
    const news = { operations: [A], bogus: 1 };
    const out = await runtime.check({}, news);
    assert.equal(out.inputs, news);
    assert.deepEqual(out.failures, [{ property: "bogus", reason: "bogus: unknown input" }]);
  });
});
