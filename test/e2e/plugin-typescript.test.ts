/**
 * TypeScript through the plugin door (issue 21): the generated Node.js SDK (`@beyondcorp-ops/sdk`)
 * installed from the release's npm tarball into a new project, with the release's single
 * executable installed by `pulumi plugin install --file`. The engine's Cancel (Ctrl-C) and
 * `customTimeouts` reach the wait here, as they never do through the dynamic resource.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../src/emulator";
import { requirePulumi, TestStack } from "../helpers/pulumi";
import { installReleasePlugin, releaseFile } from "../helpers/release";
import { installedRoot, packTarball, typescriptProject } from "../../scripts/installed-package";

const skip = requirePulumi();
const P = "projects/typescript-plugin/locations/global";
const TOKEN = "ya29.typescript-plugin-token-do-not-leak";
const TYPE = "beyondcorp-ops:index:OperationCanceller";
const op = (id: string) => `${P}/operations/${id}`;

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as bcops from "@beyondcorp-ops/sdk";

const config = new pulumi.Config();
const deleteTimeout = config.get("deleteTimeout");
const guard = new bcops.OperationCanceller(
  "guard",
  {
    operations: config.requireObject<string[]>("operations"),
    endpoint: config.require("endpoint"),
    accessToken: config.requireSecret("accessToken"),
    onDelete: bcops.OnDelete.Cancel,
    pollInitialDelay: "100ms",
    pollMaxDelay: "500ms",
  },
  deleteTimeout ? { customTimeouts: { delete: deleteTimeout } } : {},
);
export const tracked = guard.trackedOperations;
`;

describe("TypeScript through the Node.js SDK and the single executable", { skip, concurrency: false }, () => {
  let emu: Emulator;
  let root: string;
  const stacks: TestStack[] = [];
  const cancels = (id: string) => emu.operations().find((o) => o.name === op(id))?.cancelCount;
  const stackFor = (name: string, ids: string[]): TestStack => {
    const stack = new TestStack(
      name,
      typescriptProject(`plugin-ts-${name}`, "bcops-plugin-ts", PROGRAM, {}, root),
    );
    stacks.push(stack);
    installReleasePlugin(stack);
    stack.config("endpoint", emu.url);
    stack.config("accessToken", TOKEN, true);
    for (const [i, id] of ids.entries()) stack.config(`operations[${i}]`, op(id));
    return stack;
  };

  before(async () => {
    emu = await startEmulator();
    root = installedRoot(packTarball(), [releaseFile(/^beyondcorp-ops-sdk-.*\.tgz$/)]);
  });
  after(async () => {
    for (const s of stacks) s.dispose();
    await emu?.close();
  });

  test("up, then destroy: every outcome named, the token a secret, the plugin from PULUMI_HOME", async () => {
    emu.seed({ name: op("ts-a"), cancelDelayMs: 200 });
    emu.seed({ name: op("ts-b"), onCancel: "complete", cancelDelayMs: 100 });
    const stack = stackFor("main", ["ts-a", "ts-b"]);
    const up = await stack.run(["up", "--skip-preview"]);
    assert.equal(up.code, 0, up.out);
    assert.match(up.out, /tracking 2 operation\(s\), 2 in flight; nothing is cancelled on create/);
    assert.doesNotMatch(up.out, /from \$PATH/, "the engine took a plugin from PATH, not the installed one");
    stack.assertSecret(TYPE, "accessToken", TOKEN);
    const destroy = await stack.run(["destroy", "--skip-preview"]);
    assert.equal(destroy.code, 0, destroy.out);
    assert.match(destroy.out, new RegExp(`CANCELLED\\s+v1/${op("ts-a")} `));
    assert.match(destroy.out, new RegExp(`SUCCEEDED\\s+v1/${op("ts-b")} `));
    assert.deepEqual([cancels("ts-a"), cancels("ts-b")], [1, 1]);
  });

  test("customTimeouts.delete bounds the wait: TIMED_OUT, and the guard is kept", async () => {
    emu.seed({ name: op("ts-stuck"), onCancel: "ignore" });
    const stack = stackFor("timeouts", ["ts-stuck"]);
    stack.config("deleteTimeout", "2s");
    assert.equal((await stack.run(["up", "--skip-preview"])).code, 0);
    const started = Date.now();
    const r = await stack.run(["destroy", "--skip-preview"]);
    const elapsed = Date.now() - started;
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /TIMED_OUT\s+v1\/.*\/operations\/ts-stuck after 2\.\ds/, r.out);
    assert.ok(elapsed < 30_000, `destroy took ${elapsed} ms with customTimeouts.delete = 2s`);
    assert.match(stack.stateText(), /OperationCanceller/, "the guard stays in state");
  });

  test("Ctrl-C while we wait on a sent cancel: prompt exit, nothing lost, a second destroy finishes", async () => {
    emu.seed({ name: op("ts-slow"), cancelDelayMs: 4000 });
    const stack = stackFor("ctrlc", ["ts-slow"]);
    assert.equal((await stack.run(["up", "--skip-preview"])).code, 0);
    const first = await stack.run(["destroy", "--skip-preview"], /cancel requested: v1\//, "SIGINT");
    assert.notEqual(first.code, 0, first.out);
    assert.ok(first.exitAfterSignalMs !== undefined && first.exitAfterSignalMs < 5000, first.out);
    assert.match(first.out, /delete interrupted .*cancel requested for 1 of 1/, first.out);
    process.stdout.write(`# TypeScript + executable: exit ${first.exitAfterSignalMs} ms after SIGINT\n`);
    assert.match(stack.stateText(), /OperationCanceller/, "the guard stays in state");
    const second = await stack.run(["destroy", "--skip-preview"]);
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, /(CANCELLED|ALREADY_DONE)\s+v1\/.*\/operations\/ts-slow/);
    assert.doesNotMatch(stack.stateText(), /OperationCanceller/);
  });
});
