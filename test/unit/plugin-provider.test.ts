/**
 * The provider plugin's provider object (plugin/provider.ts), driven in process over stand-in hooks:
 * what it adds to the resource's hooks. Secrets arrive revealed and leave sealed (outputs and a
 * partial failure's state); provider config gives the connection defaults; the engine's Cancel aborts
 * every hook's signal; the engine's timeout reaches each hook; log lines are flushed before each
 * reply; a resource type it does not serve is refused.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { BeyondCorpError } from "../../src/core/errors";
import { createPluginProvider, type PluginHooks } from "../../src/plugin/provider";
import { RESOURCE_TOKEN } from "../../src/plugin/schema";
import type { HookContext } from "../../src/pulumi/runtime";
import { served } from "../helpers/fake-grpc";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const sealed = (value: unknown) => ({ [SIG]: SECRET, value });
const URN = `urn:pulumi:dev::proj::${RESOURCE_TOKEN}::guard`;

interface Call {
  hook: string;
  args: unknown[];
  ctx?: HookContext;
}

/** Hooks that record what they were given and answer with `outs` (as given, with plain secrets). */
function fakeHooks(answer: { outs?: Record<string, unknown>; fail?: unknown } = {}) {
  const calls: Call[] = [];
  const events: string[] = [];
  const outs = answer.outs ?? { endpoint: "https://e.example", accessToken: "ya29.out", credentials: "{}" };
  const run = async <T>(
    hook: string,
    args: unknown[],
    ctx: HookContext | undefined,
    value: T,
  ): Promise<T> => {
    calls.push({ hook, args, ...(ctx ? { ctx } : {}) });
    events.push(hook);
    await new Promise((r) => setImmediate(r));
    if (answer.fail) throw answer.fail;
    return value;
  };
  const hooks: PluginHooks = {
    check: (olds, news) =>
      run("check", [olds, news], undefined, {
        inputs: news,
        failures: [{ property: "timeout", reason: "bad" }],
      }),
    diff: (id, olds, news) =>
      run("diff", [id, olds, news], undefined, {
        changes: true,
        replaces: ["x"],
        deleteBeforeReplace: true,
        changed: ["x"],
      }),
    create: (inputs, ctx) => run("create", [inputs], ctx, { id: "canceller-1", outs: outs as never }),
    read: (id, props, ctx) => run("read", [id, props], ctx, { id: `${id}-read`, props: outs as never }),
    update: (id, olds, news, ctx) => run("update", [id, olds, news], ctx, { outs: outs as never }),
    remove: (id, props, ctx) => run("remove", [id, props], ctx, undefined),
  };
  return { hooks, calls, events };
}

function provider(answer?: Parameters<typeof fakeHooks>[0]) {
  const fake = fakeHooks(answer);
  const flush = async () => {
    fake.events.push("flush");
    await new Promise((r) => setImmediate(r));
    fake.events.push("flushed");
  };
  const p = createPluginProvider("1.2.3", '{"name":"x"}', flush, fake.hooks);
  return { p, ...fake };
}

const INPUTS = {
  operations: ["projects/p/locations/global/operations/o"],
  accessToken: sealed("ya29.in"),
  timeout: "5m",
};
const PLAIN_INPUTS = {
  operations: ["projects/p/locations/global/operations/o"],
  accessToken: "ya29.in",
  timeout: "5m",
};
const SEALED_OUTS = {
  endpoint: "https://e.example",
  accessToken: sealed("ya29.out"),
  credentials: sealed("{}"),
};

describe("plugin provider hooks", () => {
  test("version and schema are what the plugin was made with", () => {
    const { p } = provider();
    assert.equal(p.version, "1.2.3");
    assert.equal(p.schema, '{"name":"x"}');
  });
  test("check validates the revealed inputs but hands back the inputs with their secrets", async () => {
    const { p, calls } = provider();
    const r = await p.check!(URN, { accessToken: sealed("old") }, INPUTS);
    assert.equal(r.inputs, INPUTS);
    assert.deepEqual(r.failures, [{ property: "timeout", reason: "bad" }]);
    assert.deepEqual(calls, [{ hook: "check", args: [{ accessToken: "old" }, PLAIN_INPUTS] }]);
  });
  test("diff compares revealed values and never replaces", async () => {
    const { p, calls } = provider();
    const d = await p.diff!("id-1", URN, { accessToken: sealed("old") }, INPUTS);
    assert.deepEqual(d, { changes: true, replaces: [], deleteBeforeReplace: false });
    assert.deepEqual(calls, [{ hook: "diff", args: ["id-1", { accessToken: "old" }, PLAIN_INPUTS] }]);
  });
  test("create gets the revealed inputs; its outputs leave with credentials and accessToken sealed", async () => {
    const { p, calls } = provider();
    const r = await p.create!(URN, INPUTS);
    assert.deepEqual(r, { id: "canceller-1", outs: SEALED_OUTS });
    assert.deepEqual(calls[0]!.args, [PLAIN_INPUTS]);
  });
  test("read gets the id and the revealed state; the id it answers and its sealed props go back", async () => {
    const { p, calls } = provider();
    const r = await p.read!("id-2", URN, { accessToken: sealed("s"), trackedOperations: [] });
    assert.deepEqual(r, { id: "id-2-read", props: SEALED_OUTS });
    assert.deepEqual(calls[0]!.args, ["id-2", { accessToken: "s", trackedOperations: [] }]);
  });
  test("update gets the id, the revealed old state and new inputs; its outputs leave sealed", async () => {
    const { p, calls } = provider();
    const r = await p.update!("id-3", URN, { credentials: sealed("c") }, INPUTS);
    assert.deepEqual(r, { outs: SEALED_OUTS });
    assert.deepEqual(calls[0]!.args, ["id-3", { credentials: "c" }, PLAIN_INPUTS]);
  });
  test("delete gets the id and the revealed state", async () => {
    const { p, calls } = provider();
    assert.equal(await p.delete!("id-4", URN, { accessToken: sealed("s") }), undefined);
    assert.deepEqual(
      calls.map((c) => [c.hook, c.args]),
      [["remove", ["id-4", { accessToken: "s" }]]],
    );
  });
});

describe("plugin provider failures", () => {
  test("a partial update failure keeps the new state with its secrets sealed, as the same error", async () => {
    const fail = Object.assign(new Error("update: 1 of 1 operation(s) ended in a failing outcome"), {
      id: "id-5",
      properties: { accessToken: "ya29.partial", endpoint: "https://e.example" },
    });
    const { p } = provider({ fail });
    const err = await p.update!("id-5", URN, {}, INPUTS).then(
      () => assert.fail("update must fail"),
      (e: unknown) => e,
    );
    assert.equal(err, fail);
    assert.deepEqual(fail.properties, { accessToken: sealed("ya29.partial"), endpoint: "https://e.example" });
  });
  test("an update failure without state stays without state", async () => {
    const fail = new BeyondCorpError({ code: "ERR_API", message: "boom" });
    const { p } = provider({ fail });
    await assert.rejects(p.update!("id-6", URN, {}, INPUTS), (e) => e === fail);
    assert.ok(!("properties" in fail));
  });
  test("a resource type it does not serve is refused with ERR_INVALID_INPUT, naming it, before any hook", async () => {
    const { p, calls, events } = provider();
    for (const [urn, named] of [
      ["urn:pulumi:dev::proj::other:index:Thing::x", "other:index:Thing"],
      ["urn:pulumi:dev::proj::my:index:Parent$other:index:Thing::x", "other:index:Thing"],
      ["not-a-urn", "not-a-urn"],
    ] as const) {
      await assert.rejects(p.create!(urn, {}), (e: unknown) => {
        assert.ok(BeyondCorpError.is(e), urn);
        assert.equal(e.code, "ERR_INVALID_INPUT");
        assert.equal(
          e.message,
          `unknown resource type ${named}: this provider serves beyondcorp-ops:index:OperationCanceller`,
        );
        return true;
      });
    }
    assert.deepEqual(calls, []);
    assert.deepEqual(events, ["flush", "flushed", "flush", "flushed", "flush", "flushed"]);
  });
  test("a component parent in the URN's type chain is fine: the last type is the resource's", async () => {
    const { p } = provider();
    const r = await p.create!(`urn:pulumi:dev::proj::my:index:Parent$${RESOURCE_TOKEN}::guard`, INPUTS);
    assert.equal(r.id, "canceller-1");
  });
});

describe("plugin provider log lines", () => {
  test("every hook's lines are flushed before its reply", async () => {
    const { p, events } = provider();
    await p.check!(URN, {}, {});
    await p.diff!("i", URN, {}, {});
    await p.create!(URN, {});
    await p.read!("i", URN, {});
    await p.update!("i", URN, {}, {});
    await p.delete!("i", URN, {});
    assert.deepEqual(
      events,
      ["check", "diff", "create", "read", "update", "remove"].flatMap((h) => [h, "flush", "flushed"]),
    );
  });
  test("and before a failure's reply", async () => {
    const { p, events } = provider({ fail: new Error("boom") });
    await assert.rejects(p.delete!("i", URN, {}), /boom/);
    assert.deepEqual(events, ["remove", "flush", "flushed"]);
  });
  test("with the default flush, a hook still answers", async () => {
    const fake = fakeHooks();
    const p = createPluginProvider("1.0.0", "{}", undefined, fake.hooks);
    assert.equal((await p.create!(URN, {})).id, "canceller-1");
  });
});

describe("plugin provider context", () => {
  test("provider config gives the connection defaults: non-empty strings, revealed, connection options only", async () => {
    const { p, calls } = provider();
    p.configure({
      endpoint: "https://config.example",
      accessToken: sealed("ya29.config"),
      credentials: "",
      quotaProject: 7,
      apiVersion: "v1alpha",
      timeout: "1m",
      unknown: "x",
    });
    await p.create!(URN, {});
    assert.deepEqual(calls[0]!.ctx!.stack, {
      endpoint: "https://config.example",
      accessToken: "ya29.config",
      apiVersion: "v1alpha",
    });
  });
  test("a later Configure replaces the defaults; before any, there are none", async () => {
    const { p, calls } = provider();
    await p.delete!("i", URN, {});
    p.configure({ endpoint: "https://one.example", quotaProject: "p-1" });
    p.configure({ quotaProject: "p-2" });
    await p.delete!("i", URN, {});
    assert.deepEqual(
      calls.map((c) => c.ctx!.stack),
      [{}, { quotaProject: "p-2" }],
    );
  });
  test("the engine's timeout of the request being served reaches create, read, update and delete", async () => {
    const { p, calls } = provider();
    const request = { getTimeout: () => 90, getUrn: () => URN };
    await served(request, () => p.create!(URN, {}));
    await served(request, () => p.read!("i", URN, {}));
    await served(request, () => p.update!("i", URN, {}, {}));
    await served(request, () => p.delete!("i", URN, {}));
    assert.deepEqual(
      calls.map((c) => c.ctx!.timeoutMillis),
      [90_000, 90_000, 90_000, 90_000],
    );
  });
  test("without a timeout the context has none at all", async () => {
    const { p, calls } = provider();
    await p.create!(URN, {});
    await served({ getUrn: () => URN }, () => p.delete!("i", URN, {}));
    for (const c of calls) assert.deepEqual(Object.keys(c.ctx!).sort(), ["signal", "stack"]);
  });
  test("the engine's Cancel aborts the one signal every hook gets, for the rest of the process", async () => {
    const { p, calls } = provider();
    await p.create!(URN, {});
    const signal = calls[0]!.ctx!.signal!;
    assert.equal(signal.aborted, false);
    await p.cancel!();
    await p.update!("i", URN, {}, {});
    assert.equal(calls[1]!.ctx!.signal, signal);
    assert.equal(signal.aborted, true);
    const reason = signal.reason as BeyondCorpError;
    assert.ok(BeyondCorpError.is(reason));
    assert.equal(reason.code, "ERR_ABORTED");
    assert.equal(reason.message, "cancelled by the engine (Ctrl-C or a signal)");
  });
});
