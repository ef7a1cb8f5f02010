/**
 * One core, three doors: the same stack through the dynamic resource (the TypeScript demo program),
 * through the npm-installed provider plugin and through the release's single executable (both from
 * Pulumi YAML) gives the same outputs, secrets and progress lines. Each door gets its own emulator
 * with the same seeded operations, so all see the same world.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../src/emulator";
import { binaryDoor, npmDoor, type PluginDoor } from "../helpers/plugin";
import { requirePulumi, TestStack } from "../helpers/pulumi";
import { demoProject } from "../../scripts/installed-package";

const skip = requirePulumi();
const P = "projects/my-project-1/locations/global";
const TOKEN = "ya29.two-doors-token";
const op = (id: string) => `${P}/operations/${id}`;
const GUARD_DYNAMIC = "pulumi-nodejs:dynamic/beyondcorp-ops:OperationCanceller";
const GUARD_PLUGIN = "beyondcorp-ops:index:OperationCanceller";

/** The TypeScript demo's guard (examples/teardown-demo/index.ts), written in YAML. */
const YAML = `name: bcops-doors
runtime: yaml
config:
  operations:
    type: array
    items:
      type: string
  endpoint:
    type: string
  accessToken:
    type: string
    secret: true
resources:
  teardown-guard:
    type: beyondcorp-ops:OperationCanceller
    properties:
      operations: \${operations}
      endpoint: \${endpoint}
      accessToken: \${accessToken}
      pollInitialDelay: 100ms
      pollMaxDelay: 1s
`;

type Json = Record<string, unknown>;

/** The guard's outputs from state, with what must differ between runs made uniform. */
function guardOutputs(stack: TestStack): Json {
  const state = JSON.parse(stack.stateText()) as {
    checkpoint: { latest: { resources: Array<{ urn: string; outputs?: Json }> } };
  };
  const r = state.checkpoint.latest.resources.find((x) => x.urn.endsWith("::teardown-guard"));
  assert.ok(r?.outputs, "the guard is in state");
  const normalize = (v: unknown, key = ""): unknown => {
    if (Array.isArray(v)) return v.map((x) => normalize(x));
    if (typeof v === "object" && v !== null) {
      if ("ciphertext" in v) return "[secret]";
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== "__provider")
          .map(([k, x]) => [k, normalize(x, k)]),
      );
    }
    if (["at", "elapsedMs", "requests", "endpoint"].includes(key)) return `<${key}>`;
    return v;
  };
  return normalize(r.outputs) as Json;
}

describe("all three doors give the same outputs for the same stack", { skip, concurrency: false }, () => {
  const emus: Emulator[] = [];
  const plugins: PluginDoor[] = [];
  const yamlDirs: string[] = [];
  let dynamic: TestStack;
  let viaPlugin: TestStack;
  let viaBinary: TestStack;
  /** The dynamic resource first: every other door is compared with it. */
  const all = () => [dynamic, viaPlugin, viaBinary];

  const yamlStack = (name: string, door: PluginDoor): TestStack => {
    plugins.push(door);
    const dir = mkdtempSync(path.join(tmpdir(), "bcops-doors-"));
    yamlDirs.push(dir);
    writeFileSync(path.join(dir, "Pulumi.yaml"), YAML);
    appendFileSync(path.join(dir, "Pulumi.yaml"), door.pulumiYamlBlock());
    const stack = new TestStack(name, dir);
    door.prepare(stack);
    return stack;
  };

  before(async () => {
    dynamic = new TestStack("doors-dynamic", demoProject("doors-dynamic"));
    viaPlugin = yamlStack("doors-plugin", npmDoor());
    viaBinary = yamlStack("doors-binary", binaryDoor());
    for (const stack of all()) {
      const emu = await startEmulator();
      emus.push(emu);
      emu.seed({ name: op("a"), cancelDelayMs: 100 });
      emu.seed({ name: op("b"), onCancel: "complete", cancelDelayMs: 100 });
      emu.seed({ name: op("c"), onCancel: "fail", cancelDelayMs: 100, failCode: 9 });
      emu.seed({ name: op("d"), doneAfterMs: 0 });
      stack.config("endpoint", emu.url);
      stack.config("accessToken", TOKEN, true);
      for (const [i, id] of ["a", "b", "c", "d"].entries()) stack.config(`operations[${i}]`, op(id));
    }
  });
  after(async () => {
    for (const s of all()) s?.dispose();
    for (const d of yamlDirs) rmSync(d, { recursive: true, force: true });
    for (const p of plugins) p.dispose();
    for (const e of emus) await e.close();
  });

  test("after create, after an update that cancels, and through destroy", async () => {
    for (const stack of all()) {
      const r = await stack.run(["up", "--skip-preview"]);
      assert.equal(r.code, 0, r.out);
    }
    assert.deepEqual(guardOutputs(viaPlugin), guardOutputs(dynamic), "outputs after create (npm plugin)");
    assert.deepEqual(guardOutputs(viaBinary), guardOutputs(dynamic), "outputs after create (executable)");
    // Secrets: sealed the same way by each door.
    for (const stack of all())
      stack.assertSecret(stack === dynamic ? GUARD_DYNAMIC : GUARD_PLUGIN, "accessToken", TOKEN);

    for (const stack of all()) {
      stack.must(["config", "rm", "operations"]);
      for (const [i, id] of ["a", "d"].entries()) stack.config(`operations[${i}]`, op(id));
      const r = await stack.run(["up", "--skip-preview"]);
      assert.equal(r.code, 0, r.out);
    }
    const updated = guardOutputs(viaPlugin);
    assert.deepEqual(updated, guardOutputs(dynamic), "outputs after an update that cancels b and c");
    assert.deepEqual(guardOutputs(viaBinary), updated, "the executable's outputs after the update");
    const states = updated["operationStates"] as Record<string, { outcome?: string }>;
    assert.equal(states[`v1/${op("b")}`]?.outcome, "SUCCEEDED");
    assert.equal(states[`v1/${op("c")}`]?.outcome, "FAILED");

    // The same lines, in the same order, from every door (timings aside).
    const lines = (out: string) =>
      [...new Set(out.match(/\[beyondcorp\] [^\n]*/g) ?? [])].map((l) =>
        l.replace(/\d+(\.\d+)?s/g, "<s>").replace(/\d+ requests/g, "<n> requests"),
      );
    const outs: string[][] = [];
    for (const stack of all()) {
      const r = await stack.run(["destroy", "--skip-preview"]);
      assert.equal(r.code, 0, r.out);
      outs.push(lines(r.out));
    }
    assert.deepEqual(outs[1], outs[0], "destroy's progress lines (npm plugin)");
    assert.deepEqual(outs[2], outs[0], "destroy's progress lines (executable)");
    assert.deepEqual(
      plugins.flatMap((p) => p.nodeCalls()),
      [],
      "the executable called node",
    );
    assert.ok(
      outs[0]!.some((l) => /CANCELLED\s+v1\/.*\/operations\/a/.test(l)),
      outs[0]!.join("\n"),
    );
    assert.ok(
      outs[0]!.some((l) => /ALREADY_DONE\s+v1\/.*\/operations\/d/.test(l)),
      outs[0]!.join("\n"),
    );
  });
});
