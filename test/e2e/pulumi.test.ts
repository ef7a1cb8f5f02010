import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../src/emulator";
import { requirePulumi, TestStack } from "../helpers/pulumi";
import { demoProject } from "../../scripts/installed-package";

const skip = requirePulumi();
const P = "projects/demo-project/locations/global";
const GW = `${P}/securityGateways/demo-gw`;
const TOKEN = "ya29.e2e-secret-token-do-not-leak";

describe("real pulumi CLI against the emulator", { skip, concurrency: false }, () => {
  let emu: Emulator;
  let stack: TestStack;
  const op = (id: string) => `${P}/operations/${id}`;
  const cancelsOf = (id: string) =>
    emu.requests().filter((r) => r.route === "cancel" && r.path.includes(`/operations/${id}:cancel`)).length;

  before(async () => {
    emu = await startEmulator();
    stack = new TestStack("main", demoProject("main"));
    emu.seed({ name: op("a"), cancelDelayMs: 300 });
    emu.seed({ name: op("b"), onCancel: "complete", cancelDelayMs: 200 });
    emu.seed({ name: op("c"), onCancel: "fail", cancelDelayMs: 100, failCode: 9 });
    emu.seed({ name: op("dropped"), cancelDelayMs: 100 });
    emu.seed({ name: op("gw-1"), target: GW, cancelDelayMs: 100 });
    stack.config("endpoint", emu.url);
    stack.config("accessToken", TOKEN, true);
    stack.config("gateway", GW);
    for (const [i, id] of ["a", "b", "c", "dropped"].entries()) stack.config(`operations[${i}]`, op(id));
  });

  after(async () => {
    stack?.dispose();
    await emu?.close();
  });

  test("preview cancels nothing and makes no API request", async () => {
    emu.clearRequests();
    const r = await stack.run(["preview"]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /OperationCanceller/);
    assert.deepEqual(
      emu.requests().filter((x) => x.route !== "control"),
      [],
    );
  });

  test("up with in-flight operations tracks them and cancels nothing", async () => {
    const r = await stack.run(["up", "--skip-preview"]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /tracking 5 operation\(s\), 5 in flight; nothing is cancelled on create/);
    assert.equal(emu.requests().filter((x) => x.route === "cancel").length, 0);
    assert.equal(emu.requests().filter((x) => x.route === "cancel").length, 0);
  });

  test("state holds no plaintext secret and a small __provider", () => {
    const text = stack.stateText();
    assert.ok(!text.includes(TOKEN), "access token in plaintext in state");
    assert.ok(!text.includes("e2e-secret-token"), "token fragment in state");
    const state = JSON.parse(text) as {
      checkpoint: { latest: { resources: Array<{ type: string; outputs: Record<string, unknown> }> } };
    };
    const guard = state.checkpoint.latest.resources.find((r) => r.type.endsWith("OperationCanceller"))!;
    const provider = guard.outputs["__provider"] as string;
    assert.ok(provider.length < 8192, `__provider is ${provider.length} bytes`);
    assert.ok(!provider.includes("ya29") && !provider.includes("private_key"));
    const secret = guard.outputs["accessToken"] as Record<string, unknown>;
    assert.equal(
      secret["4dabf18193072939515e22adb298388d"],
      "1b47061264138c4ac30d75fd1eb44270",
      "accessToken stored as a secret",
    );
    process.stdout.write(`# __provider size: ${provider.length} bytes\n`);
  });

  test("refresh reads every tracked operation and keeps the resource", async () => {
    emu.clearRequests();
    const r = await stack.run(["refresh", "--skip-preview"]);
    assert.equal(r.code, 0, r.out);
    assert.ok(emu.requests().filter((x) => x.route === "get").length >= 5);
    assert.match(stack.stateText(), /OperationCanceller/);
  });

  test("up with a changed tracked set cancels only the dropped operation", async () => {
    stack.must(["config", "rm", "--path", "operations[3]"]);
    const r = await stack.run(["up", "--skip-preview"]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /1 operation\(s\) no longer tracked/);
    assert.match(r.out, /CANCELLED\s+v1\/projects\/demo-project\/locations\/global\/operations\/dropped/);
    assert.equal(cancelsOf("dropped"), 1);
    assert.equal(cancelsOf("a") + cancelsOf("b") + cancelsOf("c") + cancelsOf("gw-1"), 0);
  });

  test("a change of connection settings alone cancels nothing", async () => {
    emu.clearRequests();
    stack.config("pollMaxDelay", "2s");
    const r = await stack.run(["up", "--skip-preview"]);
    assert.equal(r.code, 0, r.out);
    assert.equal(emu.requests().filter((x) => x.route === "cancel").length, 0);
  });

  test("destroy cancels the tracked and watched operations and waits until each is terminal", async () => {
    emu.seed({ name: op("gw-late"), target: GW, cancelDelayMs: 100 }); // started after `up`: the watch finds it
    // Cancel unsupported: the guard waits for it to finish on its own.
    // Long enough that a loaded machine still finds it in flight when the destroy resolves the watch.
    emu.seed({ name: op("gw-unsupported"), target: GW, onCancel: "unimplemented", doneAfterMs: 8000 });
    const r = await stack.run(["destroy", "--skip-preview"]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /CANCELLED\s+v1\/.*\/operations\/a /);
    assert.match(r.out, /SUCCEEDED\s+v1\/.*\/operations\/b /);
    assert.match(r.out, /CANCELLED\s+v1\/.*\/operations\/gw-late /);
    assert.match(r.out, /FAILED\s+v1\/.*\/operations\/c .*FAILED_PRECONDITION/);
    assert.match(r.out, /CANCEL_UNSUPPORTED\s+v1\/.*\/operations\/gw-unsupported /);
    for (const s of emu.operations()) {
      assert.ok(s.doneAtMs !== null && s.doneAtMs <= Date.now(), `${s.name} not terminal`);
    }
  });
});

describe("destroy killed mid-wait, then run again, finishes", { skip, concurrency: false }, () => {
  let emu: Emulator;
  let stack: TestStack;

  before(async () => {
    emu = await startEmulator();
    stack = new TestStack("crash", demoProject("crash"));
  });
  after(async () => {
    stack?.dispose();
    await emu?.close();
  });

  test("SIGKILL during the wait, rerun completes with consistent state", async () => {
    const name = `${P}/operations/slow`;
    emu.seed({ name, cancelDelayMs: 4000 });
    stack.config("endpoint", emu.url);
    stack.config("accessToken", TOKEN, true);
    stack.config("operations[0]", name);
    assert.equal((await stack.run(["up", "--skip-preview"])).code, 0);
    const killed = await stack.run(["destroy", "--skip-preview"], /cancel requested/);
    assert.equal(killed.signal, "SIGKILL", killed.out);
    // A killed run leaves the file backend's lock behind, as it would for any user: `pulumi cancel` clears it.
    stack.must(["cancel", "--yes"]);
    const again = await stack.run(["destroy", "--skip-preview"]);
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /(CANCELLED|ALREADY_DONE)\s+v1\/.*\/operations\/slow/);
    const resources =
      (JSON.parse(stack.stateText()) as { checkpoint: { latest?: { resources?: unknown[] } } }).checkpoint
        .latest?.resources ?? [];
    assert.equal(resources.length, 0);
    const snap = emu.operations().find((o) => o.name.endsWith("/slow"))!;
    assert.ok(snap.doneAtMs !== null);
  });
});

describe("the provider's own deadline bounds a destroy", { skip, concurrency: false }, () => {
  let emu: Emulator;
  let stack: TestStack;

  before(async () => {
    emu = await startEmulator();
    stack = new TestStack("deadline", demoProject("deadline"));
  });
  after(async () => {
    stack?.dispose();
    await emu?.close();
  });

  test("an operation that never ends: destroy fails TIMED_OUT at the deadline and keeps the guard", async () => {
    const name = `${P}/operations/stuck`;
    emu.seed({ name, onCancel: "ignore" });
    stack.config("endpoint", emu.url);
    stack.config("accessToken", TOKEN, true);
    stack.config("operations[0]", name);
    stack.config("timeout", "3s");
    assert.equal((await stack.run(["up", "--skip-preview"])).code, 0);
    const started = Date.now();
    const r = await stack.run(["destroy", "--skip-preview"]);
    const elapsed = Date.now() - started;
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /TIMED_OUT\s+v1\/.*\/operations\/stuck/);
    // Pulumi ignores customTimeouts for dynamic providers; without our deadline this would hang.
    assert.ok(elapsed < 90_000, `destroy took ${elapsed} ms with a 3 s deadline`);
    process.stdout.write(`# destroy with a 3 s deadline took ${elapsed} ms\n`);
    assert.match(
      stack.stateText(),
      /OperationCanceller/,
      "the guard stays in state so the destroy can be retried",
    );
    // The documented way out: onDelete=abandon, then destroy.
    stack.config("onDelete", "abandon");
    assert.equal((await stack.run(["up", "--skip-preview"])).code, 0);
    const again = await stack.run(["destroy", "--skip-preview"]);
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /onDelete=abandon/);
  });
});
