/**
 * The provider plugin's installed forms, measured side by side in one run (issue 21): each release
 * executable (a Node single executable, no Node needed) against the npm-installed plugin (the
 * package's `pulumi-resource-beyondcorp-ops` bin, run by `node`). Startup is what the engine waits
 * for: from spawning the plugin to the port it prints, over several alternating trials. Sizes are
 * what a user downloads and what lands on disk.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { installedRoot } from "../scripts/installed-package";
import { pluginBinaryName, pluginTarballName, shippedTargets } from "../scripts/release/targets";
import { servePlugin } from "../test/helpers/plugin";
import { releaseDir, RELEASE_VERSION } from "../test/helpers/release";

export interface PluginForm {
  name: string;
  /** What the user downloads (a tarball), in bytes. */
  downloadBytes: number;
  /** What lands on disk, in bytes. */
  diskBytes: number;
  /** Spawn → port printed, per trial, in ms. */
  startupMs: number[];
}

export interface PluginsResult {
  version: string;
  trials: number;
  forms: PluginForm[];
}

function duBytes(dir: string): number {
  return Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0]);
}

/** Milliseconds from spawning `cmd` to the port it prints on stdout. */
async function startup(cmd: string, args: string[]): Promise<number> {
  const { child, startupMs } = await servePlugin(cmd, args);
  child.kill("SIGKILL");
  return startupMs;
}

export async function measurePlugins(trials: number): Promise<PluginsResult> {
  const release = releaseDir();
  const work = mkdtempSync(path.join(tmpdir(), "bcops-bench-plugins-"));
  try {
    const runs: Array<{ form: PluginForm; cmd: string; args: string[] }> = [];
    for (const t of shippedTargets().filter((x) => x.os === "linux" && x.arch === "amd64")) {
      const tarball = path.join(release, pluginTarballName(t, RELEASE_VERSION));
      const dir = path.join(work, `${t.os}-${t.arch}`);
      execFileSync("mkdir", ["-p", dir]);
      execFileSync("tar", ["xzf", tarball, "-C", dir]);
      runs.push({
        form: {
          name: `single executable, ${t.os}-${t.arch}`,
          downloadBytes: statSync(tarball).size,
          diskBytes: duBytes(dir),
          startupMs: [],
        },
        cmd: path.join(dir, pluginBinaryName(t)),
        args: [],
      });
    }
    // The npm-installed plugin: the package and its dependencies, as `npm install` lays them out.
    const root = installedRoot();
    const npmTarball = readdirSync(release).find((f) => /^beyondcorp-ops-\d.*\.tgz$/.test(f))!;
    runs.push({
      form: {
        name: "npm-installed plugin (`node` runs the package's bin)",
        downloadBytes: statSync(path.join(release, npmTarball)).size,
        // What `npm install beyondcorp-ops @pulumi/pulumi` puts on disk: the installed root less the
        // TypeScript toolchain it also holds for TypeScript programs (Node itself not counted).
        diskBytes:
          duBytes(path.join(root, "node_modules")) -
          duBytes(path.join(root, "node_modules/typescript")) -
          duBytes(path.join(root, "node_modules/@types/node")),
        startupMs: [],
      },
      cmd: path.join(root, "node_modules/.bin/pulumi-resource-beyondcorp-ops"),
      args: [],
    });
    // Alternate trial by trial so that drift on a noisy machine hits every form alike; one warm-up each.
    for (const r of runs) await startup(r.cmd, r.args);
    for (let i = 0; i < trials; i++)
      for (const r of runs) r.form.startupMs.push(await startup(r.cmd, r.args));
    return { version: RELEASE_VERSION, trials, forms: runs.map((r) => r.form) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
