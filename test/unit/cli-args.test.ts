/**
 * The CLI's flags, help and progress lines, in process (cli/args.ts, cli/help.ts, cli/progress.ts).
 * The integration suites run the CLI as a child process, where mutation testing cannot see which
 * code ran; these are the same promises at the module seam: every flag from the option table, bad
 * flags refused by name, connection flags checked as the table says, progress as a plain log.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { COMMON_OPTIONS, connectionFrom, flagHelp, parse } from "../../src/cli/args";
import { HELP } from "../../src/cli/help";
import { ProgressView } from "../../src/cli/progress";
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
});
