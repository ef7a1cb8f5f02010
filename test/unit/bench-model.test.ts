import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { modelShape, parseOverride, requestSpread } from "../../bench/model";
import { seedShape, sharedShapes, SHARED_IDS, singleShape } from "../../bench/shapes";
import type { SeedSpec } from "../../src/emulator/seed-spec";
import { ROOT } from "../../scripts/installed-package";
import { DEFAULT_CADENCE } from "../../src/wait/cadence";

/** No jitter: every interval exactly as the cadence gives it. */
const noJitter = () => 0;

test("the model runs the real waiter: a look, one cancel per operation and each poll", async () => {
  // Two operations under one parent, both ended before the first poll: look + 2 cancels + 1 poll.
  const m = await modelShape({ title: "", parents: [[0, 0]], latencyMs: 0, shared: true }, {}, noJitter);
  assert.equal(m.requests, 4);
  // The first poll of a listed parent of two: 250 / √2 ≈ 177 ms, raised to the 200 ms floor.
  assert.equal(m.meanLagMs, DEFAULT_CADENCE.floorMillis);
  // A lone operation polls on the schedule itself: 250, then 325 ms; it ends at 300 ms.
  const lone = await modelShape({ title: "", parents: [[300]], latencyMs: 0, shared: false }, {}, noJitter);
  assert.equal(lone.requests, 1 + 1 + 2);
  assert.equal(lone.meanLagMs, 250 + 325 - 300);
});

test("the shared shapes: batch 1 parent of 100, scale 10 of 100, few 40 of 3, history 25 live beside 5,000, mixed 194", () => {
  const s = sharedShapes("full");
  assert.deepEqual(
    SHARED_IDS.map((id) => s[id].parents.map((p) => p.length).reduce((a, b) => a + b, 0)),
    [100, 1000, 120, 25, 194],
  );
  assert.deepEqual(
    SHARED_IDS.map((id) => s[id].parents.length),
    [1, 10, 40, 1, 8],
  );
  assert.equal(s.history.finishedOps, 5_000);
  assert.equal(s.scale.latencyMs, 20);
  assert.equal(Math.max(...s.scale.parents.flat()), 29_925);
});

test("the jitter spread of the single scenario, as docs/decisions.md quotes it: 134 requests in 1,899 of 2,000 draws", async () => {
  assert.deepEqual(
    [...(await requestSpread(singleShape("full"), {}, 2_000))],
    [
      [133, 101],
      [134, 1899],
    ],
  );
});

test("seedShape seeds what the shape says: one parent per entry, finished operations only where the shape has them", () => {
  const seeded: SeedSpec[] = [];
  const emu = { seed: (s: SeedSpec) => void seeded.push(s) } as unknown as Parameters<typeof seedShape>[0];
  const shape = { title: "", parents: [[100, 200], [300]], latencyMs: 0, finishedOps: 2, shared: true };
  const names = seedShape(emu, "hist", shape, "lib");
  assert.deepEqual(names, [
    "projects/lib-hist-0/locations/global/operations/op-0",
    "projects/lib-hist-0/locations/global/operations/op-1",
    "projects/lib-hist-1/locations/global/operations/op-0",
  ]);
  assert.deepEqual(
    seeded.map((s) => [s.name, s.cancelDelayMs ?? null, s.doneAfterMs ?? null]),
    [
      ["projects/lib-hist-0/locations/global/operations/old-0", null, 0],
      ["projects/lib-hist-0/locations/global/operations/old-1", null, 0],
      ["projects/lib-hist-0/locations/global/operations/op-0", 100, null],
      ["projects/lib-hist-0/locations/global/operations/op-1", 200, null],
      ["projects/lib-hist-1/locations/global/operations/old-0", null, 0],
      ["projects/lib-hist-1/locations/global/operations/old-1", null, 0],
      ["projects/lib-hist-1/locations/global/operations/op-0", 300, null],
    ],
  );
  const plain = seedShape(emu, "mix", { ...shape, finishedOps: undefined }, "gax");
  assert.equal(plain.length, 3);
  assert.equal(seeded.filter((s) => s.name?.includes("-mix-") && s.name.includes("old-")).length, 0);
});

test("--model overrides: cadence fields with numbers, anything else refused by name", () => {
  assert.deepEqual(parseOverride('{"floorMillis":100,"budget":0.15}'), { floorMillis: 100, budget: 0.15 });
  assert.throws(() => parseOverride('{"maxShare":4}'), /not a cadence field: maxShare/);
  assert.throws(() => parseOverride('{"budget":"0.1"}'), /budget is not a number/);
  assert.throws(() => parseOverride("[1]"), /not an object/);
  assert.throws(() => parseOverride("floorMillis=100"), /not JSON/);
});

/** Requests of the library client in the committed full run (bench/results.json), by scenario. */
function committed(): { date: string; requests: Record<string, number> } {
  const saved = JSON.parse(readFileSync(path.join(ROOT, "bench/results.json"), "utf8")) as {
    meta: { date: string };
    scenarios: Array<{ id: string; results: Array<{ client: string; requests: number }> }>;
  };
  return {
    date: saved.meta.date,
    requests: Object.fromEntries(
      saved.scenarios.map((s) => [s.id, s.results.find((r) => r.client === "oursLibrary")?.requests ?? NaN]),
    ),
  };
}

test("the model's requests stay within 2% of the committed run's, in every shared scenario and single", async () => {
  const run = committed();
  const shapes = sharedShapes("full");
  const rows: string[] = [];
  for (const id of [...SHARED_IDS, "single"] as const) {
    const m = await modelShape(id === "single" ? singleShape("full") : shapes[id]);
    const measured = run.requests[id]!;
    rows.push(`${id}: model ${m.requests}, measured ${measured} on ${run.date}`);
    assert.ok(
      Math.abs(m.requests - measured) <= 0.02 * measured,
      `${id}: the model sends ${m.requests} requests, the committed run ${measured}: the waiter and the run disagree\n${rows.join("\n")}`,
    );
  }
  process.stdout.write(`# ${rows.join("\n# ")}\n`);
});
