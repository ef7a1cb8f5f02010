/**
 * A stand-in for the gRPC server on which `@pulumi/pulumi/provider`'s server registers its handlers,
 * for the plugin's unit tests: `captureRequests` wraps its `addService` as it wraps grpc-js's, and a
 * test calls the registered (wrapped) handlers in process, as the server would for a request.
 */
import { captureRequests } from "../../src/plugin/request-context";

export type Callback = (...args: unknown[]) => void;
export type Handler = (call: { request: unknown }, cb: Callback) => unknown;

export interface FakeGrpc {
  grpc: { Server: new () => { addService(service: object, impl: object): void } };
  /** Every addService call, in order, with the implementation as the server received it. */
  registered: Array<{ service: object; impl: Record<string, Handler> }>;
}

export function fakeGrpc(): FakeGrpc {
  const registered: FakeGrpc["registered"] = [];
  class Server {
    addService(service: object, impl: object): void {
      registered.push({ service, impl: impl as Record<string, Handler> });
    }
  }
  return { grpc: { Server }, registered };
}

/** What a resource request carries that the plugin reads: the engine's timeout and the URN. */
export interface FakeResourceRequest {
  getTimeout?: () => number;
  getUrn?: () => string;
}

/**
 * Runs `fn` as the SDK's handler of one resource request (`create`), inside the scope
 * `captureRequests` gives it, and returns what `fn` returns.
 */
export function served<T>(request: FakeResourceRequest, fn: () => T): T {
  const { grpc, registered } = fakeGrpc();
  const service = {};
  captureRequests(() => undefined, grpc, service);
  new grpc.Server().addService(service, { create: (call: { fn: () => T }) => call.fn() });
  return registered[0]!.impl["create"]!({ request, fn } as { request: unknown }, () => undefined) as T;
}
