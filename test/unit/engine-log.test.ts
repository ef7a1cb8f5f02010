/**
 * The plugin's lines to the Pulumi UI (plugin/engine-log.ts): each line is one call of the engine's
 * Log service, at INFO, under the URN of the resource being served, one after another in order; a
 * lost line is logged locally and never fails the operation; `flush` waits for every line. Without an
 * engine address the lines go to stdout. The engine is a stand-in client here.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  engineAddressFrom,
  engineClient,
  engineLog,
  type EngineLogService,
} from "../../src/plugin/engine-log";
import { pulumiGrpc } from "../../src/plugin/pulumi-grpc";
import { captureLog } from "../helpers/console";
import { served } from "../helpers/fake-grpc";

const { LogSeverity } = require("@pulumi/pulumi/proto/engine_pb") as { LogSeverity: { INFO: number } };
const URN = "urn:pulumi:dev::proj::beyondcorp-ops:index:OperationCanceller::guard";

interface LogReq {
  getSeverity(): number;
  getMessage(): string;
  getUrn(): string;
}

/** An engine whose answers the test releases one by one. */
function fakeEngine() {
  const addresses: string[] = [];
  const requests: LogReq[] = [];
  const pending: Array<(err: Error | null) => void> = [];
  const connect = (address: string): EngineLogService => {
    addresses.push(address);
    return {
      log(req, callback) {
        requests.push(req as LogReq);
        pending.push(callback);
      },
    };
  };
  const answer = async (err: Error | null = null) => {
    pending.shift()!(err);
    await new Promise((r) => setImmediate(r));
  };
  return { connect, addresses, requests, pending, answer };
}

const tick = () => new Promise((r) => setImmediate(r));

async function captureError(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const orig = console.error;
  console.error = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  try {
    await fn();
  } finally {
    console.error = orig;
  }
  return lines;
}

describe("engine log", () => {
  test("without an engine address, lines go to stdout and nothing connects", async () => {
    const engine = fakeEngine();
    const printed = await captureLog(async () => {
      const lines = engineLog(undefined, engine.connect);
      lines.write("tracking 1 operation(s)");
      await lines.flush();
      engineLog("", engine.connect).write("second");
    });
    assert.deepEqual(printed, ["tracking 1 operation(s)", "second"]);
    assert.deepEqual(engine.addresses, []);
  });
  test("each line is one INFO Log call to the engine at its address, under the served resource's URN", async () => {
    const engine = fakeEngine();
    const printed = await captureLog(async () => {
      const lines = engineLog("127.0.0.1:4242", engine.connect);
      await served({ getUrn: () => URN }, async () => lines.write("cancel requested"));
      await engine.answer();
      await lines.flush();
    });
    assert.deepEqual(printed, [], "nothing on stdout");
    assert.deepEqual(engine.addresses, ["127.0.0.1:4242"]);
    assert.deepEqual(
      engine.requests.map((r) => [r.getSeverity(), r.getMessage(), r.getUrn()]),
      [[LogSeverity.INFO, "cancel requested", URN]],
    );
    assert.notEqual(LogSeverity.INFO, 0, "INFO is not the proto's default severity");
  });
  test("a line outside any request has an empty URN", async () => {
    const engine = fakeEngine();
    const lines = engineLog("127.0.0.1:1", engine.connect);
    lines.write("outside");
    await tick();
    assert.equal(engine.requests[0]!.getUrn(), "");
  });
  test("lines are sent one after another, in order, and flush waits for the last answer", async () => {
    const engine = fakeEngine();
    const lines = engineLog("127.0.0.1:1", engine.connect);
    lines.write("one");
    lines.write("two");
    lines.write("three");
    let flushed = false;
    const flush = lines.flush().then(() => (flushed = true));
    await tick();
    assert.deepEqual(
      engine.requests.map((r) => r.getMessage()),
      ["one"],
      "the second waits for the first's answer",
    );
    await engine.answer();
    assert.deepEqual(
      engine.requests.map((r) => r.getMessage()),
      ["one", "two"],
    );
    await engine.answer();
    assert.equal(flushed, false);
    await engine.answer();
    await flush;
    assert.equal(flushed, true);
    assert.deepEqual(
      engine.requests.map((r) => r.getMessage()),
      ["one", "two", "three"],
    );
  });
  test("a line the engine refuses is printed to stderr with the reason, and the next still goes", async () => {
    const engine = fakeEngine();
    const errors = await captureError(async () => {
      const lines = engineLog("127.0.0.1:1", engine.connect);
      lines.write("lost line");
      lines.write("next line");
      await tick();
      await engine.answer(new Error("14 UNAVAILABLE: connection refused"));
      await engine.answer();
      await lines.flush();
    });
    assert.deepEqual(errors, ["lost line (engine log: 14 UNAVAILABLE: connection refused)"]);
    assert.deepEqual(
      engine.requests.map((r) => r.getMessage()),
      ["lost line", "next line"],
    );
  });
  test("the real client is the SDK's EngineClient for that address, with a Log method", () => {
    const client = engineClient("127.0.0.1:9") as EngineLogService & {
      close(): void;
      getChannel(): { getTarget(): string };
    };
    try {
      assert.equal(typeof client.log, "function");
      assert.match(client.getChannel().getTarget(), /127\.0\.0\.1:9/);
    } finally {
      client.close();
    }
  });
});

describe("engine address", () => {
  test("the engine address is the first argument that is not a flag the SDK skips", () => {
    assert.equal(
      engineAddressFrom(["--logtostderr", "-v=9", "--tracing", "x:1", "127.0.0.1:5"]),
      "127.0.0.1:5",
    );
    assert.equal(engineAddressFrom(["127.0.0.1:6", "extra"]), "127.0.0.1:6");
    assert.equal(engineAddressFrom(["--tracing"]), undefined);
    assert.equal(engineAddressFrom(["-v=3"]), undefined);
    assert.equal(engineAddressFrom([]), undefined);
  });
});

describe("the SDK's gRPC", () => {
  test("pulumiGrpc gives grpc-js's Server, on whose prototype services are added, and insecure credentials", () => {
    const grpc = pulumiGrpc();
    assert.equal(typeof grpc.Server.prototype.addService, "function");
    assert.equal((grpc.credentials.createInsecure() as { _isSecure(): boolean })._isSecure(), false);
  });
});
