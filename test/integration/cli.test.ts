import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { emulatorForCli, runCli } from "../helpers/cli";

const P = "projects/demo-project/locations/global";

describe("beyondcorp-ops CLI as a process", () => {
  const s = emulatorForCli();

  test("cancel --wait --json prints one array of outcomes and exits 0", async () => {
    s.emu.seed({ name: `${P}/operations/cli-1`, cancelDelayMs: 100 });
    s.emu.seed({ name: `${P}/operations/cli-2`, onCancel: "complete", cancelDelayMs: 50 });
    const r = await runCli([
      "cancel",
      `${P}/operations/cli-1`,
      `${P}/operations/cli-2`,
      "--wait",
      "--json",
      ...s.connect,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as Array<{
      name: string;
      outcome: string;
      elapsedMs: number;
      requests: number;
    }>;
    assert.deepEqual(
      rows.map((x) => x.outcome),
      ["CANCELLED", "SUCCEEDED"],
    );
    assert.ok(rows.every((x) => typeof x.elapsedMs === "number" && x.requests > 0));
  });

  test("an operation that disappears while waited on is NOT_FOUND, terminal, exit 0", async () => {
    s.emu.seed({ name: `${P}/operations/cli-6`, onCancel: "ignore", goneAfterMs: 300 });
    const r = await runCli(["cancel", `${P}/operations/cli-6`, "--wait", "--json", ...s.connect]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as Array<{ outcome: string }>).map((x) => x.outcome),
      ["NOT_FOUND"],
    );
  });

  test("a failing outcome exits non-zero", async () => {
    s.emu.seed({ name: `${P}/operations/cli-3`, onCancel: "unimplemented" });
    const r = await runCli([
      "cancel",
      `${P}/operations/cli-3`,
      "--wait",
      "--on-unsupported",
      "fail",
      ...s.connect,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /CANCEL_UNSUPPORTED/);
  });

  test("list --pending, get, wait", async () => {
    // In flight through three CLI processes even on a loaded machine (each starts Node afresh).
    s.emu.seed({ name: `${P}/operations/cli-4`, doneAfterMs: 8000 });
    const l = await runCli(["list", P, "--pending", ...s.connect]);
    assert.equal(l.code, 0, l.stderr);
    assert.match(l.stdout, /PENDING projects\/demo-project\/locations\/global\/operations\/cli-4/);
    const g = await runCli(["get", `${P}/operations/cli-4`, "--json", ...s.connect]);
    assert.equal(JSON.parse(g.stdout).done, false);
    const w = await runCli(["wait", `${P}/operations/cli-4`, "--json", ...s.connect]);
    assert.equal(JSON.parse(w.stdout)[0].outcome, "SUCCEEDED");
  });

  test("usage errors exit 2 and name the field", async () => {
    const bad = await runCli(["cancel", "projects/x/locations/global/operations/../../evil", ...s.connect]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /name: /);
    const flag = await runCli(["wait", `${P}/operations/a`, "--timeout", "soon", ...s.connect]);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /--timeout: must be a duration/);
    const ep = await runCli(["get", `${P}/operations/a`, "--endpoint", "http://example.com"]);
    assert.equal(ep.code, 2);
    assert.match(ep.stderr, /endpoint: http:\/\/ is allowed only for loopback/);
    const unknown = await runCli(["frobnicate"]);
    assert.equal(unknown.code, 2);
  });

  test("--help on every command", async () => {
    for (const cmd of ["cancel", "wait", "list", "get"]) {
      const r = await runCli([cmd, "--help"]);
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`beyondcorp-ops ${cmd}`));
    }
  });

  test("Ctrl-C stops waiting cleanly and says what was already cancelled", async () => {
    s.emu.seed({ name: `${P}/operations/cli-5`, onCancel: "ignore" });
    const r = await runCli(["cancel", `${P}/operations/cli-5`, "--wait", ...s.connect], {
      signal: { name: "SIGINT", when: (err) => /cancel requested/.test(err) },
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted: cancel requested for 1 of 1 operation\(s\)/);
    assert.match(r.stderr, /cli-5/);
  });
});
