/**
 * What the engine sends with a request that `@pulumi/pulumi/provider`'s server does not pass on to
 * the provider object (checked against @pulumi/pulumi 3.270, provider/server.js):
 * - the per-operation timeout of Create, Update and Delete (`customTimeouts`), in seconds;
 * - Configure's variables (the server answers Configure itself and drops them).
 *
 * The server is not exported, so we wrap its service implementation where it is registered: the
 * gRPC server's `addService`, for the ResourceProviderService only. Each wrapped handler runs the
 * SDK's own handler inside an AsyncLocalStorage scope holding the request, so the provider object
 * reads the timeout of the very call it serves. Everything else stays the SDK's.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { pulumiGrpc, type PulumiGrpc } from "./pulumi-grpc";

interface ResourceRequest {
  getTimeout?: () => number;
  getUrn?: () => string;
}
interface ConfigureRequest {
  getVariablesMap?: () => { toObject(): Array<[string, string]> };
  getArgs?: () => { toJavaScript(): Record<string, unknown> } | undefined;
}
type Handler = (call: { request: unknown }, callback: (...args: unknown[]) => void) => unknown;

const scope = new AsyncLocalStorage<{ timeoutSeconds: number; urn: string }>();

/** The URN of the resource the call being served is about, so its log lines land under it. */
export function requestUrn(): string | undefined {
  return scope.getStore()?.urn;
}

/** The engine's timeout for the call being served, in milliseconds; undefined when none was set. */
export function requestTimeoutMillis(): number | undefined {
  const s = scope.getStore()?.timeoutSeconds ?? 0;
  return s > 0 ? Math.round(s * 1000) : undefined;
}

/** The SDK's ResourceProviderService definition, the one service whose handlers are wrapped. */
export function resourceProviderService(): object {
  return (require("@pulumi/pulumi/proto/provider_grpc_pb") as { ResourceProviderService: object })
    .ResourceProviderService;
}

/**
 * Install the wrapper before `main()` starts the server. `onConfigure` receives Configure's
 * variables, keyed without the package prefix (`endpoint`, not `beyondcorp-ops:config:endpoint`).
 * `grpc` and `ResourceProviderService` are the SDK's own; tests pass stand-ins.
 */
export function captureRequests(
  onConfigure: (vars: Record<string, unknown>) => void,
  grpc: Pick<PulumiGrpc, "Server"> = pulumiGrpc(),
  ResourceProviderService: object = resourceProviderService(),
): void {
  const proto = grpc.Server.prototype;
  const original = proto.addService;
  if ((original as { wrapped?: boolean }).wrapped) return;
  const addService = function (this: unknown, service: object, impl: object) {
    if (service !== ResourceProviderService) return original.call(this, service, impl);
    const handlers = impl as Record<PropertyKey, Handler>;
    const scoped = (name: PropertyKey): Handler => {
      const fn = handlers[name]!;
      return (call, cb) => {
        const req = call.request as ResourceRequest;
        return scope.run({ timeoutSeconds: req.getTimeout?.() ?? 0, urn: req.getUrn?.() ?? "" }, () =>
          fn.call(impl, call, cb),
        );
      };
    };
    const configure: Handler = (call, cb) => {
      onConfigure(configureVariables(call.request as ConfigureRequest));
      return handlers["configure"]!.call(impl, call, cb);
    };
    const wrapped = new Proxy(impl, {
      get(target, key, receiver) {
        if (SCOPED.has(key)) return scoped(key);
        if (key === "configure") return configure;
        return Reflect.get(target, key, receiver);
      },
    });
    return original.call(this, service, wrapped);
  };
  proto.addService = Object.assign(addService, { wrapped: true });
}

const SCOPED: ReadonlySet<PropertyKey> = new Set(["check", "diff", "create", "read", "update", "delete"]);

function configureVariables(req: ConfigureRequest): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const [k, v] of req.getVariablesMap?.().toObject() ?? []) vars[k.slice(k.lastIndexOf(":") + 1)] = v;
  // Newer engines also send the config as typed args; they win where both are present.
  Object.assign(vars, req.getArgs?.()?.toJavaScript() ?? {});
  return vars;
}
