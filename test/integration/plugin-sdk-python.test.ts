/**
 * The generated Python SDK (sdk/python) under `pulumi.runtime.set_mocks`: test/python/test_sdk.py,
 * run by a venv where the SDK is pip-installed as the README says (test/helpers/sdk.ts,
 * `programVenv`: the SDK reads its own version from its installed metadata, so a bare PYTHONPATH
 * would not do). It checks the SDK's types against schema.json (enums, WatchArgs, typed outputs,
 * secret outputs) and runs examples/python under mocks, so the example is compiled and run too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ROOT } from "../helpers/pulumi";
import { programVenv, requirePython, runTool } from "../helpers/sdk";

const skip = requirePython();

test("the Python SDK's types under pulumi.runtime.set_mocks (test/python)", { skip }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "bcops-python-sdk-"));
  try {
    const python = await programVenv(dir);
    const r = await runTool(python, ["-m", "unittest", "discover", "-v", "-s", "test/python"], {
      cwd: ROOT,
      env: { PYTHONDONTWRITEBYTECODE: "1" },
      boundMs: 120_000,
    });
    assert.equal(r.code, 0, r.out);
    const ran = Number(/^Ran (\d+) tests?/m.exec(r.out)?.[1]);
    assert.ok(ran >= 7, `expected the 7 SDK tests to run, ran ${ran}:\n${r.out}`);
    assert.doesNotMatch(r.out, /skipped/, r.out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
