/**
 * The provider plugin's start, on a process and parts given to it (main.ts passes the real ones):
 * refuse a Node older than package.json's `engines`, send log lines to the engine, serve the provider
 * with `@pulumi/pulumi/provider`'s server, and exit when the engine, our parent, is gone.
 */
import { main } from "@pulumi/pulumi/provider";
import type * as pulumiProvider from "@pulumi/pulumi/provider";
import { packageInfo, type PackageInfo } from "../core/package-info";
import { setLogSink } from "../pulumi/log";
import { engineAddressFrom, engineLog, type EngineLog } from "./engine-log";
import { unsupportedNode } from "./node-version";
import { createPluginProvider, type PluginProvider } from "./provider";
import { captureRequests } from "./request-context";
import { packageSchema } from "./schema";

/** What the plugin uses of its process (`process` itself in main.ts). */
export interface PluginProcess {
  readonly argv: readonly string[];
  readonly version: string;
  readonly ppid: number;
  readonly stderr: { write(text: string): unknown };
  exit(code: number): void;
}

/** What the plugin is made of. */
export interface PluginParts {
  readonly pkg: PackageInfo;
  serve(provider: pulumiProvider.Provider, args: string[]): Promise<void>;
  engineLog(address: string | undefined): EngineLog;
  setLogSink(sink: (line: string) => void): void;
  captureRequests(onConfigure: (vars: Record<string, unknown>) => void): void;
  /** Calls `fn` every `ms` (setInterval). */
  every(ms: number, fn: () => void): { unref(): unknown };
}

/** The real parts. */
export function pluginParts(): PluginParts {
  return {
    pkg: packageInfo(),
    serve: main,
    engineLog,
    setLogSink,
    captureRequests,
    every: (ms, fn) => setInterval(fn, ms),
  };
}

/** Starts the plugin; the provider it serves, or undefined when this Node cannot run it. */
export function startPlugin(
  proc: PluginProcess,
  parts: PluginParts = pluginParts(),
): PluginProvider | undefined {
  const { pkg } = parts;
  const tooOld = pkg.engines?.node && unsupportedNode(pkg.engines.node, proc.version);
  if (tooOld) {
    proc.stderr.write(`${tooOld}\n`);
    proc.exit(1);
    return undefined;
  }
  const args = proc.argv.slice(2);
  const lines = parts.engineLog(engineAddressFrom(args));
  parts.setLogSink((line) => lines.write(line));
  const provider = createPluginProvider(pkg.version, JSON.stringify(packageSchema(pkg)), lines.flush);
  parts.captureRequests((vars) => provider.configure(vars));
  void parts.serve(provider, args);

  // The engine starts the plugin as its child. If the engine is killed (SIGKILL, a CI runner's
  // timeout), nobody can receive our results any more and the cancels already sent stay in effect;
  // the SDK's server would keep serving forever, so the plugin exits when its parent is gone.
  const engine = proc.ppid;
  parts
    .every(1000, () => {
      if (proc.ppid !== engine) proc.exit(1);
    })
    .unref();
  return provider;
}
