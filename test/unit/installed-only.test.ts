/**
 * No end-to-end test and not the demo may link the checkout into a program's `node_modules` (issue
 * 20): a symlink or a `file:` link to the checkout keeps the package's modules outside
 * `node_modules`, where Pulumi serializes them by value and never meets the `exports` map that every
 * registry install goes through. They install the packed tarball (scripts/installed-package.ts);
 * TestStack also checks at run time where a Node.js program loads the package from.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "../../scripts/installed-package";

const FOLDERS = ["test/e2e", "test/reliability", "test/helpers", "scripts", "bench"];
const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bsymlinkSync\b|\bsymlink\(|\bln -s/, "a symlink"],
  [/file:\$\{ROOT\}|file:\.\.?\/?["'`]|"file:\/|link:/, "a file: or link: dependency on the checkout"],
  [/\bnpm link\b/, "npm link"],
  [/new TestStack\([^,()]*\)/, "a TestStack on the checkout's own program (give it an installed project)"],
  [/"pulumi",.*cwd: ROOT\b/, "a Pulumi program run from the checkout"],
];

test("no e2e test, helper, script or bench links the checkout into a program", () => {
  const found: string[] = [];
  for (const folder of FOLDERS)
    for (const f of readdirSync(path.join(ROOT, folder), { recursive: true }) as string[]) {
      if (!f.endsWith(".ts") || f.endsWith("installed-only.test.ts")) continue;
      const lines = readFileSync(path.join(ROOT, folder, f), "utf8").split("\n");
      lines.forEach((line, i) => {
        for (const [re, what] of FORBIDDEN)
          if (re.test(line)) found.push(`${folder}/${f}:${i + 1}: ${what}: ${line.trim()}`);
      });
    }
  assert.deepEqual(found, []);
});
