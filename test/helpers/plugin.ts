import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { packTarball } from "../../scripts/installed-package";
import type { TestStack } from "./pulumi";
import { installReleasePlugin, NodeTrap } from "./release";

/**
 * The provider plugin installed exactly as the README tells users: the package from its packed
 * tarball, `npm install -g` (here into a throw-away prefix), which puts
 * `pulumi-resource-beyondcorp-ops` in `<prefix>/bin`. Uses the built dist/ (npm test builds it).
 */
export class InstalledPlugin {
  readonly prefix = mkdtempSync(path.join(tmpdir(), "bcops-plugin-"));
  /** The folder holding `pulumi-resource-beyondcorp-ops`: the README's `plugins.providers[].path`. */
  readonly bin = path.join(this.prefix, "bin");

  constructor() {
    const tarball = packTarball();
    execFileSync(
      "npm",
      [
        "install",
        "-g",
        "--prefix",
        this.prefix,
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        tarball,
      ],
      { cwd: this.prefix, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env } },
    );
  }

  /** The `plugins` block the README shows, for a Pulumi.yaml. */
  pulumiYamlBlock(): string {
    return `plugins:\n  providers:\n    - name: beyondcorp-ops\n      path: ${this.bin}\n`;
  }

  dispose(): void {
    rmSync(this.prefix, { recursive: true, force: true });
  }
}

/**
 * One way a user installs the provider plugin, for tests that run the same trials through each:
 * the npm-installed plugin (above), or the release's single executable.
 */
export interface PluginDoor {
  readonly name: string;
  /** What a program's Pulumi.yaml needs so the engine finds this plugin ("" when none). */
  pulumiYamlBlock(): string;
  /** Ready a stack: install the plugin into its PULUMI_HOME if this door does that. */
  prepare(stack: TestStack): void;
  /** Calls of `node` seen while this door ran, when it must never need one. */
  nodeCalls(): string[];
  dispose(): void;
}

export const npmDoor = (): PluginDoor => {
  const plugin = new InstalledPlugin();
  return {
    name: "npm-installed plugin",
    pulumiYamlBlock: () => plugin.pulumiYamlBlock(),
    prepare: () => undefined,
    nodeCalls: () => [],
    dispose: () => plugin.dispose(),
  };
};

/**
 * The release's linux-amd64 single executable, installed with `pulumi plugin install --file` into
 * each stack's PULUMI_HOME, with a trapped `node` first on the stack's PATH.
 */
export const binaryDoor = (): PluginDoor => {
  const trap = new NodeTrap();
  return {
    name: "single executable",
    pulumiYamlBlock: () => "",
    prepare(stack) {
      installReleasePlugin(stack);
      trap.trap(stack.env);
      trap.assertArmed(stack.env);
    },
    nodeCalls: () => trap.calls(),
    dispose: () => trap.dispose(),
  };
};

/** The plugin's two installed forms, by name, for suites that run through each. */
export const PLUGIN_DOORS: ReadonlyArray<{ name: string; make: () => PluginDoor }> = [
  { name: "npm-installed plugin", make: npmDoor },
  { name: "single executable", make: binaryDoor },
];

/** A provider plugin started as the engine starts it, serving on `port`. */
export interface ServingPlugin {
  child: ChildProcess;
  port: number;
  /** From spawning the plugin to the port it printed: what the engine waits for. */
  startupMs: number;
}

/**
 * Start `cmd args…` with an engine address (one nobody answers: the plugin only dials it to log)
 * and resolve once it prints the port it serves on. The caller kills `child`.
 */
export function servePlugin(cmd: string, args: readonly string[] = []): Promise<ServingPlugin> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, [...args, "127.0.0.1:1"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) resolve({ child, port: Number(m[1]), startupMs: performance.now() - t0 });
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`${cmd} exited ${code} before it served: ${out}`)));
  });
}
