/**
 * Lines to the Pulumi UI from the provider plugin. The engine shows a resource plugin's stdout only
 * at debug level, so each line goes to the engine's Log service instead, under the URN of the
 * resource being served. Lines are sent one after another, in order; `flush` waits for them.
 */
import { pulumiGrpc } from "./pulumi-grpc";
import { requestUrn } from "./request-context";

export interface EngineLog {
  write(line: string): void;
  flush(): Promise<void>;
}

/** The engine's Log service, as the SDK's generated EngineClient calls it. */
export interface EngineLogService {
  log(req: unknown, callback: (err: Error | null) => void): void;
}

/** A client of the engine's Log service at `address` (the SDK's EngineClient, no TLS: loopback). */
export function engineClient(address: string): EngineLogService {
  const { EngineClient } = require("@pulumi/pulumi/proto/engine_grpc_pb");
  return new EngineClient(address, pulumiGrpc().credentials.createInsecure());
}

export function engineLog(
  engineAddress: string | undefined,
  connect: (address: string) => EngineLogService = engineClient,
): EngineLog {
  if (!engineAddress) return { write: (line) => console.log(line), flush: async () => undefined };
  const { LogRequest, LogSeverity } = require("@pulumi/pulumi/proto/engine_pb");
  const client = connect(engineAddress);
  let tail: Promise<void> = Promise.resolve();
  return {
    write(line) {
      const req = new LogRequest();
      req.setSeverity(LogSeverity.INFO);
      req.setMessage(line);
      req.setUrn(requestUrn() ?? "");
      tail = tail.then(
        () =>
          new Promise<void>((resolve) => {
            // A lost line must never fail the operation: log it locally instead.
            client.log(req, (err: Error | null) => {
              if (err) console.error(`${line} (engine log: ${err.message})`);
              resolve();
            });
          }),
      );
    },
    flush: () => tail,
  };
}

/** The engine's address among the plugin's arguments, skipped flags as the SDK's server skips them. */
export function engineAddressFrom(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--tracing") i++;
    else if (a !== "--logtostderr" && !a.startsWith("-v=")) return a;
  }
  return undefined;
}
