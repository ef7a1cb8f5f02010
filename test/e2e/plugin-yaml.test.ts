/**
 * The provider plugin through the real engine, from Pulumi YAML (no SDK): the plugin installed as
 * the README says, the YAML language host from bootstrap, the emulator over real sockets.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../src/emulator";
import { PLUGIN_DOORS, type PluginDoor } from "../helpers/plugin";
import { requirePulumi, ROOT, TestStack } from "../helpers/pulumi";

const skip = requirePulumi();
const P = "projects/my-project-1/locations/global";
const TOKEN = "ya29.yaml-plugin-token-do-not-leak";
const op = (id: string) => `${P}/operations/${id}`;

/** A program folder: the YAML example (or `yaml`), plus what the door needs in Pulumi.yaml. */
function program(plugin: PluginDoor, yaml?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "bcops-yaml-"));
  const file = path.join(dir, "Pulumi.yaml");
  if (yaml === undefined) copyFileSync(path.join(ROOT, "examples/yaml/Pulumi.yaml"), file);
  else writeFileSync(file, yaml);
  appendFileSync(file, plugin.pulumiYamlBlock());
  return dir;
}

/** A one-guard YAML program; `options` is the resource's YAML `options:` block, indented. */
const guardYaml = (ops: string[], endpoint: string | undefined, options = "") => `name: bcops-yaml-trial
runtime: yaml
resources:
  guard:
    type: beyondcorp-ops:OperationCanceller
    properties:
      operations: [${ops.map((o) => JSON.stringify(o)).join(", ")}]
${endpoint === undefined ? "" : `      endpoint: ${endpoint}\n`}      accessToken:
        fn::secret: ${TOKEN}
      pollInitialDelay: 100ms
      pollMaxDelay: 500ms
${options}`;

for (const door of PLUGIN_DOORS)
  describe(`provider plugin from Pulumi YAML, through the ${door.name}`, { skip, concurrency: false }, () => {
    let emu: Emulator;
    let plugin: PluginDoor;
    const dirs: string[] = [];
    const stacks: TestStack[] = [];
    const cancels = (id: string) =>
      emu.requests().filter((r) => r.route === "cancel" && r.path.includes(`/operations/${id}:cancel`))
        .length;
    /** The google.rpc code an operation ended with (1 = CANCELLED); undefined while it runs. */
    const endedAs = (id: string) => {
      const o = emu.operations().find((x) => x.name.endsWith(`/${id}`))?.operation;
      return o?.["done"] === true ? ((o["error"] as { code?: number } | undefined)?.code ?? 0) : undefined;
    };
    const stackIn = (dir: string, name: string) => {
      dirs.push(dir);
      const s = new TestStack(name, dir);
      stacks.push(s);
      plugin.prepare(s);
      return s;
    };

    before(async () => {
      emu = await startEmulator();
      plugin = door.make();
    });
    after(async () => {
      for (const s of stacks) s.dispose();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
      plugin?.dispose();
      await emu?.close();
    });

    test("the example: up guards, refresh reads, update cancels the dropped one, destroy cancels and names outcomes, secrets stay secret", async () => {
      const stack = stackIn(program(plugin), "example");
      emu.seed({ name: op("y-a"), cancelDelayMs: 200 });
      emu.seed({ name: op("y-b"), cancelDelayMs: 100 });
      emu.seed({ name: op("y-c"), onCancel: "complete", cancelDelayMs: 100 });
      stack.config("endpoint", emu.url);
      stack.config("accessToken", TOKEN, true);
      for (const [i, id] of ["y-a", "y-b", "y-c"].entries()) stack.config(`operations[${i}]`, op(id));

      const up = await stack.run(["up", "--skip-preview"]);
      assert.equal(up.code, 0, up.out);
      assert.match(up.out, /tracking 3 operation\(s\), 3 in flight; nothing is cancelled on create/);
      assert.doesNotMatch(up.out, /warning/);
      assert.equal(emu.requests().filter((r) => r.route === "cancel").length, 0);

      stack.assertSecret("beyondcorp-ops:index:OperationCanceller", "accessToken", TOKEN);

      emu.clearRequests();
      const refresh = await stack.run(["refresh", "--skip-preview"]);
      assert.equal(refresh.code, 0, refresh.out);
      assert.equal(emu.requests().filter((r) => r.route === "cancel").length, 0);
      assert.ok(
        emu.requests().some((r) => r.route === "get" || r.route === "list"),
        "refresh reads the operations",
      );

      stack.must(["config", "rm", "operations"]);
      stack.config("operations[0]", op("y-a"));
      stack.config("operations[1]", op("y-c"));
      const update = await stack.run(["up", "--skip-preview"]);
      assert.equal(update.code, 0, update.out);
      assert.match(update.out, /CANCELLED\s+v1\/projects\/my-project-1\/locations\/global\/operations\/y-b/);
      assert.equal(cancels("y-b"), 1);
      assert.equal(cancels("y-a") + cancels("y-c"), 0, "update cancels only the dropped operation");

      const destroy = await stack.run(["destroy", "--skip-preview"]);
      assert.equal(destroy.code, 0, destroy.out);
      assert.match(destroy.out, /CANCELLED\s+v1\/.*\/operations\/y-a/);
      assert.match(destroy.out, /SUCCEEDED\s+v1\/.*\/operations\/y-c/);
      assert.match(destroy.out, /delete: 2 operation\(s\) terminal/);
      assert.equal(cancels("y-a"), 1);
      assert.equal(cancels("y-c"), 1);
    });

    test("customTimeouts.delete bounds the wait: TIMED_OUT, and the guard is kept", async () => {
      emu.seed({ name: op("stuck"), onCancel: "ignore" });
      const stack = stackIn(
        program(
          plugin,
          guardYaml([op("stuck")], emu.url, "    options:\n      customTimeouts:\n        delete: 2s\n"),
        ),
        "timeouts",
      );
      assert.equal((await stack.run(["up", "--skip-preview"])).code, 0);
      const started = Date.now();
      const r = await stack.run(["destroy", "--skip-preview"]);
      const elapsed = Date.now() - started;
      assert.notEqual(r.code, 0, r.out);
      assert.match(r.out, /TIMED_OUT\s+v1\/.*\/operations\/stuck after 2\.\ds/);
      assert.ok(elapsed < 30_000, `destroy took ${elapsed} ms with customTimeouts.delete = 2s`);
      process.stdout.write(`# destroy with customTimeouts.delete = 2s took ${elapsed} ms\n`);
      assert.match(stack.stateText(), /OperationCanceller/, "the guard stays in state");
    });

    // Ctrl-C at different moments of `pulumi destroy`: before our hook runs, while the cancel is in
    // flight, and while we wait. The engine's Cancel reaches the plugin, which stops waiting; the
    // engine exits promptly, state keeps the guard, and a second destroy finishes the job.
    const moments: Array<{ when: string; kill: number | RegExp; sent?: number }> = [
      { when: "300 ms into destroy (before our hook runs)", kill: 300 },
      { when: "as the delete starts", kill: /guard\s+deleting/ },
      { when: "while we wait on a sent cancel", kill: /cancel requested: v1\//, sent: 1 },
    ];
    for (const [i, m] of moments.entries())
      test(`Ctrl-C ${m.when}: prompt exit, nothing lost, a second destroy finishes`, async () => {
        const id = `slow-${i}`;
        emu.seed({ name: op(id), cancelDelayMs: 4000 });
        const stack = stackIn(program(plugin, guardYaml([op(id)], emu.url)), `ctrlc-${i}`);
        assert.equal((await stack.run(["up", "--skip-preview"])).code, 0);
        const first = await stack.run(["destroy", "--skip-preview"], m.kill, "SIGINT");
        assert.notEqual(first.code, 0, first.out);
        assert.ok(first.exitAfterSignalMs !== undefined, `never signalled:\n${first.out}`);
        assert.ok(
          first.exitAfterSignalMs < 5000,
          `pulumi took ${first.exitAfterSignalMs} ms to exit after SIGINT`,
        );
        const interrupted = /delete interrupted .*cancel requested for (\d) of 1/.exec(first.out);
        process.stdout.write(
          `# Ctrl-C ${m.when}: exit ${first.exitAfterSignalMs} ms after SIGINT; ${interrupted ? `our wait stopped, cancels sent: ${interrupted[1]}` : "our hook had not started"}\n`,
        );
        if (m.sent !== undefined) assert.equal(Number(interrupted?.[1]), m.sent, first.out);
        assert.match(stack.stateText(), /OperationCanceller/, "the guard stays in state");
        let second = await stack.run(["destroy", "--skip-preview"]);
        if (!interrupted && /the stack is currently locked/.test(second.out)) {
          // This early, the CLI can die on the signal before it handles it and leave the file
          // backend's lock (seen with CLI v3.277, a few ms after SIGINT), as it would for any user.
          // The README's recovery: `pulumi cancel`, then destroy again. Our hook had not run.
          process.stdout.write(`# Ctrl-C ${m.when}: the CLI left its lock; pulumi cancel, then destroy\n`);
          stack.must(["cancel", "--yes"]);
          second = await stack.run(["destroy", "--skip-preview"]);
        }
        assert.equal(second.code, 0, second.out);
        // Either the second destroy's cancel lands (CANCELLED), or the first one's already had
        // (ALREADY_DONE, ended as CANCELLED): which one depends on how long the first took to exit.
        assert.match(second.out, /(CANCELLED|ALREADY_DONE)\s+v1\/.*\/operations\/slow-\d/);
        assert.doesNotMatch(stack.stateText(), /OperationCanceller/);
        assert.equal(endedAs(id), 1, "the operation ended cancelled");
      });

    test("the engine SIGKILLed while we wait: the plugin exits by itself, and a second destroy finishes", async () => {
      emu.seed({ name: op("killed"), cancelDelayMs: 3000 });
      const stack = stackIn(program(plugin, guardYaml([op("killed")], emu.url)), "sigkill");
      assert.equal((await stack.run(["up", "--skip-preview"])).code, 0);
      const first = await stack.run(["destroy", "--skip-preview"], /cancel requested: v1\//);
      assert.equal(first.signal, "SIGKILL", first.out);
      const cmd = (pid: number) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
        } catch {
          return `${pid} (gone)`;
        }
      };
      const gone = Date.now();
      // Ours only: the YAML language host (whose path also holds "beyondcorp-ops", the cache
      // folder) has its own, slower way of noticing.
      const ours = () => stack.processes().filter((pid) => /pulumi-resource-beyondcorp-ops/.test(cmd(pid)));
      assert.equal(
        ours().length,
        1,
        `the plugin runs while we wait: ${stack.processes().map(cmd).join("; ")}`,
      );
      while (ours().length > 0 && Date.now() - gone < 10_000) await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(ours().map(cmd), [], "the plugin outlived the engine by 10 s");
      process.stdout.write(`# after the engine's SIGKILL, the plugin was gone in ${Date.now() - gone} ms\n`);
      stack.must(["cancel", "--yes"]);
      const second = await stack.run(["destroy", "--skip-preview"]);
      assert.equal(second.code, 0, second.out);
      assert.match(second.out, /(CANCELLED|ALREADY_DONE)\s+v1\/.*\/operations\/killed/);
      assert.equal(endedAs("killed"), 1, "it ended cancelled");
    });

    test("no trial called node (the single executable needs none)", () => {
      assert.deepEqual(plugin.nodeCalls(), []);
    });
  });
