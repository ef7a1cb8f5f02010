import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { emulatorForCli, runCli } from "../helpers/cli";

const P = "projects/sigint-project/locations/global";
/** Generous: the faults below would hold the CLI for minutes if a signal did not stop it. */
const PROMPTLY_MS = 60_000;

interface PartialRow {
  name: string;
  outcome: string;
  cancelRequested: boolean;
}

describe("Ctrl-C (SIGINT) and SIGTERM stop the CLI cleanly and say what it did", () => {
  const s = emulatorForCli();

  const firedOnce = async (): Promise<boolean> => {
    const res = await fetch(`${s.emu.url}/emulator/faults`);
    const rules = (await res.json()) as Array<{ fired: number }>;
    return rules.some((r) => r.fired > 0);
  };

  test("--json: one row per operation with what is known, the cancels stay in effect, and a rerun finishes", async () => {
    const names = ["a", "b", "c"].map((x) => `${P}/operations/json-${x}`);
    s.emu.seed({ name: names[0]!, cancelDelayMs: 0 });
    s.emu.seed({ name: names[1]!, cancelDelayMs: 4000 });
    s.emu.seed({ name: names[2]!, onCancel: "complete", cancelDelayMs: 4000 });
    const args = ["cancel", ...names, "--wait", "--json", ...s.connect];
    const r = await runCli(args, {
      signal: { name: "SIGINT", when: (err) => /CANCELLED v1\/.*json-a/.test(err) },
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted: cancel requested for 3 of 3 operation\(s\)/);
    assert.match(r.stderr, /^ {2}CANCELLED v1\/.*json-a$/m);
    const rows = JSON.parse(r.stdout) as PartialRow[];
    assert.deepEqual(
      rows.map((x) => [x.name.replace(/.*\//, ""), x.outcome, x.cancelRequested]),
      [
        ["json-a", "CANCELLED", true],
        ["json-b", "INTERRUPTED", true],
        ["json-c", "INTERRUPTED", true],
      ],
    );
    const ops = s.emu.operations().filter((o) => names.includes(o.name));
    assert.ok(
      ops.every((o) => o.cancelRequestedAtMs !== null),
      "the cancels stay requested at the server",
    );

    const again = await runCli(args);
    assert.equal(again.code, 0, again.stderr);
    const done = (JSON.parse(again.stdout) as Array<PartialRow & { endedAs?: string }>).map((x) =>
      x.outcome === "ALREADY_DONE" ? x.endedAs : x.outcome,
    );
    assert.deepEqual(done, ["CANCELLED", "CANCELLED", "SUCCEEDED"]);
  });

  test("while a request hangs: stops at once and reports that no cancel was sent", async () => {
    const name = `${P}/operations/hang-1`;
    s.emu.seed({ name });
    s.emu.addFault({ route: "get", pathPattern: "hang-1$", fault: { type: "hang", ms: 300_000 } });
    try {
      const r = await runCli(["cancel", name, "--wait", ...s.connect], {
        signal: { name: "SIGINT", when: firedOnce },
      });
      assert.equal(r.code, 130, r.stderr);
      assert.ok(r.ms < PROMPTLY_MS, `took ${r.ms} ms`);
      assert.match(r.stderr, /interrupted: cancel requested for 0 of 1 operation\(s\)/);
      assert.equal(s.emu.operations().find((o) => o.name === name)?.cancelCount, 0);
    } finally {
      s.emu.clearFaults();
    }
  });

  test("during a retry backoff (503, Retry-After: 1 h): stops at once", async () => {
    const name = `${P}/operations/backoff-1`;
    s.emu.seed({ name });
    s.emu.addFault({
      route: "cancel",
      times: -1,
      fault: { type: "status", status: 503, retryAfter: "3600" },
    });
    try {
      const r = await runCli(["cancel", name, "--wait", ...s.connect], {
        signal: { name: "SIGINT", when: (err) => /retry cancel in \d+ ms/.test(err) },
      });
      assert.equal(r.code, 130, r.stderr);
      assert.ok(r.ms < PROMPTLY_MS, `took ${r.ms} ms`);
      assert.match(r.stderr, /interrupted: cancel requested for 0 of 1 operation\(s\)/);
      assert.equal(s.emu.operations().find((o) => o.name === name)?.cancelRequestedAtMs, null);
    } finally {
      s.emu.clearFaults();
    }
  });

  test("SIGTERM is handled like Ctrl-C", async () => {
    const name = `${P}/operations/term-1`;
    s.emu.seed({ name, onCancel: "ignore" });
    const r = await runCli(["cancel", name, "--wait", ...s.connect], {
      signal: { name: "SIGTERM", when: (err) => /cancel requested/.test(err) },
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted: cancel requested for 1 of 1 operation\(s\)/);
    assert.match(r.stderr, /term-1/);
  });

  test("wait (no cancel) interrupted: says nothing was cancelled", async () => {
    const name = `${P}/operations/wait-1`;
    s.emu.seed({ name });
    const r = await runCli(["wait", name, ...s.connect], {
      signal: {
        name: "SIGINT",
        when: async () => {
          await sleep(300);
          return s.emu.requests().some((e) => e.path.endsWith("wait-1"));
        },
      },
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted: cancel requested for 0 of 1 operation\(s\)/);
    assert.equal(s.emu.operations().find((o) => o.name === name)?.cancelCount, 0);
  });
});
