/**
 * The CLI's flags, help and progress lines, in process (cli/args.ts, cli/help.ts, cli/progress.ts).
 * The integration suites run the CLI as a child process, where mutation testing cannot see which
 * code ran; these are the same promises at the module seam: every flag from the option table, bad
 * flags refused by name, connection flags checked as the table says, progress as a plain log.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import { COMMON_OPTIONS, connectionFrom, flagHelp, parse } from "../../src/cli/args";
import { HELP } from "../../src/cli/help";
import { ProgressView, unrefInterval } from "../../src/cli/progress";
import { assertInvalidInput } from "../helpers/invalid-input";
import { CONNECTION_OPTIONS, OPTIONS } from "../../src/options/spec";

describe("flags", () => {
  test("the common flags: each connection option's own flag, --no-auth, --json and -h", () => {
    const fromTable = Object.values(CONNECTION_OPTIONS)
      .map((s) => (s as { cli?: string }).cli)
      .filter((c): c is string => c !== undefined)
      .map((c) => c.slice(2));
    assert.deepEqual(Object.keys(COMMON_OPTIONS).sort(), [...fromTable, "no-auth", "json", "help"].sort());
    for (const f of fromTable) assert.deepEqual(COMMON_OPTIONS[f], { type: "string" }, f);
    assert.deepEqual(COMMON_OPTIONS["help"], { type: "boolean", short: "h" });
    assert.ok(!("access-token" in COMMON_OPTIONS), "an access token is never a flag");
  });

  test("parse: positionals, the command's own flags with the common ones, strict", () => {
    const r = parse(["a", "--wait", "--endpoint", "http://127.0.0.1:1", "b", "-h"], {
      wait: { type: "boolean" },
    });
    assert.deepEqual(r.positionals, ["a", "b"]);
    assert.equal(r.values["wait"], true);
    assert.equal(r.values["endpoint"], "http://127.0.0.1:1");
    assert.equal(r.values["help"], true);
    assertInvalidInput(() => parse(["--nope"], {}), "arguments", /^arguments: Unknown option '--nope'/);
    assertInvalidInput(
      () => parse(["--endpoint"], {}),
      "arguments",
      /^arguments: Option '--endpoint <value>' argument missing/,
    );
  });

  test("connectionFrom: flags become library options, each checked and named by its flag", () => {
    assert.deepEqual(
      connectionFrom({
        endpoint: "http://127.0.0.1:8080",
        "api-version": "v1alpha",
        impersonate: "sa@p.iam.gserviceaccount.com",
        "quota-project": "bill",
        credentials: "/tmp/key.json",
        "no-auth": true,
        json: true,
      }),
      {
        endpoint: "http://127.0.0.1:8080",
        apiVersion: "v1alpha",
        impersonateServiceAccount: "sa@p.iam.gserviceaccount.com",
        quotaProject: "bill",
        credentials: "/tmp/key.json",
        noAuth: true,
      },
    );
    assert.deepEqual(connectionFrom({}), {});
    assert.deepEqual(connectionFrom({ "no-auth": false, endpoint: true }), {});
    assertInvalidInput(
      () => connectionFrom({ "api-version": "v2" }),
      "--api-version",
      /^--api-version: .*v1.*v1alpha/,
    );
  });

  test("flagHelp: the flag, its metavariable, the description and what the table says of it", () => {
    const t = flagHelp("timeout", "D", " (with --wait)");
    assert.equal(t.slice(0, 26), `  ${"--timeout D".padEnd(24)}`);
    assert.ok(t.includes(OPTIONS.timeout.description.replace(/\.$/, "")), t);
    assert.match(t, / \(with --wait\); default 20 min$/);
    assert.match(flagHelp("onCancelUnsupported", "P"), /; wait, fail, abandon; default wait$/);
    assert.match(flagHelp("endpoint", "VALUE"), /; env GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT; default /);
    assert.match(
      flagHelp("credentials", "FILE"),
      /; env GOOGLE_CREDENTIALS, then GOOGLE_CLOUD_KEYFILE_JSON, then GCLOUD_KEYFILE_JSON; default /,
    );
  });

  test("help: every command has a text, each with the common flags and none with a token flag", () => {
    assert.deepEqual(Object.keys(HELP).sort(), ["cancel", "get", "list", "main", "wait"]);
    for (const cmd of ["cancel", "wait", "list", "get"]) {
      assert.match(HELP[cmd]!, /^beyondcorp-ops /, cmd);
      assert.match(HELP[cmd]!, /--no-auth/, cmd);
      assert.match(
        HELP[cmd]!,
        /An access token is read only from GOOGLE_OAUTH_ACCESS_TOKEN, never from a flag/,
        cmd,
      );
    }
    assert.match(HELP["cancel"]!, /--on-unsupported P/);
    assert.match(HELP["cancel"]!, /CANCELLED, SUCCEEDED/);
    assert.match(HELP["main"]!, /Exit codes: 0 .* 2 usage error, 130 interrupted/);
  });
});

describe("help lines", () => {
  const desc = (name: keyof typeof OPTIONS) => OPTIONS[name].description.replace(/\.$/, "");

  test("flagHelp: exact lines, the padding to column 26, extra text, env and default as the table says", () => {
    assert.equal(flagHelp("timeout", "D"), `  --timeout D             ${desc("timeout")}; default 20 min`);
    assert.equal(
      flagHelp("timeout", "D", " (with --wait)"),
      `  --timeout D             ${desc("timeout")} (with --wait); default 20 min`,
    );
    assert.equal(
      flagHelp("impersonateServiceAccount", "VALUE"),
      "  --impersonate VALUE     Service account to impersonate; env GOOGLE_IMPERSONATE_SERVICE_ACCOUNT",
    );
    assert.equal(
      flagHelp("endpoint", "URL"),
      `  --endpoint URL          ${desc("endpoint")}; env GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT; default https://beyondcorp.googleapis.com`,
    );
    assert.equal(
      flagHelp("apiVersion", "V"),
      `  --api-version V         ${desc("apiVersion")}; v1, v1alpha; default v1`,
    );
  });

  test("the connection flags: each with its metavariable, then --no-auth and where a token comes from", () => {
    const lines = HELP["get"]!.split("\n");
    const at = lines.indexOf(
      "Connection flags (defaults follow the environment conventions of Pulumi's GCP provider):",
    );
    assert.ok(at > 0);
    assert.deepEqual(
      lines.slice(at + 1).map((l) => l.slice(0, 26)),
      [
        "  --api-version V         ",
        "  --endpoint VALUE        ",
        "  --credentials FILE      ",
        "  --impersonate VALUE     ",
        "  --quota-project VALUE   ",
        "  --no-auth               ",
        "  An access token is read ",
      ],
    );
    assert.equal(lines[at + 1], flagHelp("apiVersion", "V"));
    assert.equal(lines[at + 3], flagHelp("credentials", "FILE"));
    assert.equal(
      lines.at(-1),
      "  An access token is read only from GOOGLE_OAUTH_ACCESS_TOKEN, never from a flag (flags show in ps).",
    );
  });

  test("cancel and wait: the watch, timeout and --json lines, --timeout only with --wait for cancel", () => {
    const watch = [
      "  --watch PARENT          also every in-flight operation under PARENT on a --target and/or matching",
      '                          --filter, as a resource\'s watch: one "watch …" line on stderr says what it saw',
      "  --target T              a resource name (repeatable), project id or number alike",
      "  --filter F              with --watch: an AIP-160 filter a watch can check itself (README, Watches)",
    ];
    const json =
      "  --json                  print one JSON array of {name, outcome, error?, elapsedMs, requests}";
    const cancel = HELP["cancel"]!.split("\n");
    const at = cancel.indexOf("  --wait                  wait until every operation is terminal");
    assert.ok(at > 0);
    assert.deepEqual(cancel.slice(at + 1, at + 8), [
      ...watch,
      flagHelp("timeout", "D", " (with --wait)"),
      flagHelp("onCancelUnsupported", "P"),
      json,
    ]);
    const wait = HELP["wait"]!.split("\n");
    const w = wait.indexOf("Waits (without cancelling) until each operation is terminal.");
    assert.deepEqual(wait.slice(w + 1, w + 8), [...watch, flagHelp("timeout", "D"), json, ""]);
  });

  test("a flag parseArgs refuses: its own message, under the field 'arguments'", () => {
    assertInvalidInput(() => parse(["-x"], {}), "arguments", /^arguments: Unknown option '-x'\./);
  });
});

describe("progress", () => {
  const sink = () => {
    const chunks: string[] = [];
    const out = new Writable({
      write(c: Buffer, _e, cb) {
        chunks.push(c.toString());
        cb();
      },
    });
    return { out, text: () => chunks.join("") };
  };
  const result = (name: string, outcome: string) =>
    ({ type: "outcome", result: { name, outcome } }) as unknown as Parameters<ProgressView["event"]>[0];

  test("not a terminal: one timestamped line per state change, nothing for other events", () => {
    const s = sink();
    const v = new ProgressView(s.out, ["a", "b"], false);
    v.event({ type: "cancel-sent", name: "a" } as never);
    v.event({ type: "cancel-unsupported", name: "b" } as never);
    v.event(result("a", "CANCELLED"));
    v.event({ type: "retry", retry: { call: "get", delayMs: 250, reason: "UNAVAILABLE" } } as never);
    v.event({ type: "round", round: 0, pending: 1, nextDelayMs: 250 } as never);
    v.stop();
    const lines = s.text().trimEnd().split("\n");
    assert.deepEqual(
      lines.map((l) => l.replace(/^\[\d+\.\ds\] /, "")),
      ["cancel requested a", "cancel unsupported b", "CANCELLED a", "retry get in 250 ms: UNAVAILABLE"],
    );
    for (const l of lines) assert.match(l, /^\[\d+\.\ds\] /);
  });

  test("a terminal: the table redrawn in place, one row per operation with its state", () => {
    const s = sink();
    const v = new ProgressView(s.out, ["a", "b"], true);
    v.event({ type: "cancel-sent", name: "a" } as never);
    v.event(result("b", "SUCCEEDED"));
    v.stop();
    const draws = s.text().split("\x1b[2A");
    assert.equal(draws.length, 3, "drawn three times, each after the first moving up two rows");
    const CLEAR = "\x1b[2K"; // erase the line, then write its row
    const rows = draws[0]!.split(CLEAR);
    assert.equal(rows[0], "");
    assert.match(rows[1]!, /^CANCEL_REQUESTED {13}\s+\d+\.\ds {2}a\n$/);
    assert.match(rows[2]!, /^PENDING {21}\s+\d+\.\ds {2}b\n$/);
    assert.match(draws[2]!, /CANCEL_REQUESTED .* a\n.*SUCCEEDED .* b\n$/);
  });

  test("a terminal: redrawn every 500 ms by its timer, which stop ends; not a terminal: no timer", () => {
    const s = sink();
    const timers: Array<{ ms: number; fn: () => void; stopped: boolean }> = [];
    const repeat = (ms: number, fn: () => void) => {
      const t = { ms, fn, stopped: false };
      timers.push(t);
      return () => {
        t.stopped = true;
      };
    };
    let now = 1_000;
    const clock = { now: () => now };
    const v = new ProgressView(s.out, ["a"], true, { clock, repeat });
    assert.equal(timers.length, 1);
    assert.equal(timers[0]!.ms, 500);
    now += 2_500;
    timers[0]!.fn();
    assert.equal(s.text(), `\x1b[2K${"PENDING".padEnd(28)}    2.5s  a\n`);
    v.event({ type: "cancel-unsupported", name: "a" } as never);
    now += 10_000;
    v.stop();
    assert.equal(timers[0]!.stopped, true);
    assert.ok(
      s.text().endsWith(`\x1b[1A\x1b[2K${"CANCEL_UNSUPPORTED (waiting)".padEnd(28)}   12.5s  a\n`),
      JSON.stringify(s.text()),
    );
    const plain = sink();
    const p = new ProgressView(plain.out, ["a"], false, { clock, repeat });
    now += 1_250;
    p.event(result("a", "CANCELLED"));
    p.stop();
    assert.equal(timers.length, 1, "no timer when not a terminal");
    assert.equal(plain.text(), "[1.3s] CANCELLED a\n");
  });

  test("the real timer: unref'd (it never keeps the CLI alive), fires, and stops", async () => {
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timeouts();
    let fired = 0;
    let first!: () => void;
    const once = new Promise<void>((r) => (first = r));
    const stop = unrefInterval(1, () => {
      fired++;
      first();
    });
    // Bounded: a timer that never fires fails in a second; stopped even when an assertion fails.
    const bound = new AbortController();
    try {
      assert.equal(timeouts(), before, "an unref'd timer is not an active resource");
      await Promise.race([
        once,
        delay(1000, undefined, { signal: bound.signal }).then(
          () => assert.fail("the timer never fired in 1 s"),
          () => undefined, // the bound, cleared once the timer fired
        ),
      ]);
    } finally {
      bound.abort();
      stop();
    }
    const seen = fired;
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(fired, seen, "no tick after stop");
  });

  test("the default clock is the system's", () => {
    const s = sink();
    const v = new ProgressView(s.out, ["a"], false);
    v.event(result("a", "CANCELLED"));
    assert.equal(s.text(), "[0.0s] CANCELLED a\n");
  });
});
