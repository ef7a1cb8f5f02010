/**
 * A watch's resolution and the resource's tracked set, over the in-memory client (issue 22: the
 * watch and tracked modules were reached only through sockets): what a watch keeps, how each kind
 * of listing is reported, and the states `create` and `refresh` record.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { FakeClient } from "../helpers/fake-client";
import { FakeClock } from "../helpers/fake-clock";
import { parseLocationName, parseOperationName, versionedName } from "../../src/lro/names";
import { isBareWatch, resolveWatch } from "../../src/wait/watch";
import type { ProgressEvent } from "../../src/wait/progress";
import { observeStates, recordedNames, resolveTracked, unique } from "../../src/pulumi/tracked";

const P = "projects/my-project/locations/global";
const GW = `${P}/securityGateways/gw`;
const op = (id: string) => `${P}/operations/${id}`;

function world() {
  const clock = new FakeClock(0);
  const fake = new FakeClient(clock);
  fake.add(op("a"), { target: GW });
  fake.add(op("b"), { target: GW.replace("my-project", "123456789012") });
  fake.add(op("other"), { target: `${P}/securityGateways/other` });
  fake.add(op("done"), { target: GW, doneAt: 0 });
  fake.add(op("untargeted"), {});
  const events: ProgressEvent[] = [];
  return { fake, client: fake.asClient(), events, onProgress: (e: ProgressEvent) => void events.push(e) };
}
const names = (ns: ReturnType<typeof parseOperationName>[]) => ns.map((n) => versionedName(n)).sort();

describe("resolveWatch over the in-memory client", () => {
  const parent = parseLocationName(P);

  test("a target: the in-flight operations on it, the project id or number alike; the listing filtered", async () => {
    const w = world();
    const found = await resolveWatch(w.client, { parent, targets: [GW] }, {}, { onProgress: w.onProgress });
    assert.deepEqual(names(found), [`v1/${op("a")}`, `v1/${op("b")}`]);
    assert.deepEqual(w.fake.listFilters, ["done=false"]);
    assert.deepEqual(w.events, [
      { type: "watch", parent: P, listing: "filtered", listed: 4, outside: 0, matched: 2, otherForm: 1 },
    ]);
  });

  test("isBareWatch: no target and no filter, or a blank one; a filter that is not text is for check to refuse", () => {
    const bare = [{}, { targets: [] }, { filter: "" }, { filter: "   " }, { targets: [], filter: " " }];
    for (const w of bare) assert.equal(isBareWatch(w), true, JSON.stringify(w));
    const narrowed = [
      { targets: ["t"] },
      { filter: "verb=update" },
      { targets: ["t"], filter: "" },
      { filter: 5 },
      { filter: null },
    ];
    for (const w of narrowed) assert.equal(isBareWatch(w), false, JSON.stringify(w));
  });

  test("no target and no filter: every in-flight operation", async () => {
    const w = world();
    const found = await resolveWatch(w.client, { parent }, {}, { onProgress: w.onProgress });
    assert.equal(found.length, 4);
  });

  test("a filter the server ignores: what it listed outside the filter is dropped here, and said (the target matched in either project form)", async () => {
    const w = world();
    const found = await resolveWatch(
      w.client,
      { parent, filter: `metadata.target="${GW}"` },
      {},
      { onProgress: w.onProgress },
    );
    assert.deepEqual(names(found), [`v1/${op("a")}`, `v1/${op("b")}`]);
    assert.equal(w.fake.listFilters[0], `done=false AND (metadata.target="${GW}")`);
    assert.deepEqual(w.events, [
      { type: "watch", parent: P, listing: "ignored", listed: 5, outside: 3, matched: 2, otherForm: 0 },
    ]);
  });

  test("a filter the server refuses: the parent listed without one and matched here", async () => {
    const w = world();
    w.fake.refuseFilters = true;
    const found = await resolveWatch(w.client, { parent, targets: [GW] }, {}, { onProgress: w.onProgress });
    assert.deepEqual(names(found), [`v1/${op("a")}`, `v1/${op("b")}`]);
    assert.deepEqual(w.fake.listFilters, ["done=false", ""]);
    assert.equal(w.events.length, 1);
    assert.deepEqual(
      { ...w.events[0], reason: undefined },
      {
        type: "watch",
        parent: P,
        listing: "refused",
        listed: 5,
        outside: 1,
        matched: 2,
        otherForm: 1,
        reason: undefined,
      },
    );
    assert.match(String((w.events[0] as { reason?: string }).reason), /^INVALID_ARGUMENT/);
  });

  test("a list that fails: said, and the error goes on", async () => {
    const w = world();
    w.fake.listErrors.push("PERMISSION_DENIED");
    await assert.rejects(
      resolveWatch(w.client, { parent, targets: [GW] }, {}, { onProgress: w.onProgress }),
      (e: { status?: string }) => e.status === "PERMISSION_DENIED",
    );
    assert.equal((w.events[0] as { listing?: string }).listing, "failed");
    assert.match(String((w.events[0] as { reason?: string }).reason), /^PERMISSION_DENIED/);
  });
});

describe("the resource's tracked set (pulumi/tracked.ts)", () => {
  test("resolveTracked: the explicit names, then each watch's, without duplicates", async () => {
    const w = world();
    const tracked = await resolveTracked(
      w.client,
      { operations: [op("untargeted"), op("a")], watches: [{ parent: P, targets: [GW] }] } as never,
      undefined,
      w.onProgress,
    );
    assert.deepEqual(tracked.map(versionedName), [
      `v1/${op("untargeted")}`,
      `v1/${op("a")}`,
      `v1/${op("b")}`,
    ]);
    assert.equal(w.events.length, 1);
  });

  test("names are checked and named by their field", async () => {
    const w = world();
    await assert.rejects(
      resolveTracked(w.client, { operations: ["nope"] } as never),
      (e: { field?: string }) => e.field === "operations[0]",
    );
    await assert.rejects(
      resolveTracked(w.client, { watches: [{ parent: "nope", targets: ["t"] }] } as never),
      (e: { field?: string }) => e.field === "watches[0].parent",
    );
    assert.throws(
      () => recordedNames({ trackedOperations: [op("a"), "bad"] } as never),
      (e: { field?: string }) => e.field === "trackedOperations[1]",
    );
    assert.deepEqual(
      recordedNames({ trackedOperations: [`v1alpha/${op("a")}`] } as never).map(versionedName),
      [`v1alpha/${op("a")}`],
    );
    assert.deepEqual(recordedNames({} as never), []);
  });

  test("unique keeps the first of each name", () => {
    const a = parseOperationName(op("a"));
    const b = parseOperationName(op("b"));
    assert.deepEqual(unique([a, b, parseOperationName(op("a"))]), [a, b]);
  });

  test("observeStates: pending, done with its ending, gone, and unknown with the API error", async () => {
    const w = world();
    w.fake.add(op("failed"), { doneAt: 0, result: { error: { code: 9, message: "no" } } });
    w.fake.add(op("denied"), { getError: "PERMISSION_DENIED" });
    const states = await observeStates(
      w.client,
      ["a", "done", "failed", "missing", "denied"].map((id) => parseOperationName(op(id))),
    );
    assert.deepEqual(states[`v1/${op("a")}`], { state: "PENDING" });
    assert.deepEqual(states[`v1/${op("done")}`], { state: "DONE", endedAs: "SUCCEEDED" });
    assert.equal(states[`v1/${op("failed")}`]?.state, "DONE");
    assert.equal(states[`v1/${op("failed")}`]?.endedAs, "FAILED");
    assert.equal(states[`v1/${op("failed")}`]?.error?.code, 9);
    assert.deepEqual(states[`v1/${op("missing")}`], { state: "GONE" });
    assert.equal(states[`v1/${op("denied")}`]?.state, "UNKNOWN");
    assert.equal(states[`v1/${op("denied")}`]?.error?.status, "PERMISSION_DENIED");
  });

  test("observeStates: an abort is not a state, it stops the call", async () => {
    const w = world();
    const ac = new AbortController();
    ac.abort();
    w.fake.latencyMs = 10;
    await assert.rejects(observeStates(w.client, [parseOperationName(op("a"))], ac.signal));
  });
});
