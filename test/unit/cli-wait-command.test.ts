/**
 * `cancel` and `wait` in process (cli/wait-command.ts through cli/run.ts), over the fake client and
 * clock: one outcome line (or JSON row) per operation, fire-only cancels without --wait, --watch,
 * the exit codes, and what an interrupted run says it sent.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { BeyondCorpError } from "../../src/core/errors";
import { CliHarness } from "../helpers/fake-cli";

const PARENT = "projects/my-proj/locations/global";
const P = `${PARENT}/operations`;
const GW = `${PARENT}/securityGateways`;
const line = (outcome: string, name: string, rest: string) =>
  `${outcome.padEnd(18)} v1/${P}/${name}  ${rest}\n`;

describe("cancel and wait", () => {
  test("NAME is required (or --watch), exit 2 naming NAME", async () => {
    for (const cmd of ["cancel", "wait"]) {
      const h = new CliHarness();
      assert.deepEqual(await h.run([cmd]), {
        code: 2,
        stdout: "",
        stderr: `beyondcorp-ops: NAME: ${cmd} needs at least one operation name (or --watch PARENT)\n`,
      });
      assert.deepEqual(h.client.calls, ["close"]);
    }
  });

  test("cancel without --wait: the cancels sent, one look, CANCEL_REQUESTED, exit 0", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, { cancelDelayMs: 1000 });
    assert.deepEqual(await h.run(["cancel", `${P}/a`]), {
      code: 0,
      stdout: line("CANCEL_REQUESTED", "a", "0.0s 2 req"),
      stderr: `[0.0s] cancel requested v1/${P}/a\n[0.0s] TIMED_OUT v1/${P}/a\n`,
    });
    assert.deepEqual(h.client.calls, [`get ${P}/a`, `cancel ${P}/a`, "close"]);
  });

  test("cancel without --wait: a cancel the server does not support is PENDING, exit 0", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, { onCancel: "unimplemented" });
    const r = await h.run(["cancel", `${P}/a`]);
    assert.deepEqual(r, {
      code: 0,
      stdout: line("PENDING", "a", "0.0s 2 req"),
      stderr: `[0.0s] cancel unsupported v1/${P}/a\n[0.0s] TIMED_OUT v1/${P}/a\n`,
    });
  });

  test("cancel without --wait: an API error is ERROR with its status and message, exit 1", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, { cancelError: "PERMISSION_DENIED" });
    h.client.add(`${P}/b`, { cancelDelayMs: 1000 });
    const r = await h.run(["cancel", `${P}/a`, `${P}/b`]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      line("ERROR", "a", "0.0s 1.5 req  PERMISSION_DENIED: PERMISSION_DENIED") +
        line("CANCEL_REQUESTED", "b", "0.0s 1.5 req"),
    );
  });

  test("cancel --wait: polled until terminal, the outcome with its time, requests and error", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, { cancelDelayMs: 1000 });
    assert.deepEqual(await h.run(["cancel", "--wait", `${P}/a`]), {
      code: 0,
      stdout: line("CANCELLED", "a", "1.5s 6 req  CANCELLED: cancelled"),
      stderr: `[0.0s] cancel requested v1/${P}/a\n[1.5s] CANCELLED v1/${P}/a\n`,
    });
  });

  test("wait: no cancel sent, waited until done; --json prints the rows", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, { doneAt: h.clock.now() + 3000 });
    const r = await h.run(["wait", `${P}/a`, "--json"]);
    assert.deepEqual(r, {
      code: 0,
      stdout: `${JSON.stringify([{ name: `v1/${P}/a`, outcome: "SUCCEEDED", elapsedMs: 3189, requests: 7 }])}\n`,
      stderr: `[3.2s] SUCCEEDED v1/${P}/a\n`,
    });
    assert.ok(!h.client.calls.some((c) => c.startsWith("cancel")));
  });

  test("--json rows keep endedAs and error; without --wait a done one is ALREADY_DONE", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, { doneAt: 0, result: { response: true } });
    h.client.add(`${P}/b`, { cancelError: "PERMISSION_DENIED" });
    const r = await h.run(["cancel", `${P}/a`, `${P}/b`, "--json"]);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout), [
      { name: `v1/${P}/a`, outcome: "ALREADY_DONE", endedAs: "SUCCEEDED", elapsedMs: 0, requests: 0.5 },
      {
        name: `v1/${P}/b`,
        outcome: "ERROR",
        error: { code: 7, status: "PERMISSION_DENIED", message: "PERMISSION_DENIED" },
        elapsedMs: 0,
        requests: 1.5,
      },
    ]);
  });

  test("--timeout: the deadline; TIMED_OUT fails the run (exit 1)", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, {});
    assert.deepEqual(await h.run(["wait", `${P}/a`, "--timeout", "2s"]), {
      code: 1,
      stdout: line("TIMED_OUT", "a", "2.0s 5 req"),
      stderr: `[2.0s] TIMED_OUT v1/${P}/a\n`,
    });
  });

  test("--on-unsupported fail: CANCEL_UNSUPPORTED at once, exit 1; the default waits it out", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, { onCancel: "unimplemented" });
    const r = await h.run(["cancel", "--wait", `${P}/a`, "--on-unsupported", "fail"]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, line("CANCEL_UNSUPPORTED", "a", "0.0s 2 req  UNIMPLEMENTED: UNIMPLEMENTED"));
    const w = new CliHarness();
    w.client.add(`${P}/a`, { onCancel: "unimplemented", doneAt: w.clock.now() + 2000 });
    const s = await w.run(["cancel", "--wait", `${P}/a`]);
    assert.equal(s.code, 0);
    assert.match(s.stdout, /^CANCEL_UNSUPPORTED +v1\/.*\/a {2}2\.\ds /);
  });

  test("bad --timeout and --on-unsupported: exit 2 naming the flag, nothing sent", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, {});
    const t = await h.run(["cancel", `${P}/a`, "--timeout", "soon"]);
    assert.equal(t.code, 2);
    assert.match(t.stderr, /^beyondcorp-ops: --timeout: /);
    const u = await h.run(["cancel", `${P}/a`, "--on-unsupported", "never"]);
    assert.equal(u.code, 2);
    assert.match(u.stderr, /^beyondcorp-ops: --on-unsupported: .*wait.*fail.*abandon/);
    assert.deepEqual(h.client.calls, ["close", "close"]);
  });

  test("a name given twice (with and without its version) is one operation", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, {});
    h.client.add(`${P}/b`, {});
    const r = await h.run(["cancel", `${P}/b`, `${P}/a`, `v1/${P}/b`]);
    assert.equal(
      r.stdout,
      line("CANCEL_REQUESTED", "b", "0.0s 1.5 req") + line("CANCEL_REQUESTED", "a", "0.0s 1.5 req"),
    );
  });

  test("a terminal: the live table on stderr, redrawn in place; with --json the plain log", async () => {
    const row = (state: string, secs: string) =>
      `\x1b[2K${state.padEnd(28)} ${secs.padStart(6)}s  v1/${P}/a\n`;
    const h = new CliHarness();
    h.isTTY = true;
    h.client.add(`${P}/a`, { cancelDelayMs: 1000 });
    const r = await h.run(["cancel", "--wait", `${P}/a`]);
    assert.equal(r.code, 0);
    assert.ok(
      r.stderr.startsWith(row("PENDING", "0.0") + "\x1b[1A" + row("CANCEL_REQUESTED", "0.0")),
      r.stderr,
    );
    assert.ok(r.stderr.endsWith("\x1b[1A" + row("CANCELLED", "1.5")), r.stderr);
    assert.deepEqual(
      h.timers.map((t) => [t.ms, t.stopped]),
      [[500, true]],
      "one redraw timer, stopped when the command ends",
    );
    const j = new CliHarness();
    j.isTTY = true;
    j.client.add(`${P}/a`, { cancelDelayMs: 1000 });
    const s = await j.run(["cancel", "--wait", `${P}/a`, "--json"]);
    assert.equal(s.stderr, `[0.0s] cancel requested v1/${P}/a\n[1.5s] CANCELLED v1/${P}/a\n`);
    assert.equal(j.timers.length, 0, "no redraw timer with --json");
  });

  test("an error that is not an abort ends the run: the table stopped, exit 1 with its stack, the client closed", async () => {
    const h = new CliHarness();
    h.isTTY = true;
    h.client.add(`${P}/a`, {});
    const broken = { now: () => h.clock.now(), sleep: () => Promise.reject(new RangeError("clock broke")) };
    const r = await h.run(["wait", `${P}/a`], { clock: broken });
    assert.equal(r.code, 1);
    const [table, error] = r.stderr.split("beyondcorp-ops: ");
    assert.ok(
      table!.endsWith(`\x1b[1A\x1b[2K${"PENDING".padEnd(28)}    0.0s  v1/${P}/a\n`),
      "drawn once more when stopped",
    );
    assert.match(error!, /^RangeError: clock broke\n {4}at /);
    assert.equal(h.timers[0]!.stopped, true);
    assert.equal(r.stdout, "");
    assert.equal(h.client.calls.at(-1), "close");
  });

  test("an API error from the wait itself is not an interruption: exit 1 with its message", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, {});
    const apiError = new BeyondCorpError({
      code: "ERR_API",
      status: "INTERNAL",
      message: "INTERNAL: clock broke",
    });
    const broken = { now: () => h.clock.now(), sleep: () => Promise.reject(apiError) };
    assert.deepEqual(await h.run(["wait", `${P}/a`], { clock: broken }), {
      code: 1,
      stdout: "",
      stderr: "beyondcorp-ops: INTERNAL: clock broke\n",
    });
  });
});

describe("interrupted", () => {
  const interrupted = async (argv: string[], setup: (h: CliHarness) => void, isTTY?: boolean) => {
    const h = new CliHarness();
    if (isTTY !== undefined) h.isTTY = isTTY;
    setup(h);
    return { ...(await h.run(argv, {}, { interruptAfterMs: 2000 })), h };
  };

  test("exit 130, the cancels sent named, and the outcomes already known", async () => {
    const r = await interrupted(["cancel", "--wait", `${P}/a`, `${P}/b`, `${P}/c`], (h) => {
      h.client.add(`${P}/a`, { onCancel: "ignore" });
      h.client.add(`${P}/b`, { doneAt: 0 });
      h.client.add(`${P}/c`, { onCancel: "ignore" });
    });
    assert.equal(r.code, 130);
    assert.equal(r.stdout, "");
    assert.ok(
      r.stderr.endsWith(
        `interrupted: cancel requested for 2 of 3 operation(s):\n  v1/${P}/a\n  v1/${P}/c\n  ALREADY_DONE v1/${P}/b\n`,
      ),
      r.stderr,
    );
    assert.equal(r.h.client.calls.at(-1), "close");
  });

  test("none sent: no list; --json prints each operation, INTERRUPTED where it had no outcome", async () => {
    const r = await interrupted(["wait", `${P}/a`, "--json"], (h) => h.client.add(`${P}/a`, {}));
    assert.equal(r.code, 130);
    assert.equal(r.stderr, "interrupted: cancel requested for 0 of 1 operation(s)\n");
    const rows = JSON.parse(r.stdout) as Array<{ name: string; outcome: string; cancelRequested: boolean }>;
    assert.deepEqual(
      rows.map((x) => [x.name, x.outcome, x.cancelRequested]),
      [[`v1/${P}/a`, "INTERRUPTED", false]],
    );
  });

  test("--json keeps a known outcome", async () => {
    const r = await interrupted(["cancel", "--wait", `${P}/a`, `${P}/b`, "--json"], (h) => {
      h.client.add(`${P}/a`, { onCancel: "ignore" });
      h.client.add(`${P}/b`, { doneAt: 0 });
    });
    const rows = JSON.parse(r.stdout) as Array<{ name: string; outcome: string }>;
    assert.deepEqual(
      rows.map((x) => x.outcome),
      ["INTERRUPTED", "ALREADY_DONE"],
    );
  });

  test("a terminal: the table drawn once more and its timer stopped before the summary", async () => {
    const r = await interrupted(
      ["cancel", "--wait", `${P}/a`],
      (h) => h.client.add(`${P}/a`, { onCancel: "ignore" }),
      true,
    );
    assert.equal(r.code, 130);
    assert.ok(
      r.stderr.endsWith(
        `\x1b[1A\x1b[2K${"CANCEL_REQUESTED".padEnd(28)}    2.0s  v1/${P}/a\ninterrupted: cancel requested for 1 of 1 operation(s):\n  v1/${P}/a\n`,
      ),
      JSON.stringify(r.stderr),
    );
    assert.deepEqual(
      r.h.timers.map((t) => t.stopped),
      [true],
    );
  });

  test("an abort before any operation was tracked: 0 of 0, and an empty JSON array", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, {});
    const aborting = {
      now: () => h.clock.now(),
      sleep: (): Promise<void> => {
        throw new BeyondCorpError({ code: "ERR_ABORTED", message: "interrupted (SIGINT)" });
      },
    };
    assert.deepEqual(await h.run(["wait", `${P}/a`, "--json"], { clock: aborting }), {
      code: 130,
      stdout: "[]\n",
      stderr: "interrupted: cancel requested for 0 of 0 operation(s)\n",
    });
  });

  test("while --watch lists: the list is aborted, nothing is cancelled, exit 130 with the interruption", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, { target: "t1" });
    h.client.slowLists.set(PARENT, 5000);
    const r = await h.run(["cancel", "--watch", PARENT, "--target", "t1"], {}, { interruptAfterMs: 2000 });
    assert.deepEqual(r, { code: 130, stdout: "", stderr: "beyondcorp-ops: interrupted (SIGINT)\n" });
    assert.deepEqual(h.client.calls, [`list ${PARENT}`, "close"]);
  });
});

describe("--watch", () => {
  test("a bare parent is refused, exit 2 naming --watch; a blank --filter is none", async () => {
    for (const extra of [[], ["--filter", ""], ["--filter", "   "]]) {
      const h = new CliHarness();
      assert.deepEqual(await h.run(["cancel", "--watch", PARENT, ...extra]), {
        code: 2,
        stdout: "",
        stderr:
          "beyondcorp-ops: --watch: needs --target or --filter (a bare parent would cancel every operation in it)\n",
      });
      assert.deepEqual(h.client.calls, ["close"], extra.join(" "));
    }
  });

  test("--target: the in-flight operations on those targets, with the watch line, beside the names given", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, { target: `${GW}/g1` });
    h.client.add(`${P}/b`, { target: `${GW}/g2` });
    h.client.add(`${P}/c`, { target: `${GW}/g3` });
    h.client.add(`${P}/d`, {});
    const r = await h.run([
      "cancel",
      `${P}/d`,
      `${P}/a`,
      "--watch",
      PARENT,
      "--target",
      `${GW}/g1`,
      "--target",
      `${GW}/g2`,
    ]);
    assert.equal(r.code, 0);
    assert.ok(
      r.stderr.startsWith(
        `watch ${PARENT}: 2 in-flight operation(s) match; the server applied the filter (4 listed)\n[0.0s] cancel requested`,
      ),
      r.stderr,
    );
    assert.deepEqual(
      r.stdout.split("\n").map((l) => l.split(/ +/)[1]),
      [`v1/${P}/d`, `v1/${P}/a`, `v1/${P}/b`, undefined],
    );
    assert.equal(h.client.listFilters[0], "done=false");
  });

  test("--filter alone: sent with done=false, the watch line says how the server took it", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, { target: "t1" });
    h.client.add(`${P}/b`, { doneAt: 0 });
    const r = await h.run(["wait", "--watch", PARENT, "--filter", 'metadata.target="t1"', "--timeout", "1s"]);
    assert.deepEqual(r, {
      code: 1,
      stdout: line("TIMED_OUT", "a", "1.0s 4 req"),
      stderr:
        `watch ${PARENT}: 1 in-flight operation(s) match; the server ignored the filter (1 of 2 listed were outside it and were dropped here)\n` +
        `[1.0s] TIMED_OUT v1/${P}/a\n`,
    });
    assert.deepEqual(h.client.listFilters, ['done=false AND (metadata.target="t1")']);
  });

  test("a list that fails: the watch line says so, and the run exits 1 with the error", async () => {
    const h = new CliHarness();
    h.client.listErrors.push("PERMISSION_DENIED");
    assert.deepEqual(await h.run(["wait", "--watch", PARENT, "--target", "t1"]), {
      code: 1,
      stdout: "",
      stderr: `watch ${PARENT}: could not list operations (PERMISSION_DENIED: PERMISSION_DENIED); the watch saw nothing\nbeyondcorp-ops: PERMISSION_DENIED\n`,
    });
  });

  test("a bad --target or --filter: exit 2 naming it, nothing listed", async () => {
    const h = new CliHarness();
    const t = await h.run(["cancel", "--watch", PARENT, "--target", "ok", "--target", "not ok"]);
    assert.equal(t.code, 2);
    assert.match(t.stderr, /^beyondcorp-ops: --target\[1\]: /);
    const f = await h.run(["cancel", "--watch", PARENT, "--filter", "\u0001"]);
    assert.equal(f.code, 2);
    assert.match(f.stderr, /^beyondcorp-ops: --filter: /);
    assert.deepEqual(h.client.calls, ["close", "close"]);
  });
});
