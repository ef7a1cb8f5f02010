#!/usr/bin/env node
/**
 * `pulumi-resource-beyondcorp-ops`: the provider plugin. The engine starts it with its own address
 * as the argument and reads the port we serve on from stdout (`@pulumi/pulumi/provider`'s main).
 */
import { main } from "@pulumi/pulumi/provider";
import { setLogSink } from "../pulumi/log";
import { engineAddressFrom, engineLog } from "./engine-log";
import { packageSchema } from "./schema";
import { createPluginProvider } from "./provider";
import { unsupportedNode } from "./node-version";
import { captureRequests } from "./request-context";
import { packageInfo } from "../core/package-info";

const pkg = packageInfo();
const tooOld = unsupportedNode(pkg.engines?.node ?? "", process.version);
if (tooOld) {
  process.stderr.write(`${tooOld}\n`);
  process.exit(1);
}
const args = process.argv.slice(2);
const lines = engineLog(engineAddressFrom(args));
setLogSink((line) => lines.write(line));
const provider = createPluginProvider(pkg.version, JSON.stringify(packageSchema(pkg)), lines.flush);
captureRequests((vars) => provider.configure(vars));
void main(provider, args);

// The engine starts the plugin as its child. If the engine is killed (SIGKILL, a CI runner's
// timeout), nobody can receive our results any more and the cancels already sent stay in effect;
// the SDK's server would keep serving forever, so the plugin exits when its parent is gone.
const engine = process.ppid;
setInterval(() => {
  if (process.ppid !== engine) process.exit(1);
}, 1000).unref();
