/**
 * A watch's resolution (wait/watch.ts) beyond the common cases of watch-resolve.test.ts: which
 * answers count as the server refusing the filter, the exact reason a `watch` event gives, errors
 * that are not reported (an abort, another type's error), names kept in the parent's API version,
 * and the target and filter checks' exact messages.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { BeyondCorpError } from "../../src/core/errors";
import { RPC_CODES, type RpcStatusName } from "../../src/core/rpc-codes";
import type { OperationsClient } from "../../src/client/operations-client";
import { parseLocationName, versionedName } from "../../src/lro/names";
import type { ProgressEvent } from "../../src/wait/progress";
import { checkTarget, checkWatchFilter, resolveWatch } from "../../src/wait/watch";
import { ScriptedClient } from "../helpers/round-context";
import { FakeClock } from "../helpers/fake-clock";

const P = "projects/my-project/locations/global";
const GW = `${P}/securityGateways/gw`;
const op = (id: string) => `${P}/operations/${id}`;
const parent = parseLocationName(P);

const apiErr = (status: RpcStatusName, message: string = status) =>
  new BeyondCorpError({ code: "ERR_API", status, httpStatus: RPC_CODES[status].http, message, path: P });

function world() {
  const clock = new FakeClock(0);
  const fake = new ScriptedClient(clock);
  fake.add(op("a"), { target: GW });
  fake.add(op("b"), { target: GW.replace("my-project", "123456789012") });
  fake.add(op("other"), { target: `${P}/securityGateways/other` });
  const events: ProgressEvent[] = [];
  return {
    fake,
    client: fake.asClient(),
    events,
    deps: { onProgress: (e: ProgressEvent) => void events.push(e) },
  };
}
const ids = (ns: Array<{ operation: string }>) => ns.map((n) => n.operation).sort();

describe("resolveWatch: refusals, reasons and failures", () => {
  test("UNIMPLEMENTED is a refusal too: listed again without the filter", async () => {
    const w = world();
    w.fake.listErrors.push("UNIMPLEMENTED");
    const found = await resolveWatch(w.client, { parent, targets: [GW] }, {}, w.deps);
    assert.deepEqual(ids(found), ["a", "b"]);
    assert.deepEqual(w.fake.listFilters, ["done=false", ""]);
    assert.deepEqual(w.events, [
      {
        type: "watch",
        parent: P,
        listing: "refused",
        listed: 3,
        outside: 0,
        matched: 2,
        otherForm: 1,
        reason: "UNIMPLEMENTED: UNIMPLEMENTED",
      },
    ]);
  });

  test("a reason that already starts with its status is not prefixed twice", async () => {
    const w = world();
    w.fake.listThrows.push(apiErr("INVALID_ARGUMENT", "INVALID_ARGUMENT: filter is not supported"));
    await resolveWatch(w.client, { parent }, {}, w.deps);
    assert.equal((w.events[0] as { reason?: string }).reason, "INVALID_ARGUMENT: filter is not supported");
  });

  test("a status only at the end of the message is still prefixed", async () => {
    const w = world();
    w.fake.listThrows.push(apiErr("INVALID_ARGUMENT", "bad filter: INVALID_ARGUMENT: "));
    await resolveWatch(w.client, { parent }, {}, w.deps);
    assert.equal(
      (w.events[0] as { reason?: string }).reason,
      "INVALID_ARGUMENT: bad filter: INVALID_ARGUMENT: ",
    );
  });

  test("a failed list is said in full, and the error goes on", async () => {
    const w = world();
    w.fake.listErrors.push("PERMISSION_DENIED");
    await assert.rejects(
      resolveWatch(w.client, { parent }, {}, w.deps),
      (e: unknown) => BeyondCorpError.is(e) && e.status === "PERMISSION_DENIED",
    );
    assert.deepEqual(w.events, [
      {
        type: "watch",
        parent: P,
        listing: "failed",
        listed: 0,
        outside: 0,
        matched: 0,
        otherForm: 0,
        reason: "PERMISSION_DENIED: PERMISSION_DENIED",
      },
    ]);
  });

  test("a malformed reply with status INVALID_ARGUMENT is a failure, not a refusal", async () => {
    const w = world();
    const bad = new BeyondCorpError({
      code: "ERR_BAD_RESPONSE",
      httpStatus: 400,
      message: "malformed JSON",
      path: P,
    });
    w.fake.listThrows.push(bad);
    await assert.rejects(resolveWatch(w.client, { parent }, {}, w.deps), (e: unknown) => e === bad);
    assert.deepEqual(w.fake.calls, ["list! done=false"]);
    assert.equal((w.events[0] as { listing?: string }).listing, "failed");
  });

  test("another type's error carrying ERR_API and INVALID_ARGUMENT: passed on, not said, not a refusal", async () => {
    const w = world();
    const foreign = Object.assign(new Error("not ours"), { code: "ERR_API", status: "INVALID_ARGUMENT" });
    w.fake.listThrows.push(foreign);
    await assert.rejects(resolveWatch(w.client, { parent }, {}, w.deps), (e: unknown) => e === foreign);
    assert.deepEqual(w.fake.calls, ["list! done=false"]);
    assert.deepEqual(w.events, []);
  });

  test("an abort is passed on and not said", async () => {
    const w = world();
    const abort = new BeyondCorpError({ code: "ERR_ABORTED", message: "aborted" });
    w.fake.listThrows.push(abort);
    await assert.rejects(resolveWatch(w.client, { parent }, {}, w.deps), (e: unknown) => e === abort);
    assert.deepEqual(w.events, []);
  });

  test("without a progress callback: resolved, and failures are the API's own errors", async () => {
    const w = world();
    assert.deepEqual(ids(await resolveWatch(w.client, { parent, targets: [GW] })), ["a", "b"]);
    w.fake.listErrors.push("PERMISSION_DENIED");
    await assert.rejects(
      resolveWatch(w.client, { parent }),
      (e: unknown) => BeyondCorpError.is(e) && e.status === "PERMISSION_DENIED",
    );
  });
});

describe("resolveWatch: what a watch keeps", () => {
  test("an operation on any one of several targets, in either project form", async () => {
    const w = world();
    const found = await resolveWatch(
      w.client,
      { parent, targets: [`${P}/securityGateways/x`, GW] },
      {},
      w.deps,
    );
    assert.deepEqual(ids(found), ["a", "b"]);
    assert.equal((w.events[0] as { otherForm?: number }).otherForm, 1);
  });

  test("names come back in the parent's API version", async () => {
    const w = world();
    const alpha = parseLocationName(`v1alpha/${P}`);
    const found = await resolveWatch(w.client, { parent: alpha, targets: [GW] });
    assert.deepEqual(found.map(versionedName).sort(), [`v1alpha/${op("a")}`, `v1alpha/${op("b")}`]);
  });

  test("a listed operation with a malformed name is refused, naming operation.name", async () => {
    const client = {
      listAll: async () => ({
        operations: [{ name: `${P}/operations/bad name`, done: false, hasResponse: false }],
        pages: 1,
      }),
    } as unknown as OperationsClient;
    await assert.rejects(
      resolveWatch(client, { parent }),
      (e: unknown) => BeyondCorpError.is(e) && e.code === "ERR_INVALID_INPUT" && e.field === "operation.name",
    );
  });
});

describe("the checks of a watch's targets and filter", () => {
  const RULE = "must be a resource name of letters, digits and . _ ~ / : @ - (1-1024 characters)";

  test("a target that is not a string, or not a resource name: the exact message", () => {
    for (const [value, shown] of [
      [42, '"42"'],
      ["a b", '"a b"'],
      ["", '""'],
    ] as const) {
      assert.throws(
        () => checkTarget(value),
        (e: unknown) =>
          BeyondCorpError.is(e) && e.field === "targets" && e.message === `targets: ${RULE} (got ${shown})`,
      );
    }
    assert.throws(
      () => checkTarget("a b", "watches[1].targets[0]"),
      (e: unknown) => BeyondCorpError.is(e) && e.field === "watches[1].targets[0]",
    );
    assert.equal(checkTarget(GW), GW);
  });

  test("a watch filter: returned as given when it can be checked, else refused on 'filter'", () => {
    assert.equal(checkWatchFilter(' verb="update" '), ' verb="update" ');
    assert.throws(
      () => checkWatchFilter("done=maybe"),
      (e: unknown) =>
        BeyondCorpError.is(e) &&
        e.field === "filter" &&
        e.message === `filter: compares 'done' with 'maybe'; use true or false (got "done=maybe")`,
    );
  });
});
