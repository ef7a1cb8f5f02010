/**
 * The dynamic-provider host's watchdog (pulumi/watchdog.ts) over fake process deps: it exits on a
 * broken pipe and when the engine is gone, finds the engine through the shell wrapper, and hooks
 * once, only inside the host.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { enginePid, exitWhenEngineGone, hostWatchdog, type WatchdogDeps } from "../../src/pulumi/watchdog";

const WRAPPER = "/bin/sh\0/usr/local/bin/pulumi-resource-pulumi-nodejs\0";

interface Fake {
  deps: WatchdogDeps;
  streams: EventEmitter[];
  exits: number[];
  probes: number[];
  timers: Array<{ ms: number; fn: () => void }>;
  alive: Set<number>;
}

function fake(files: Record<string, string>, ppid = 4242): Fake {
  const f: Fake = {
    streams: [new EventEmitter(), new EventEmitter()],
    exits: [],
    probes: [],
    timers: [],
    alive: new Set(),
    deps: undefined as never,
  };
  f.deps = {
    streams: f.streams,
    exit: (code) => void f.exits.push(code),
    probe: (pid) => {
      f.probes.push(pid);
      if (!f.alive.has(pid)) throw Object.assign(new Error("kill ESRCH"), { code: "ESRCH" });
    },
    readFile: (file) => {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error(`ENOENT ${file}`), { code: "ENOENT" });
      return text;
    },
    ppid: () => ppid,
    every: (ms, fn) => void f.timers.push({ ms, fn }),
  };
  return f;
}

/** A fresh copy of the module (its once-only guard not yet set). */
function fresh(): typeof import("../../src/pulumi/watchdog") {
  const file = require.resolve("../../src/pulumi/watchdog");
  const saved = require.cache[file];
  delete require.cache[file];
  try {
    return require(file) as typeof import("../../src/pulumi/watchdog");
  } finally {
    require.cache[file] = saved;
  }
}

const epipe = (code: string) => Object.assign(new Error(code), { code });

describe("enginePid", () => {
  test("the parent, when it is not the shell wrapper", () => {
    assert.equal(enginePid(fake({ "/proc/4242/cmdline": "/usr/bin/pulumi\0up\0" }).deps), 4242);
  });

  test("the wrapper's parent, read after the command name (which may hold spaces and parentheses)", () => {
    const f = fake({
      "/proc/4242/cmdline": WRAPPER,
      "/proc/4242/stat": "4242 (pulumi (x) y) S 777 4242 4242 0 -1 4194560",
    });
    assert.equal(enginePid(f.deps), 777);
  });

  test("nothing when the wrapper's stat cannot be read, or /proc is not there", () => {
    assert.equal(enginePid(fake({ "/proc/4242/cmdline": WRAPPER }).deps), undefined);
    assert.equal(enginePid(fake({}).deps), undefined);
  });

  test("nothing when the wrapper's stat line is not one", () => {
    assert.equal(
      enginePid(fake({ "/proc/4242/cmdline": WRAPPER, "/proc/4242/stat": "garbage" }).deps),
      undefined,
    );
  });

  test("nothing when the engine is init (the host was orphaned already)", () => {
    assert.equal(enginePid(fake({ "/proc/1/cmdline": "/sbin/init\0" }, 1).deps), undefined);
    assert.equal(enginePid(fake({ "/proc/2/cmdline": "kthreadd\0" }, 2).deps), 2);
    assert.equal(
      enginePid(fake({ "/proc/4242/cmdline": WRAPPER, "/proc/4242/stat": "4242 (sh) S 1 1 1" }).deps),
      undefined,
    );
  });
});

describe("exitWhenEngineGone", () => {
  test("hooks only inside the dynamic-provider host, and only once", () => {
    const files = { "/proc/4242/cmdline": "/usr/bin/pulumi\0" };
    const first = fake(files);
    exitWhenEngineGone(undefined, first.deps);
    exitWhenEngineGone(false, first.deps);
    assert.deepEqual(
      first.streams.map((s) => s.listenerCount("error")),
      [0, 0],
      "a test process is not the host",
    );
    assert.equal(first.timers.length, 0);

    const main = require.main!;
    const filename = main.filename;
    main.filename = "/x/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";
    try {
      exitWhenEngineGone(undefined, first.deps);
    } finally {
      main.filename = filename;
    }
    assert.deepEqual(
      first.streams.map((s) => s.listenerCount("error")),
      [1, 1],
      "the host's stdout and stderr are watched",
    );
    assert.deepEqual(
      first.timers.map((t) => t.ms),
      [2000],
    );

    const again = fake(files);
    exitWhenEngineGone(true, again.deps);
    assert.deepEqual(
      again.streams.map((s) => s.listenerCount("error")),
      [0, 0],
    );
    assert.equal(again.timers.length, 0);

    // The hooked streams: a broken pipe exits, another error does not.
    first.streams[0]!.emit("error", epipe("EAGAIN"));
    assert.deepEqual(first.exits, []);
    first.streams[1]!.emit("error", epipe("EPIPE"));
    assert.deepEqual(first.exits, [1]);
    first.streams[0]!.emit("error", epipe("ERR_STREAM_DESTROYED"));
    assert.deepEqual(first.exits, [1, 1]);

    // The engine check: nothing while it lives, exit once it is gone.
    first.exits.length = 0;
    first.alive.add(4242);
    first.timers[0]!.fn();
    assert.deepEqual(first.probes, [4242]);
    assert.deepEqual(first.exits, []);
    first.alive.clear();
    first.timers[0]!.fn();
    assert.deepEqual(first.exits, [1]);
  });

  test("with no engine to find, the streams are still watched, and nothing else", () => {
    const f = fake({});
    fresh().exitWhenEngineGone(true, f.deps);
    assert.deepEqual(
      f.streams.map((s) => s.listenerCount("error")),
      [1, 1],
    );
    assert.deepEqual(f.timers, []);
  });

  test("a program without a CommonJS main (an ES module) is not the host", () => {
    const main = process.mainModule;
    process.mainModule = undefined;
    let watchdog: typeof import("../../src/pulumi/watchdog");
    try {
      watchdog = fresh();
    } finally {
      process.mainModule = main;
    }
    const f = fake({ "/proc/4242/cmdline": "/usr/bin/pulumi\0" });
    watchdog.exitWhenEngineGone(undefined, f.deps);
    assert.deepEqual(
      f.streams.map((s) => s.listenerCount("error")),
      [0, 0],
    );
  });

  test("the real runtime hooks the host's own streams when it loads there", () => {
    const main = require.main!;
    const filename = main.filename;
    const runtimePath = require.resolve("../../src/pulumi/runtime");
    const watchdogPath = require.resolve("../../src/pulumi/watchdog");
    const saved = [require.cache[runtimePath], require.cache[watchdogPath]];
    const before = process.stdout.listeners("error");
    const beforeErr = process.stderr.listeners("error");
    main.filename = "/x/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";
    delete require.cache[runtimePath];
    delete require.cache[watchdogPath];
    try {
      require(runtimePath);
      const added = process.stdout.listeners("error").filter((l) => !before.includes(l));
      assert.equal(added.length, 1, "loading the runtime in the host hooks stdout");
      for (const l of added) process.stdout.removeListener("error", l as never);
      const addedErr = process.stderr.listeners("error").filter((l) => !beforeErr.includes(l));
      assert.equal(addedErr.length, 1, "and stderr");
      for (const l of addedErr) process.stderr.removeListener("error", l as never);
    } finally {
      main.filename = filename;
      require.cache[runtimePath] = saved[0];
      require.cache[watchdogPath] = saved[1];
    }
  });
});

describe("hostWatchdog: the real process", () => {
  test("its streams, parent, files and processes", () => {
    assert.deepEqual(hostWatchdog.streams, [process.stdout, process.stderr]);
    assert.equal(hostWatchdog.ppid(), process.ppid);
    const text = hostWatchdog.readFile(__filename);
    assert.equal(typeof text, "string");
    assert.match(text, /hostWatchdog: the real process/);
    assert.doesNotThrow(() => hostWatchdog.probe(process.pid));
    assert.throws(() => hostWatchdog.probe(2_147_483_646), /ESRCH/);
  });

  test("exit is the process's exit", () => {
    const codes: Array<number | string | null | undefined> = [];
    const exit = process.exit;
    process.exit = ((code?: number) => void codes.push(code)) as typeof process.exit;
    try {
      hostWatchdog.exit(1);
    } finally {
      process.exit = exit;
    }
    assert.deepEqual(codes, [1]);
  });

  test("every runs on an interval that does not keep the process alive", async () => {
    let runs = 0;
    const timer = hostWatchdog.every(5, () => void runs++) as NodeJS.Timeout;
    try {
      assert.equal(timer.hasRef(), false);
      const until = Date.now() + 2000;
      while (runs < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      assert.ok(runs >= 2, `ran ${runs} times`);
    } finally {
      clearInterval(timer);
    }
  });
});
