/**
 * The CLI in process (cli/run.ts, inspect.ts, interrupt.ts): `run(argv, io, deps)` over the fake
 * client and clock. The child-process suites (test/integration/cli*.test.ts) hold the same promises
 * end to end; these pin them where mutation testing sees them: each command's exact output, every
 * exit code, usage errors naming the flag, --help, and the client built from the flags.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { BeyondCorpError } from "../../src/core/errors";
import { HELP } from "../../src/cli/help";
import { defaultClient, run } from "../../src/cli/run";
import { INTERRUPT_SIGNALS, interruptOn } from "../../src/cli/interrupt";
import { runAsProcess } from "../../src/cli/shell";
import type { OperationsClient } from "../../src/client/operations-client";
import { CliHarness } from "../helpers/fake-cli";

const PARENT = "projects/my-proj/locations/global";
const P = `${PARENT}/operations`;

describe("dispatch", () => {
  test("no command: the main help on stdout, exit 2 (a usage error), no client", async () => {
    const h = new CliHarness();
    assert.deepEqual(await h.run([]), { code: 2, stdout: `${HELP["main"]}\n`, stderr: "" });
    assert.equal(h.made.length, 0);
  });

  test("--help, -h and help: the main help on stdout, exit 0, no client", async () => {
    for (const arg of ["--help", "-h", "help"]) {
      const h = new CliHarness();
      assert.deepEqual(await h.run([arg]), { code: 0, stdout: `${HELP["main"]}\n`, stderr: "" }, arg);
      assert.equal(h.made.length, 0, arg);
    }
  });

  test("an unknown command (main, and names every object inherits, included): named on stderr with the main help, exit 2", async () => {
    for (const cmd of ["frobnicate", "main", "", "toString", "constructor", "__proto__", "hasOwnProperty"]) {
      const h = new CliHarness();
      const r = await h.run([cmd, "x"]);
      if (cmd === "") {
        assert.deepEqual(r, { code: 2, stdout: `${HELP["main"]}\n`, stderr: "" }, "an empty command is none");
        continue;
      }
      assert.deepEqual(
        r,
        {
          code: 2,
          stdout: "",
          stderr: `beyondcorp-ops: unknown command ${JSON.stringify(cmd)}\n\n${HELP["main"]}\n`,
        },
        cmd,
      );
      assert.equal(h.made.length, 0, cmd);
    }
  });

  test("COMMAND --help and -h: that command's help on stdout, exit 0, no client", async () => {
    for (const cmd of ["cancel", "wait", "list", "get"])
      for (const flag of ["--help", "-h"]) {
        const h = new CliHarness();
        assert.deepEqual(
          await h.run([cmd, flag, "--wait", "--pending", "--target", "t", "--target", "u"]),
          { code: 0, stdout: `${HELP[cmd]}\n`, stderr: "" },
          `${cmd} ${flag}`,
        );
        assert.equal(h.made.length, 0);
      }
  });

  test("an unknown flag or a flag without its value: named on stderr, exit 2, no client", async () => {
    const h = new CliHarness();
    const r = await h.run(["cancel", "--nope"]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^beyondcorp-ops: arguments: Unknown option '--nope'\./);
    assert.match(
      (await h.run(["list", PARENT, "--filter"])).stderr,
      /^beyondcorp-ops: arguments: Option '--filter <value>' argument missing\n$/,
    );
    assert.match(
      (await h.run(["cancel", "--wait=yes"])).stderr,
      /^beyondcorp-ops: arguments: Option '--wait' does not take an argument/,
    );
    assert.equal(h.made.length, 0);
  });

  test("every command flag is parsed with its type: booleans, strings and repeatable --target", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, { target: "projects/my-proj/locations/global/securityGateways/g1" });
    h.client.add(`${P}/b`, { target: "projects/my-proj/locations/global/securityGateways/g2" });
    const r = await h.run([
      "cancel",
      "--watch",
      PARENT,
      "--target",
      "projects/my-proj/locations/global/securityGateways/g1",
      "--target",
      "projects/my-proj/locations/global/securityGateways/g2",
      "--timeout",
      "5s",
      "--on-unsupported",
      "fail",
      "--wait",
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      JSON.parse(r.stdout).map((x: { name: string }) => x.name),
      [`v1/${P}/a`, `v1/${P}/b`],
    );
  });

  test("the client: built once from the connection flags and the environment, closed at the end", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, {});
    const r = await h.run([
      "get",
      `${P}/a`,
      "--endpoint",
      "http://127.0.0.1:9",
      "--api-version",
      "v1alpha",
      "--no-auth",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(h.made, [
      {
        options: { endpoint: "http://127.0.0.1:9", apiVersion: "v1alpha", noAuth: true },
        env: { HARNESS: "1" },
      },
    ]);
    assert.deepEqual(h.client.calls, [`get ${P}/a`, "close"]);
  });

  test("the environment defaults to the process's", async () => {
    let seen: NodeJS.ProcessEnv | undefined;
    const code = await run(
      ["get"],
      { stdout: { write: () => true }, stderr: { write: () => true } },
      {
        createClient: (_o, env) => {
          seen = env;
          return { close: async () => undefined } as unknown as OperationsClient;
        },
      },
    );
    assert.equal(code, 2);
    assert.equal(seen, process.env);
  });

  test("defaultClient: the real client, reading the environment given for what the flags leave unset", async () => {
    const c = defaultClient({ noAuth: true }, { GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT: "http://127.0.0.1:9/" });
    assert.match(c.endpoint, /^http:\/\/127\.0\.0\.1:9\/?$/);
    assert.equal(c.apiVersion, "v1");
    await c.close();
    const d = defaultClient({ noAuth: true, endpoint: "http://127.0.0.1:7" }, {});
    assert.match(d.endpoint, /^http:\/\/127\.0\.0\.1:7\/?$/);
    await d.close();
  });

  test("errors: an API error exits 1 with its message, the client still closed", async () => {
    const h = new CliHarness();
    assert.deepEqual(await h.run(["get", `${P}/zz`]), {
      code: 1,
      stdout: "",
      stderr: "beyondcorp-ops: NOT_FOUND\n",
    });
    assert.deepEqual(h.client.calls, [`get ${P}/zz`, "close"]);
  });

  test("errors: an invalid connection flag exits 2 naming the flag", async () => {
    const h = new CliHarness();
    const r = await h.run(["get", `${P}/a`, "--api-version", "v2"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^beyondcorp-ops: --api-version: .*v1alpha/);
  });

  test("errors: anything else exits 1 with its stack (or its text)", async () => {
    const h = new CliHarness();
    const r = await h.run(["get", `${P}/a`], {
      createClient: () => {
        throw new Error("boom");
      },
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^beyondcorp-ops: Error: boom\n {4}at /);
    const s = await h.run(["get", `${P}/a`], {
      createClient: () => {
        throw "plain words";
      },
    });
    assert.deepEqual(s, { code: 1, stdout: "", stderr: "beyondcorp-ops: plain words\n" });
  });
});

describe("get", () => {
  test("one operation's state: PENDING, DONE response, DONE error CODE: message", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, {});
    h.client.add(`${P}/b`, { doneAt: 0 });
    h.client.add(`${P}/c`, { doneAt: 0, result: { error: { code: 9, message: "precondition" } } });
    assert.deepEqual(await h.run(["get", `${P}/a`]), { code: 0, stdout: `${P}/a  PENDING\n`, stderr: "" });
    assert.deepEqual(await h.run(["get", `${P}/b`]), {
      code: 0,
      stdout: `${P}/b  DONE response\n`,
      stderr: "",
    });
    assert.deepEqual(await h.run(["get", `${P}/c`]), {
      code: 0,
      stdout: `${P}/c  DONE error 9: precondition\n`,
      stderr: "",
    });
  });

  test("--json: the operation as the client parsed it", async () => {
    const h = new CliHarness();
    h.client.add(`${P}/c`, { doneAt: 0, result: { error: { code: 9, message: "precondition" } } });
    const r = await h.run(["get", `${P}/c`, "--json"]);
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      `${JSON.stringify({ name: `${P}/c`, done: true, hasResponse: false, error: { code: 9, message: "precondition" } })}\n`,
    );
  });

  test("exactly one NAME, else exit 2 naming NAME", async () => {
    for (const argv of [["get"], ["get", `${P}/a`, `${P}/b`]]) {
      const h = new CliHarness();
      assert.deepEqual(await h.run(argv), {
        code: 2,
        stdout: "",
        stderr: "beyondcorp-ops: NAME: get takes exactly one\n",
      });
      assert.deepEqual(h.client.calls, ["close"]);
    }
  });
});

describe("list", () => {
  const setup = () => {
    const h = new CliHarness();
    h.client.add(`${P}/a`, { target: "projects/my-proj/locations/global/securityGateways/g" });
    h.client.verbs.set(`${P}/a`, "update");
    h.client.add(`${P}/b`, { doneAt: 0 });
    h.client.add(`${P}/c`, {});
    h.client.verbs.set(`${P}/c`, "create");
    h.client.add(`${P}/d`, { target: "t" });
    return h;
  };

  test("every operation of PARENT: state, name, then verb and target when known", async () => {
    const h = setup();
    assert.deepEqual(await h.run(["list", PARENT]), {
      code: 0,
      stdout: [
        `PENDING ${P}/a  update projects/my-proj/locations/global/securityGateways/g`,
        `DONE    ${P}/b`,
        `PENDING ${P}/c  create`,
        `PENDING ${P}/d t`,
        "",
      ].join("\n"),
      stderr: "",
    });
    assert.deepEqual(h.client.calls, [`list ${PARENT}`, "close"]);
    assert.deepEqual(h.client.listFilters, [""]);
  });

  test("--pending sends done=false; --filter F sends (F); both are ANDed", async () => {
    const h = setup();
    const r = await h.run(["list", PARENT, "--pending"]);
    assert.equal(r.stdout.split("\n").length, 4, "the done one is filtered out");
    await h.run(["list", PARENT, "--filter", 'metadata.verb="update"']);
    await h.run(["list", PARENT, "--filter", 'metadata.verb="update"', "--pending"]);
    assert.deepEqual(h.client.listFilters, [
      "done=false",
      '(metadata.verb="update")',
      'done=false AND (metadata.verb="update")',
    ]);
  });

  test("--json: the operations as one array", async () => {
    const h = setup();
    const r = await h.run(["list", PARENT, "--json", "--pending"]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.endsWith("]\n"), true);
    const ops = JSON.parse(r.stdout) as Array<{ name: string; done: boolean; metadata?: { verb?: string } }>;
    assert.deepEqual(
      ops.map((o) => [o.name, o.done, o.metadata?.verb]),
      [
        [`${P}/a`, false, "update"],
        [`${P}/c`, false, "create"],
        [`${P}/d`, false, undefined],
      ],
    );
  });

  test("exactly one PARENT, else exit 2 naming PARENT", async () => {
    const h = new CliHarness();
    assert.deepEqual(await h.run(["list"]), {
      code: 2,
      stdout: "",
      stderr: "beyondcorp-ops: PARENT: list takes exactly one\n",
    });
  });
});

describe("interrupt", () => {
  test("the first SIGINT or SIGTERM aborts with ERR_ABORTED; each listens once; dispose removes them", () => {
    assert.deepEqual(INTERRUPT_SIGNALS, ["SIGINT", "SIGTERM"]);
    for (const sig of ["SIGINT", "SIGTERM"] as const) {
      const em = new EventEmitter();
      const i = interruptOn(em);
      assert.equal(em.listenerCount("SIGINT"), 1);
      assert.equal(em.listenerCount("SIGTERM"), 1);
      assert.equal(i.signal.aborted, false);
      em.emit(sig);
      assert.equal(i.signal.aborted, true, sig);
      const reason: unknown = i.signal.reason;
      assert.ok(BeyondCorpError.is(reason));
      assert.equal(reason.code, "ERR_ABORTED");
      assert.equal(reason.message, "interrupted (SIGINT)");
      assert.equal(em.listenerCount(sig), 0, "a second signal meets the default handler");
      i.dispose();
      assert.equal(em.listenerCount("SIGINT") + em.listenerCount("SIGTERM"), 0);
    }
  });
});

describe("the process shell", () => {
  const fakeProcess = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const proc = Object.assign(new EventEmitter(), {
      argv: ["/usr/bin/node", "/opt/beyondcorp-ops/main.js", ...argv],
      env,
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
      exitCode: undefined as number | string | null | undefined,
    });
    return { proc, out, err };
  };

  test("the arguments after the program, its exit code, and its signal listeners only while it runs", async () => {
    const { proc, out } = fakeProcess(["--help"]);
    const done = runAsProcess(proc);
    assert.equal(proc.listenerCount("SIGINT"), 1);
    assert.equal(proc.listenerCount("SIGTERM"), 1);
    await done;
    assert.equal(proc.exitCode, 0);
    assert.equal(out.join(""), `${HELP["main"]}\n`);
    assert.equal(proc.listenerCount("SIGINT") + proc.listenerCount("SIGTERM"), 0);
  });

  test("the process's environment reaches the client", async () => {
    const { proc, err } = fakeProcess([`get`, `${P}/a`], {
      GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT: "http://example.com",
    });
    await runAsProcess(proc);
    assert.equal(proc.exitCode, 2);
    assert.match(
      err.join(""),
      /^beyondcorp-ops: GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT: http:\/\/ is allowed only for loopback/,
    );
  });

  test("SIGINT interrupts the run: exit 130, and no listener is left", async () => {
    const { proc, err } = fakeProcess([
      "wait",
      `${P}/a`,
      "--endpoint",
      "http://127.0.0.1:9",
      "--no-auth",
      "--timeout",
      "1s", // without the signal, a TIMED_OUT (exit 1) after a second instead of a hang
    ]);
    const done = runAsProcess(proc);
    proc.emit("SIGINT");
    await done;
    assert.equal(proc.exitCode, 130);
    assert.equal(err.join(""), "interrupted: cancel requested for 0 of 1 operation(s)\n");
    assert.equal(proc.listenerCount("SIGINT") + proc.listenerCount("SIGTERM"), 0);
  });
});
