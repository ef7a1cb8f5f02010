import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { renderReadme } from "../../scripts/readme-tables";
import type { OperationCancellerArgs } from "../../src/pulumi/resource";
import type { OptionName } from "../../src/options/spec";
import { DEFAULT_CADENCE } from "../../src/wait/cadence";

const ROOT = path.resolve(__dirname, "../../..");

test("README's options and outcomes tables are the ones generated from code (run `npm run docs`)", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  assert.equal(renderReadme(readme), readme);
});

// The resource's args are exactly the declared options plus what to track: a compile-time check.
type ArgKeys = keyof OperationCancellerArgs;
type Declared = OptionName | "operations" | "watches";
const argsMatchTable: [ArgKeys] extends [Declared] ? ([Declared] extends [ArgKeys] ? true : false) : false =
  true;

test("OperationCancellerArgs has one field per declared option (and operations, watches)", () => {
  assert.equal(argsMatchTable, true);
});

test("README and decisions.md state the polling cadence's figures as wait/cadence.ts has them", () => {
  const { floorMillis, budget, smallShare, lagShare } = DEFAULT_CADENCE;
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  assert.ok(readme.includes(`never more often than every ${floorMillis} ms`), "README: the floor");
  const decisions = fs.readFileSync(path.join(ROOT, "docs", "decisions.md"), "utf8");
  assert.equal(lagShare, 0.5, "the docs say √n");
  assert.ok(
    decisions.includes(
      `\`share(n) = min(√n, max(${smallShare}, ${budget} × n))\`, then a floor of ${floorMillis} ms`,
    ),
    "decisions.md: the share formula and the floor",
  );
});
