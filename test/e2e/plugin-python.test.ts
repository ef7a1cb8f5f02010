/**
 * The provider plugin from a Python program, end to end: examples/python with the generated SDK,
 * run by the Python language host from bootstrap (v3.68, see docs/decisions.md "Plugin tooling")
 * with PULUMI_PYTHON_CMD, the plugin installed as the README says, the emulator over real sockets.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../src/emulator";
import { InstalledPlugin } from "../helpers/plugin";
import { requirePulumi, ROOT, TestStack } from "../helpers/pulumi";
import { programVenv, requirePython } from "../helpers/sdk";

const skip = requirePulumi() ?? requirePython();
const P = "projects/my-project-1/locations/global";
const TOKEN = "ya29.python-plugin-token-do-not-leak";
const op = (id: string) => `${P}/operations/${id}`;

describe("provider plugin from Python (examples/python)", { skip, concurrency: false }, () => {
  let emu: Emulator;
  let plugin: InstalledPlugin;
  let stack: TestStack;
  const dir = mkdtempSync(path.join(tmpdir(), "bcops-python-"));
  const cancels = () => emu.requests().filter((r) => r.route === "cancel").length;

  before(async () => {
    emu = await startEmulator();
    plugin = new InstalledPlugin();
    for (const f of ["Pulumi.yaml", "__main__.py"])
      copyFileSync(path.join(ROOT, "examples/python", f), path.join(dir, f));
    appendFileSync(path.join(dir, "Pulumi.yaml"), plugin.pulumiYamlBlock());
    const python = await programVenv(dir);
    stack = new TestStack("python", dir);
    stack.env["PULUMI_PYTHON_CMD"] = python;
  });
  after(async () => {
    stack?.dispose();
    plugin?.dispose();
    rmSync(dir, { recursive: true, force: true });
    await emu?.close();
  });

  test("up guards without cancelling, refresh reads, destroy cancels and names each outcome; the token stays secret", async () => {
    emu.seed({ name: op("py-a"), cancelDelayMs: 200 });
    emu.seed({ name: op("py-b"), onCancel: "complete", cancelDelayMs: 100 });
    stack.config("endpoint", emu.url);
    stack.config("accessToken", TOKEN, true);
    stack.config("operations[0]", op("py-a"));
    stack.config("operations[1]", op("py-b"));

    const up = await stack.run(["up", "--skip-preview"]);
    assert.equal(up.code, 0, up.out);
    assert.match(up.out, /tracking 2 operation\(s\), 2 in flight; nothing is cancelled on create/);
    assert.doesNotMatch(up.out, /warning/);
    assert.equal(cancels(), 0);
    const outputs = JSON.parse(stack.must(["stack", "output", "--json"])) as { tracked: string[] };
    assert.deepEqual(outputs.tracked, [`v1/${op("py-a")}`, `v1/${op("py-b")}`]);
    stack.assertSecret("beyondcorp-ops:index:OperationCanceller", "accessToken", TOKEN);

    emu.clearRequests();
    const refresh = await stack.run(["refresh", "--skip-preview"]);
    assert.equal(refresh.code, 0, refresh.out);
    assert.equal(cancels(), 0);

    const destroy = await stack.run(["destroy", "--skip-preview"]);
    assert.equal(destroy.code, 0, destroy.out);
    assert.match(destroy.out, /CANCELLED\s+v1\/.*\/operations\/py-a/);
    assert.match(destroy.out, /SUCCEEDED\s+v1\/.*\/operations\/py-b/);
    assert.match(destroy.out, /delete: 2 operation\(s\) terminal/);
    assert.equal(cancels(), 2);
    assert.doesNotMatch(stack.stateText(), /OperationCanceller/);
  });
});
