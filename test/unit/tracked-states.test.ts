/**
 * The resource's tracked set and observed states (pulumi/tracked.ts) at the edges the hooks meet:
 * a watch's filter, the engine's Cancel during a watch, and an error that is not the API's.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { BeyondCorpError } from "../../src/core/errors";
import { parseOperationName } from "../../src/lro/names";
import { setLogSink } from "../../src/pulumi/log";
import { observeStates, resolveTracked } from "../../src/pulumi/tracked";
import { FakeClient } from "../helpers/fake-client";
import { FakeClock } from "../helpers/fake-clock";

const P = "projects/my-project/locations/global";
const WEB = `${P}/appConnections/web`;

test("a watch with a filter tracks only the in-flight operations it matches", async () => {
  const clock = new FakeClock(0);
  const fake = new FakeClient(clock);
  fake.add(`${P}/operations/web`, { target: WEB });
  fake.add(`${P}/operations/db`, { target: `${P}/appConnections/db` });
  const names = await resolveTracked(
    fake.asClient(),
    { watches: [{ parent: P, filter: `target="${WEB}"` }] },
    undefined,
    () => undefined,
  );
  assert.deepEqual(
    names.map((n) => n.operation),
    ["web"],
  );
});

test("a bare watch held in older state (no target; no filter or a blank one) is skipped and said, never listed", async () => {
  const clock = new FakeClock(0);
  const fake = new FakeClient(clock);
  fake.add(`${P}/operations/web`, { target: WEB });
  fake.add(`${P}/operations/db`, { target: `${P}/appConnections/db` });
  const lines: string[] = [];
  setLogSink((l) => lines.push(l));
  try {
    const names = await resolveTracked(
      fake.asClient(),
      {
        operations: [`${P}/operations/db`],
        watches: [
          { parent: P },
          { parent: P, targets: [] },
          { parent: P, filter: "  " },
          { parent: P, targets: [WEB] },
        ],
      },
      undefined,
      () => undefined,
    );
    assert.deepEqual(
      names.map((n) => n.operation),
      ["db", "web"],
    );
  } finally {
    setLogSink((l) => console.log(l));
  }
  assert.deepEqual(fake.calls, [`list ${P}`], "only the watch with a target lists");
  const rule = "needs targets or a filter (a bare parent would cancel every operation in the location)";
  assert.deepEqual(
    lines,
    [0, 1, 2].map((i) => `[beyondcorp] watches[${i}]: skipped: it ${rule}`),
  );
});

test("explicit names alone: nothing listed, nothing said", async () => {
  const fake = new FakeClient(new FakeClock(0));
  const lines: string[] = [];
  setLogSink((l) => lines.push(l));
  try {
    const names = await resolveTracked(
      fake.asClient(),
      { operations: [`${P}/operations/db`] },
      undefined,
      () => undefined,
    );
    assert.deepEqual(
      names.map((n) => n.operation),
      ["db"],
    );
  } finally {
    setLogSink((l) => console.log(l));
  }
  assert.deepEqual(lines, []);
  assert.deepEqual(fake.calls, []);
});

test("the engine's Cancel stops a watch's list where it is", async () => {
  const clock = new FakeClock(0);
  const fake = new FakeClient(clock);
  fake.add(`${P}/operations/web`, { target: WEB });
  fake.slowLists.set(P, 60_000);
  const ac = new AbortController();
  const p = resolveTracked(
    fake.asClient(),
    { watches: [{ parent: P, targets: [WEB] }] },
    ac.signal,
    () => undefined,
  );
  const settled = p.then(
    () => "finished",
    (e: unknown) => e,
  );
  await clock.advance(1000);
  ac.abort();
  await clock.advance(1000);
  const err = await settled;
  assert.ok(BeyondCorpError.is(err) && err.code === "ERR_ABORTED", String(err));
  assert.equal(clock.now(), 2000, "nothing waited for the slow list");
});

test("a NOT_FOUND that is not the API's answer leaves the state UNKNOWN, with the error", async () => {
  const clock = new FakeClock(0);
  const fake = new FakeClient(clock);
  const bad = new BeyondCorpError({ code: "ERR_BAD_RESPONSE", status: "NOT_FOUND", message: "odd reply" });
  fake.get = async () => {
    throw bad;
  };
  const n = parseOperationName(`${P}/operations/x`);
  assert.deepEqual(await observeStates(fake.asClient(), [n]), {
    [`v1/${P}/operations/x`]: {
      state: "UNKNOWN",
      error: { code: 5, status: "NOT_FOUND", message: "odd reply" },
    },
  });
});
