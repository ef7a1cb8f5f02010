/**
 * What the engine sends that the SDK's provider server drops (plugin/request-context.ts): the
 * per-operation timeout and the URN of each resource request, and Configure's variables. The wrapper
 * is installed on a stand-in gRPC server and its handlers are called in process, as the SDK's server
 * calls them for a request.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  captureRequests,
  requestTimeoutMillis,
  requestUrn,
  resourceProviderService,
} from "../../src/plugin/request-context";
import { fakeGrpc, served, type Callback, type Handler } from "../helpers/fake-grpc";

const URN = "urn:pulumi:dev::proj::beyondcorp-ops:index:OperationCanceller::guard";
const HANDLERS = ["check", "diff", "create", "read", "update", "delete"] as const;

/** A wrapped ResourceProviderService whose handlers report the scope they ran in. */
function wrappedService(onConfigure: (vars: Record<string, unknown>) => void = () => undefined) {
  const { grpc, registered } = fakeGrpc();
  const service = { name: "ResourceProviderService" };
  captureRequests(onConfigure, grpc, service);
  const seen: Array<{ handler: string; timeoutMillis?: number; urn?: string; self: unknown }> = [];
  const impl: Record<string, unknown> = {
    getSchema: () => "schema",
    configure(this: unknown, _call: unknown, cb: Callback) {
      seen.push({ handler: "configure", self: this });
      cb(null, "configured");
      return "configure's return";
    },
  };
  for (const h of HANDLERS)
    impl[h] = function (this: unknown, _call: unknown, cb: Callback) {
      seen.push({ handler: h, timeoutMillis: requestTimeoutMillis(), urn: requestUrn(), self: this });
      cb(null, `${h} reply`);
      return `${h}'s return`;
    };
  new grpc.Server().addService(service, impl);
  return { impl, wrapped: registered[0]!.impl, seen, grpc, registered, service };
}

describe("resource requests", () => {
  test("every resource handler runs with its request's timeout (ms) and URN, on the SDK's object", () => {
    const { impl, wrapped, seen } = wrappedService();
    const request = { getTimeout: () => 90, getUrn: () => URN };
    for (const h of HANDLERS) {
      const replies: unknown[] = [];
      const returned = wrapped[h]!({ request }, (...args) => replies.push(args));
      assert.equal(returned, `${h}'s return`, h);
      assert.deepEqual(replies, [[null, `${h} reply`]], h);
    }
    assert.deepEqual(
      seen,
      HANDLERS.map((handler) => ({ handler, timeoutMillis: 90_000, urn: URN, self: impl })),
    );
  });
  test("outside a request, and after it, there is no timeout and no URN", async () => {
    assert.equal(requestTimeoutMillis(), undefined);
    assert.equal(requestUrn(), undefined);
    await served({ getTimeout: () => 5, getUrn: () => URN }, async () => undefined);
    assert.equal(requestTimeoutMillis(), undefined);
    assert.equal(requestUrn(), undefined);
  });
  test("the scope follows the handler's own awaits", async () => {
    const inside = await served({ getTimeout: () => 2.5, getUrn: () => URN }, async () => {
      await new Promise((r) => setImmediate(r));
      return [requestTimeoutMillis(), requestUrn()];
    });
    assert.deepEqual(inside, [2500, URN]);
  });
  test("a request without a timeout (check, diff) has none; 0 means none; fractions round to ms", () => {
    assert.equal(
      served({}, () => requestTimeoutMillis()),
      undefined,
    );
    assert.equal(
      served({ getTimeout: () => 0 }, () => requestTimeoutMillis()),
      undefined,
    );
    assert.equal(
      served({ getTimeout: () => 0.0016 }, () => requestTimeoutMillis()),
      2,
    );
    assert.equal(
      served({ getTimeout: () => 1200 }, () => requestTimeoutMillis()),
      1_200_000,
    );
  });
  test("a request without a URN has an empty one", () => {
    assert.equal(
      served({ getTimeout: () => 1 }, () => requestUrn()),
      "",
    );
  });
  test("every other property of the SDK's implementation is its own", () => {
    const { impl, wrapped } = wrappedService();
    assert.equal(wrapped["getSchema"], impl["getSchema"]);
    const sym = Symbol("x");
    impl[sym as unknown as string] = "symbol value";
    assert.equal((wrapped as Record<symbol, unknown>)[sym], "symbol value");
    assert.equal(wrapped["nothing"], undefined);
  });
  test("other services are registered as they are", () => {
    const { grpc, registered } = wrappedService();
    const other = {};
    const impl = { create: () => "x" };
    new grpc.Server().addService(other, impl);
    assert.equal(registered[1]!.service, other);
    assert.equal(registered[1]!.impl, impl);
  });
  test("installing twice wraps once: the first onConfigure alone receives the variables", () => {
    const { grpc, registered } = fakeGrpc();
    const service = {};
    const calls: string[] = [];
    captureRequests(() => void calls.push("first"), grpc, service);
    const once = grpc.Server.prototype.addService;
    captureRequests(() => void calls.push("second"), grpc, service);
    assert.equal(grpc.Server.prototype.addService, once);
    new grpc.Server().addService(service, { configure: (_c: unknown, cb: Callback) => cb(null) });
    registered[0]!.impl["configure"]!({ request: {} }, () => undefined);
    assert.deepEqual(calls, ["first"]);
  });
  test("the real ResourceProviderService is the SDK's, with its Create method", () => {
    const service = resourceProviderService() as Record<string, { path: string }>;
    assert.equal(service["create"]!.path, "/pulumirpc.ResourceProvider/Create");
  });
});

describe("Configure", () => {
  const configure = (request: unknown) => {
    const got: Array<Record<string, unknown>> = [];
    const { wrapped, seen, impl } = wrappedService((vars) => got.push(vars));
    const replies: unknown[] = [];
    const returned = (wrapped["configure"] as Handler)({ request }, (...args) => replies.push(args));
    assert.equal(returned, "configure's return");
    assert.deepEqual(replies, [[null, "configured"]], "the SDK still answers Configure");
    assert.deepEqual(seen, [{ handler: "configure", self: impl }]);
    return got;
  };
  test("the variables reach onConfigure keyed without the package prefix", () => {
    const request = {
      getVariablesMap: () => ({
        toObject: () => [
          ["beyondcorp-ops:config:endpoint", "https://e.example"],
          ["quotaProject", "p-1"],
        ],
      }),
    };
    assert.deepEqual(configure(request), [{ endpoint: "https://e.example", quotaProject: "p-1" }]);
  });
  test("typed args, where a newer engine sends them, win over the variables", () => {
    const request = {
      getVariablesMap: () => ({
        toObject: () => [
          ["beyondcorp-ops:config:endpoint", "https://old.example"],
          ["beyondcorp-ops:config:quotaProject", "p-1"],
        ],
      }),
      getArgs: () => ({ toJavaScript: () => ({ endpoint: "https://new.example" }) }),
    };
    assert.deepEqual(configure(request), [{ endpoint: "https://new.example", quotaProject: "p-1" }]);
  });
  test("a request without variables or args gives no variables", () => {
    assert.deepEqual(configure({}), [{}]);
    assert.deepEqual(configure({ getArgs: () => undefined }), [{}]);
    assert.deepEqual(configure({ getArgs: () => ({ toJavaScript: () => ({ endpoint: "e" }) }) }), [
      { endpoint: "e" },
    ]);
  });
});
