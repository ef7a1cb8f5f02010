import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { renderReadme } from "../../scripts/readme-tables";

const ROOT = path.resolve(__dirname, "../../..");

test("README's options and outcomes tables are the ones generated from code (run `npm run docs`)", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  assert.equal(renderReadme(readme), readme);
});
