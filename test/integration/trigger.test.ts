/**
 * `trigger` as the README documents it: when its value changes from one value to another,
 * `pulumi up` cancels every tracked operation. Setting it for the first time, removing it, or
 * keeping it cancels nothing. The update hook runs against the emulator over real sockets.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../src/emulator";
import * as runtime from "../../src/pulumi/runtime";
import { within } from "../helpers/bounded";

const P = "projects/demo-project/locations/global";

describe("trigger", () => {
  let emu: Emulator;
  let n = 0;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    await emu.close();
  });

  /** Two in-flight tracked operations, an update from `from` to `to`, and the cancels it sent. */
  async function updateTrigger(from: string | undefined, to: string | undefined) {
    const ops = [`${P}/operations/trig-${++n}-a`, `${P}/operations/trig-${n}-b`];
    for (const name of ops) emu.seed({ name });
    const props = { endpoint: emu.url, accessToken: "t", pollInitialDelay: "20ms", pollMaxDelay: "100ms" };
    const olds = {
      ...props,
      operations: ops,
      ...(from !== undefined ? { trigger: from } : {}),
      trackedOperations: ops.map((o) => `v1/${o}`),
      operationStates: {},
    };
    const news = { ...props, operations: ops, ...(to !== undefined ? { trigger: to } : {}) };
    emu.clearRequests();
    const lines: string[] = [];
    const orig = console.log;
    console.log = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    let outs;
    try {
      outs = (await within(20_000, runtime.update("id", olds as never, news), `update ${from} -> ${to}`))
        .outs;
    } finally {
      console.log = orig;
    }
    const cancelled = ops.filter((o) =>
      emu.requests().some((r) => r.route === "cancel" && r.path.includes(`${o}:cancel`)),
    );
    return { ops, cancelled, lines, outs };
  }

  test("a change from one value to another cancels every tracked operation and waits for each", async () => {
    const { ops, cancelled, lines, outs } = await updateTrigger("v1", "v2");
    assert.deepEqual(cancelled, ops, lines.join("\n"));
    assert.ok(
      lines.some((l) => /trigger changed: cancelling all 2 tracked operation\(s\)/.test(l)),
      lines.join("\n"),
    );
    for (const o of ops) assert.equal(outs.operationStates[`v1/${o}`]?.outcome, "CANCELLED", o);
    assert.deepEqual(
      outs.trackedOperations,
      ops.map((o) => `v1/${o}`),
    );
  });

  test("the same value cancels nothing", async () => {
    const { cancelled, lines } = await updateTrigger("v1", "v1");
    assert.deepEqual(cancelled, [], lines.join("\n"));
  });

  test("setting it for the first time cancels nothing", async () => {
    const { cancelled, lines } = await updateTrigger(undefined, "v1");
    assert.deepEqual(cancelled, [], lines.join("\n"));
  });

  test("removing it cancels nothing", async () => {
    const { cancelled, lines } = await updateTrigger("v1", undefined);
    assert.deepEqual(cancelled, [], lines.join("\n"));
  });
});
