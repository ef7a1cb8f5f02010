/**
 * How a whole wait (wait/waiter.ts) ends when something other than the deadline stops it: the
 * first failure is the one reported, the other groups stop at once, only an abort carries the
 * partial results; and that many groups listening to the wait's signal raise no warning.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { BeyondCorpError } from "../../src/core/errors";
import { parseOperationName } from "../../src/lro/names";
import type { WaitOptions } from "../../src/options/wait";
import type { ProgressEvent } from "../../src/wait/progress";
import { cancelAndWait } from "../../src/wait/waiter";
import { FakeClient } from "../helpers/fake-client";
import { FakeClock } from "../helpers/fake-clock";

const P = "projects/my-project/locations/global";
const op = (id: string) => `${P}/operations/${id}`;

function start(
  ids: readonly string[],
  options: WaitOptions,
  onProgress: (e: ProgressEvent) => void = () => undefined,
  setup: (c: FakeClient) => void = () => undefined,
) {
  const clock = new FakeClock(0);
  const client = new FakeClient(clock);
  for (const id of ids) client.add(op(id), { onCancel: "ignore" });
  setup(client);
  const p = cancelAndWait(
    client.asClient(),
    ids.map((id) => parseOperationName(op(id))),
    options,
    { clock, onProgress, random: () => 0 },
  );
  return { clock, client, p };
}

describe("a wait stopped by a failure", () => {
  const SPLIT = { batchByParent: false, timeoutMillis: 5000 };

  test("the first group's failure is the one reported, though every group failed", async () => {
    const { clock, p } = start(["a", "b"], SPLIT, (e) => {
      if (e.type === "round") throw new Error(`round of ${e.group}`);
    });
    const outcome = assert.rejects(
      p,
      (e: unknown) => e instanceof Error && e.message === `round of v1/${op("a")}`,
    );
    await clock.runAll(60_000);
    await outcome;
  });

  test("the other groups stop at once", async () => {
    const { clock, client, p } = start(["a", "b"], SPLIT, (e) => {
      if (e.type === "round" && e.group === `v1/${op("a")}`) throw new Error("a's progress failed");
    });
    const outcome = assert.rejects(p, /a's progress failed/);
    await clock.runAll(60_000);
    await outcome;
    assert.deepEqual(
      client.calls.filter((c) => c.endsWith("/b")),
      [`get ${op("b")}`, `cancel ${op("b")}`],
    );
  });

  test("only an abort carries the partial results", async () => {
    const cases: Array<[string, Error, boolean]> = [
      ["an abort", new BeyondCorpError({ code: "ERR_ABORTED", message: "stopped" }), true],
      ["another error of ours", new BeyondCorpError({ code: "ERR_INVALID_INPUT", message: "bad" }), false],
      [
        "another type's error with code ERR_ABORTED",
        Object.assign(new Error("x"), { code: "ERR_ABORTED" }),
        false,
      ],
    ];
    for (const [what, err, partial] of cases) {
      const { clock, p } = start(["a"], SPLIT, (e) => {
        if (e.type === "round") throw err;
      });
      const outcome = assert.rejects(p, (e: unknown) => {
        assert.equal(e, err, what);
        assert.equal("partial" in (e as object), partial, what);
        return true;
      });
      await clock.runAll(60_000);
      await outcome;
    }
  });
});

describe("many listeners on the wait's signal, no MaxListenersExceededWarning", () => {
  async function warnings(run: () => Promise<void>): Promise<string[]> {
    const seen: string[] = [];
    const listener = (w: Error) => void seen.push(w.name);
    process.on("warning", listener);
    try {
      await run();
      await new Promise<void>((r) => setImmediate(r));
    } finally {
      process.off("warning", listener);
    }
    return seen.filter((n) => n === "MaxListenersExceededWarning");
  }

  test("one operation at a time, eight groups asleep at once", async () => {
    const ids = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const seen = await warnings(async () => {
      const { clock, p } = start(ids, { batchByParent: false, concurrency: 1, timeoutMillis: 2000 });
      await clock.runAll(60_000);
      const report = await p;
      assert.equal(report.results.length, 8);
    });
    assert.deepEqual(seen, []);
  });

  test("twelve gets in flight at once for one parent", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `op-${i}`);
    const seen = await warnings(async () => {
      const { clock, client, p } = start(ids, { concurrency: 12, timeoutMillis: 2000 }, undefined, (c) => {
        c.latencyMs = 5;
        c.listErrors.push("PERMISSION_DENIED");
      });
      await clock.runAll(60_000);
      await p;
      assert.equal(client.calls.filter((c) => c.startsWith("get")).length >= 12, true);
    });
    assert.deepEqual(seen, []);
  });
});
