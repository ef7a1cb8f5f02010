import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { renderReadme } from "../../scripts/readme-tables";
import type { OperationCancellerArgs } from "../../src/pulumi/resource";
import type { OptionName } from "../../src/options/spec";
import { DEFAULT_CADENCE } from "../../src/wait/cadence";

const ROOT = path.resolve(__dirname, "../../..");

test("README's generated regions (options, outcomes, bench bullets) are up to date (run `npm run docs`)", () => {
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

test("README, decisions.md and cadence.ts's own comment state the cadence's figures as DEFAULT_CADENCE has them", () => {
  const { floorMillis, budget, smallShare, lagShare } = DEFAULT_CADENCE;
  const read = (...p: string[]) => fs.readFileSync(path.join(ROOT, ...p), "utf8");
  const root = lagShare === 0.5 ? "√n" : `n^${lagShare}`;
  const percent = `${Math.round(budget * 100)} %`;
  const expected: Array<[string, string]> = [
    ["README.md", `never more often than every ${floorMillis} ms`],
    [
      "docs/decisions.md",
      `\`share(n) = min(${root}, max(${smallShare}, ${budget} × n))\`, then a floor of ${floorMillis} ms`,
    ],
    ["docs/decisions.md", `**${budget} × n** is the request budget`],
    ["docs/decisions.md", `a parent's polls are ${percent} of the gets gax would send`],
    ["docs/decisions.md", `(1 + ${budget} P) / (1 + P)`],
    ["docs/decisions.md", `**The floor, ${floorMillis} ms**`],
    ["src/wait/cadence.ts", `\`budget\` (${percent})`],
    ["src/wait/cadence.ts", `(1 + ${budget} P) / (1 + P)`],
    ["src/wait/cadence.ts", `a floor (${floorMillis} ms,`],
    ["src/wait/cadence.ts", `\`smallShare\` (${smallShare})`],
  ];
  for (const [file, text] of expected) assert.ok(read(...file.split("/")).includes(text), `${file}: ${text}`);
});
