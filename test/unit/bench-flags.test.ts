import { test } from "node:test";
import assert from "node:assert/strict";
import { parseBenchFlags } from "../../bench/flags";

test("bench flags: --only in both spellings, --model with its overrides, --smoke implies --quick", () => {
  assert.deepEqual([...(parseBenchFlags(["--only", "scale,mixed"]).only ?? [])], ["scale", "mixed"]);
  assert.deepEqual([...(parseBenchFlags(["--only=history"]).only ?? [])], ["history"]);
  assert.deepEqual(parseBenchFlags(["--model", '{"floorMillis":100}']).overrides, ['{"floorMillis":100}']);
  const smoke = parseBenchFlags(["--smoke"]);
  assert.equal(smoke.quick, true);
  assert.equal(parseBenchFlags([]).only, undefined, "a full run");
});

test("bench flags: what would run the wrong thing is refused, naming the rule", () => {
  assert.throws(() => parseBenchFlags(["--bogus"]), /Unknown option '--bogus'/);
  assert.throws(() => parseBenchFlags(["stray"]), /only --model takes arguments: stray/);
  assert.throws(() => parseBenchFlags(["--render", "--only", "scale"]), /take no --only, --quick or --smoke/);
  assert.throws(() => parseBenchFlags(["--model", "--quick"]), /take no --only, --quick or --smoke/);
  assert.throws(() => parseBenchFlags(["--only", "scale,bogus"]), /not a scenario: bogus/);
  assert.throws(() => parseBenchFlags(["--only="]), /it was empty/);
  assert.throws(() => parseBenchFlags(["--only"]), /argument missing/);
});
