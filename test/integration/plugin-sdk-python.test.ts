/**
 * The generated Python SDK (sdk/python) under `pulumi.runtime.set_mocks`: test/python/test_sdk.py,
 * run with the pinned venv's python (scripts/bootstrap.sh). It checks the SDK's types against
 * schema.json (enums, WatchArgs, typed outputs, secret outputs) and runs examples/python under
 * mocks, so the example is compiled and imported too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { ROOT } from "../helpers/pulumi";
import { requirePython, runTool, VENV_PYTHON } from "../helpers/sdk";

const skip = requirePython();

test("the Python SDK's types under pulumi.runtime.set_mocks (test/python)", { skip }, async () => {
  const r = await runTool(VENV_PYTHON!, ["-m", "unittest", "discover", "-v", "-s", "test/python"], {
    cwd: ROOT,
    env: { PYTHONPATH: path.join(ROOT, "sdk/python"), PYTHONDONTWRITEBYTECODE: "1" },
    boundMs: 120_000,
  });
  assert.equal(r.code, 0, r.out);
  const ran = Number(/^Ran (\d+) tests?/m.exec(r.out)?.[1]);
  assert.ok(ran >= 7, `expected the 7 SDK tests to run, ran ${ran}:\n${r.out}`);
  assert.doesNotMatch(r.out, /skipped/, r.out);
});
