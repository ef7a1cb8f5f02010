/**
 * The provider plugin's start (plugin/start.ts, run by main.ts on the real process), on a stand-in
 * process and parts: an old Node is refused before anything starts; otherwise the log lines go to the
 * engine named in the arguments, the request capture is installed before the server starts, the
 * served provider carries the package's version and schema, and the plugin exits once its parent,
 * the engine, is gone. Also `unsupportedNode`, the Node check itself.
 */
import { describe, mock, test } from "node:test";
import assert from "node:assert/strict";
import Module from "node:module";
import { main } from "@pulumi/pulumi/provider";
import { packageInfo, type PackageInfo } from "../../src/core/package-info";
import { setLogSink } from "../../src/pulumi/log";
import { engineLog } from "../../src/plugin/engine-log";
import { unsupportedNode } from "../../src/plugin/node-version";
import type { PluginProvider } from "../../src/plugin/provider";
import { captureRequests } from "../../src/plugin/request-context";
import { packageSchema, RESOURCE_TOKEN } from "../../src/plugin/schema";
import { pluginParts, startPlugin, type PluginParts, type PluginProcess } from "../../src/plugin/start";

const URN = `urn:pulumi:dev::proj::${RESOURCE_TOKEN}::guard`;

function fakeProcess(version = "v24.1.0") {
  const stderr: string[] = [];
  const exits: number[] = [];
  const proc: PluginProcess & { ppid: number } = {
    argv: ["/usr/bin/node", "/x/dist/plugin/main.js", "--logtostderr", "-v=9", "127.0.0.1:4242"],
    version,
    ppid: 4100,
    stderr: { write: (text: string) => stderr.push(text) },
    exit: (code: number) => void exits.push(code),
  };
  return { proc, stderr, exits };
}

function fakeParts(pkg: PackageInfo = { ...packageInfo(), engines: { node: ">=22.19.0" } }) {
  const calls: string[] = [];
  const written: string[] = [];
  let flushes = 0;
  const got: {
    address?: string | undefined;
    sink?: (line: string) => void;
    onConfigure?: (vars: Record<string, unknown>) => void;
    served?: [unknown, string[]];
    every?: [number, () => void];
  } = {};
  const parts: PluginParts = {
    pkg,
    serve: async (provider, args) => {
      calls.push("serve");
      got.served = [provider, args];
    },
    engineLog: (address) => {
      calls.push("engineLog");
      got.address = address;
      return {
        write: (line) => void written.push(line),
        flush: async () => void flushes++,
      };
    },
    setLogSink: (sink) => {
      calls.push("setLogSink");
      got.sink = sink;
    },
    captureRequests: (onConfigure) => {
      calls.push("captureRequests");
      got.onConfigure = onConfigure;
    },
    every: (ms, fn) => {
      calls.push("every");
      got.every = [ms, fn];
      return { unref: () => calls.push("unref") };
    },
  };
  return { parts, calls, written, got, flushes: () => flushes };
}

describe("plugin start", () => {
  test("lines go to the engine named in the arguments; capture is installed before the server starts", () => {
    const { proc } = fakeProcess();
    const { parts, calls, got } = fakeParts();
    const provider = startPlugin(proc, parts);
    assert.deepEqual(calls, ["engineLog", "setLogSink", "captureRequests", "serve", "every", "unref"]);
    assert.equal(got.address, "127.0.0.1:4242");
    assert.equal(got.served![0], provider);
    assert.deepEqual(
      got.served![1],
      ["--logtostderr", "-v=9", "127.0.0.1:4242"],
      "the arguments after the script",
    );
  });
  test("the served provider carries the package's version and schema", () => {
    const pkg = { ...packageInfo(), version: "7.8.9", engines: { node: ">=22.19.0" } };
    const provider = startPlugin(fakeProcess().proc, fakeParts(pkg).parts)!;
    assert.equal(provider.version, "7.8.9");
    assert.equal(provider.schema, JSON.stringify(packageSchema(pkg)));
  });
  test("the log sink writes to the engine's lines, and every hook flushes them", async () => {
    const { parts, written, got, flushes } = fakeParts();
    const provider = startPlugin(fakeProcess().proc, parts)!;
    got.sink!("cancel requested for 1 of 1 operation(s)");
    assert.deepEqual(written, ["cancel requested for 1 of 1 operation(s)"]);
    await provider.check!(URN, {}, {});
    assert.equal(flushes(), 1);
  });
  test("Configure's variables reach the provider's configure", () => {
    const { parts, got } = fakeParts();
    const provider = startPlugin(fakeProcess().proc, parts) as PluginProvider;
    const seen: unknown[] = [];
    provider.configure = (vars) => void seen.push(vars);
    got.onConfigure!({ endpoint: "https://e.example" });
    assert.deepEqual(seen, [{ endpoint: "https://e.example" }]);
  });
  test("the plugin exits once its parent, the engine, is gone; checked every second, without keeping it alive", () => {
    const { proc, exits } = fakeProcess();
    const { parts, got, calls } = fakeParts();
    startPlugin(proc, parts);
    const [ms, check] = got.every!;
    assert.equal(ms, 1000);
    assert.equal(calls.at(-1), "unref");
    check();
    assert.deepEqual(exits, [], "same parent: keep serving");
    proc.ppid = 1;
    check();
    assert.deepEqual(exits, [1]);
  });
  test("a Node older than engines is refused on stderr, naming both versions, before anything starts", () => {
    const { proc, stderr, exits } = fakeProcess("v20.11.1");
    const { parts, calls } = fakeParts();
    assert.equal(startPlugin(proc, parts), undefined);
    assert.deepEqual(stderr, [
      "pulumi-resource-beyondcorp-ops needs Node.js >=22.19.0, but the `node` on PATH is v20.11.1: put a newer node first on PATH\n",
    ]);
    assert.deepEqual(exits, [1]);
    assert.deepEqual(calls, []);
  });
  test("without an engines range, any Node runs", () => {
    for (const engines of [undefined, {}, { node: "" }]) {
      const { proc, stderr, exits } = fakeProcess("v1.0.0");
      const { engines: _drop, ...rest } = packageInfo();
      const { parts, calls } = fakeParts(engines ? { ...rest, engines } : rest);
      assert.ok(startPlugin(proc, parts), JSON.stringify(engines));
      assert.deepEqual([stderr, exits], [[], []]);
      assert.equal(calls[0], "engineLog");
    }
  });
});

describe("plugin parts", () => {
  test("the real parts: package.json, the SDK's server, the engine log, the log sink and the capture", () => {
    const parts = pluginParts();
    assert.equal(parts.pkg, packageInfo());
    assert.equal(parts.serve, main);
    assert.equal(parts.engineLog, engineLog);
    assert.equal(parts.setLogSink, setLogSink);
    assert.equal(parts.captureRequests, captureRequests);
  });
  test("every runs its function each period", () => {
    mock.timers.enable({ apis: ["setInterval"] });
    try {
      let runs = 0;
      pluginParts().every(1000, () => void runs++);
      mock.timers.tick(999);
      assert.equal(runs, 0);
      mock.timers.tick(1);
      assert.equal(runs, 1);
      mock.timers.tick(1000);
      assert.equal(runs, 2);
    } finally {
      mock.timers.reset();
    }
  });
});

describe("plugin entry", () => {
  test("main starts the plugin on this process, once", () => {
    const startPath = require.resolve("../../src/plugin/start");
    const mainPath = require.resolve("../../src/plugin/main");
    const real = require.cache[startPath];
    const started: unknown[] = [];
    const stand = new Module(startPath);
    stand.exports = { startPlugin: (proc: unknown) => void started.push(proc) };
    stand.loaded = true;
    require.cache[startPath] = stand;
    try {
      require(mainPath);
    } finally {
      if (real) require.cache[startPath] = real;
      else delete require.cache[startPath];
      delete require.cache[mainPath];
    }
    assert.equal(started.length, 1);
    assert.equal(started[0], process);
  });
});

describe("node version", () => {
  const refusal = (required: string, actual: string) =>
    `pulumi-resource-beyondcorp-ops needs Node.js ${required}, but the \`node\` on PATH is ${actual}: put a newer node first on PATH`;
  test("older in major, minor or patch is refused, naming both versions; equal or newer runs", () => {
    for (const v of ["v20.20.2", "v22.18.9", "v21.99.0", "v22.19.4", "v22"])
      assert.equal(unsupportedNode(">=22.19.5", v), refusal(">=22.19.5", v), v);
    for (const v of ["v22.19.5", "v22.19.6", "v22.20.0", "v24.0.0", "v100.0.0"])
      assert.equal(unsupportedNode(">=22.19.5", v), undefined, v);
  });
  test("multi-digit parts and spaces around the range are read; the message names the trimmed range", () => {
    assert.equal(unsupportedNode(">=22.19.10", "v22.19.9"), refusal(">=22.19.10", "v22.19.9"));
    assert.equal(unsupportedNode(" >= 22.19.0 ", "v22.18.0"), refusal(">= 22.19.0", "v22.18.0"));
  });
  test("a range other than >=X.Y.Z is not checked: the plugin starts", () => {
    for (const range of ["^22.19.0", ">=22.19.0 <23", "22.x || >=24.0.0", ">=22.19", ""])
      assert.equal(unsupportedNode(range, "v1.0.0"), undefined, range);
  });
  test("only a leading v is dropped from the version (Node prints v22.19.0)", () => {
    assert.equal(unsupportedNode(">=22.19.0", "22.18.0"), refusal(">=22.19.0", "22.18.0"));
    // "0.0.0v" is not a version: its patch reads as NaN, which is neither older nor newer.
    assert.equal(unsupportedNode(">=0.0.1", "0.0.0v"), undefined);
  });
});
