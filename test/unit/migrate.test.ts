import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { migrateOutputs, SCHEMA_VERSION } from "../../src/pulumi/migrate";

const ROOT = path.resolve(__dirname, "../../..");
const state = JSON.parse(
  fs.readFileSync(path.join(ROOT, "test/fixtures/upgrade-0.1.0/state.json"), "utf8"),
) as {
  deployment: { resources: Array<{ type: string; urn: string; outputs?: Record<string, unknown> }> };
};
const guards = state.deployment.resources.filter((r) => r.type.endsWith("OperationCanceller"));

test("the 0.1.0 fixture holds guards without a schema version", () => {
  assert.equal(guards.length, 2);
  for (const g of guards) assert.equal(g.outputs?.["schemaVersion"], undefined, g.urn);
});

for (const g of guards) {
  test(`migrates 0.1.0 outputs of ${g.urn.split("::").pop()}`, () => {
    const olds = g.outputs!;
    const m = migrateOutputs(olds);
    assert.equal(m.schemaVersion, SCHEMA_VERSION);
    assert.deepEqual(m.trackedOperations, olds["trackedOperations"]);
    assert.deepEqual(m.operationStates, olds["operationStates"]);
    // Inputs, secrets (still ciphertext here) and __provider pass through untouched.
    for (const k of Object.keys(olds))
      if (!["lastRun", "schemaVersion"].includes(k))
        assert.deepEqual((m as unknown as Record<string, unknown>)[k], olds[k], k);
    if (m.lastRun) assert.ok(Number.isInteger(m.lastRun.requests));
    assert.deepEqual(
      migrateOutputs(m as unknown as Record<string, unknown>),
      m,
      "migrating twice changes nothing",
    );
    assert.deepEqual(g.outputs, olds, "the input object is not modified");
  });
}

test("fills what 0.1.0 could leave out, and rounds a fractional request count", () => {
  const m = migrateOutputs({
    operations: [],
    lastRun: { action: "update", at: "x", elapsedMs: 1, requests: 2.5, outcomes: {} },
  });
  assert.deepEqual(m.trackedOperations, []);
  assert.deepEqual(m.operationStates, {});
  assert.equal(m.lastRun?.requests, 3);
});

test("state from a newer release is refused with an upgrade hint", () => {
  assert.throws(
    () => migrateOutputs({ schemaVersion: SCHEMA_VERSION + 1 }),
    /npm install beyondcorp-ops@latest/,
  );
});

test("outputs of the current schema pass through as they are", () => {
  const current = {
    schemaVersion: SCHEMA_VERSION,
    trackedOperations: ["v1/x"],
    operationStates: {},
    lastRun: { action: "create", at: "t", elapsedMs: 1, requests: 2.5, outcomes: {} },
  };
  assert.deepEqual(migrateOutputs(current), current);
});

test("0.1.0 outputs with missing or malformed parts get empty ones, and no lastRun is invented", () => {
  const m = migrateOutputs({ trackedOperations: "nope", operationStates: null });
  assert.deepEqual(m.trackedOperations, []);
  assert.deepEqual(m.operationStates, {});
  assert.ok(!("lastRun" in m));
  assert.equal(m.schemaVersion, SCHEMA_VERSION);
  const r = migrateOutputs({
    lastRun: { action: "delete", at: "t", elapsedMs: 1, requests: 2.4, outcomes: {} },
  });
  assert.equal(r.lastRun?.requests, 2);
});

test("outputs of a newer schema are refused, naming both versions", () => {
  assert.throws(
    () => migrateOutputs({ schemaVersion: SCHEMA_VERSION + 1 }),
    new RegExp(`outputs schema ${SCHEMA_VERSION + 1}, this release reads up to ${SCHEMA_VERSION}`),
  );
});
