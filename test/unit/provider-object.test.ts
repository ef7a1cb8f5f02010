/**
 * The provider object serialized into state (pulumi/provider.ts), driven in process with the module
 * loader intercepted: which runtime it loads (the package's, else the one it was built beside),
 * what each method hands the runtime, and what a user reads when no runtime can be loaded.
 */
import { afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import Module from "node:module";
import * as path from "node:path";
import { createProvider } from "../../src/pulumi/provider";

const PACKAGE = "beyondcorp-ops/provider-runtime";
const FALLBACK = path.join(path.dirname(require.resolve("../../src/pulumi/provider")), "runtime.js");

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const M = Module as unknown as { _load: Loader };
const realLoad = M._load;
afterEach(() => {
  M._load = realLoad;
});

/** Answer the provider's two requires; everything else loads as usual. Returns the requests seen. */
function intercept(answers: { pkg: () => unknown; fallback?: () => unknown }): string[] {
  const seen: string[] = [];
  M._load = function (this: unknown, request, parent, isMain) {
    if (request === PACKAGE || request.endsWith(`${path.sep}pulumi`) || request === FALLBACK) {
      seen.push(request);
      if (request === PACKAGE) return answers.pkg();
      if (request === FALLBACK && answers.fallback) return answers.fallback();
      throw new Error(`unexpected require ${request}`);
    }
    return realLoad.call(this, request, parent, isMain);
  } as Loader;
  return seen;
}

const notFound = (what: string) =>
  Object.assign(new Error(`Cannot find module '${what}'\nRequire stack:\n- /x/provider.js`), {
    code: "MODULE_NOT_FOUND",
  });

/** A runtime that records each call. */
function fakeRuntime(tag: string) {
  const calls: Array<[string, ...unknown[]]> = [];
  const runtime = {
    stackConfig: (get: (k: string) => string | undefined) => {
      calls.push(["stackConfig"]);
      return { accessToken: get("gcp:accessToken"), tag };
    },
    check: async (...a: unknown[]) => (calls.push(["check", ...a]), { inputs: a[1], failures: [], tag }),
    diff: async (...a: unknown[]) => (
      calls.push(["diff", ...a]),
      { changes: true, replaces: ["x"], deleteBeforeReplace: true, changed: ["endpoint"] }
    ),
    create: async (...a: unknown[]) => (calls.push(["create", ...a]), { id: "c-1", outs: { tag } }),
    read: async (...a: unknown[]) => (calls.push(["read", ...a]), { id: "c-1", props: { tag } }),
    update: async (...a: unknown[]) => (calls.push(["update", ...a]), { outs: { tag } }),
    remove: async (...a: unknown[]) => void calls.push(["remove", ...a]),
  };
  return { runtime, calls };
}

describe("which runtime the provider object loads", () => {
  test("the installed package's, and only that, when the program has it", async () => {
    const pkg = fakeRuntime("package");
    const seen = intercept({ pkg: () => pkg.runtime, fallback: () => assert.fail("fallback loaded") });
    const out = await createProvider().check!({}, { operations: ["x"] });
    assert.deepEqual(out, { inputs: { operations: ["x"] }, failures: [], tag: "package" });
    assert.deepEqual(seen, [PACKAGE]);
  });

  test("the runtime beside the provider it was built from, when the package is not installed", async () => {
    const near = fakeRuntime("beside");
    const seen = intercept({
      pkg: () => {
        throw notFound(PACKAGE);
      },
      fallback: () => near.runtime,
    });
    const out = await createProvider().check!({}, {});
    assert.equal((out as { tag?: string }).tag, "beside");
    assert.deepEqual(seen, [PACKAGE, FALLBACK]);
  });

  test("a package that is there but broken fails as it is, without falling back", async () => {
    for (const broken of [
      notFound("undici"),
      new Error("beyondcorp-ops/provider-runtime: SyntaxError in runtime.js"),
      Object.assign(new Error("EACCES beyondcorp-ops"), { code: "EACCES" }),
    ]) {
      const seen = intercept({
        pkg: () => {
          throw broken;
        },
        fallback: () => assert.fail("fallback loaded"),
      });
      const err = await createProvider().check!({}, {}).then(
        () => assert.fail("check succeeded"),
        (e: unknown) => e,
      );
      assert.equal(err, broken);
      assert.deepEqual(seen, [PACKAGE]);
    }
  });

  test("neither one: the error names the package and the fix, keeping the loader's error as cause", async () => {
    const gone = notFound(FALLBACK);
    intercept({
      pkg: () => {
        throw notFound(PACKAGE);
      },
      fallback: () => {
        throw gone;
      },
    });
    const err = (await createProvider().check!({}, {}).then(
      () => assert.fail("check succeeded"),
      (e: unknown) => e,
    )) as Error;
    assert.equal(
      err.message,
      "beyondcorp-ops is not installed where this stack's program runs, so the OperationCanceller in its state cannot be refreshed, updated or destroyed. Install it in the program's folder (npm install beyondcorp-ops) and run the command again.",
    );
    assert.equal(err.cause, gone);
  });

  test("a fallback that is there but broken fails as it is", async () => {
    const broken = notFound("undici");
    intercept({
      pkg: () => {
        throw notFound(PACKAGE);
      },
      fallback: () => {
        throw broken;
      },
    });
    const err = await createProvider().check!({}, {}).then(
      () => assert.fail("check succeeded"),
      (e: unknown) => e,
    );
    assert.equal(err, broken);
  });
});

describe("what each method hands the runtime", () => {
  test("before configure: no stack layer; after: the stack's, read through the engine's config", async () => {
    const pkg = fakeRuntime("package");
    intercept({ pkg: () => pkg.runtime });
    const provider = createProvider();
    const inputs = { operations: ["x"] };
    assert.deepEqual(await provider.create!(inputs), { id: "c-1", outs: { tag: "package" } });
    assert.deepEqual(pkg.calls.pop(), ["create", inputs, {}]);

    const config = new Map([["gcp:accessToken", "from-stack"]]);
    await provider.configure!({ config: { get: (k: string) => config.get(k) } } as never);
    const stack = { accessToken: "from-stack", tag: "package" };
    assert.deepEqual(pkg.calls.pop(), ["stackConfig"]);

    const props = { trackedOperations: [] };
    await provider.create!(inputs);
    assert.deepEqual(pkg.calls.pop(), ["create", inputs, { stack }]);
    assert.deepEqual(await provider.read!("c-1", props), { id: "c-1", props: { tag: "package" } });
    assert.deepEqual(pkg.calls.pop(), ["read", "c-1", props, { stack }]);
    assert.deepEqual(await provider.update!("c-1", props, inputs), { outs: { tag: "package" } });
    assert.deepEqual(pkg.calls.pop(), ["update", "c-1", props, inputs, { stack }]);
    await provider.delete!("c-1", props);
    assert.deepEqual(pkg.calls.pop(), ["remove", "c-1", props, { stack }]);
  });

  test("diff answers the engine's three fields only", async () => {
    const pkg = fakeRuntime("package");
    intercept({ pkg: () => pkg.runtime });
    const out = await createProvider().diff!("c-1", { a: 1 }, { a: 2 });
    assert.deepEqual(out, { changes: true, replaces: ["x"], deleteBeforeReplace: true });
    assert.deepEqual(pkg.calls, [["diff", "c-1", { a: 1 }, { a: 2 }]]);
  });
});
