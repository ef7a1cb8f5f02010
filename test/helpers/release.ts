/**
 * The release (`npm run release`) as users get it: its artifacts, built once per content and
 * reused, the plugin installed from its tarball the way the engine installs one, and a trapped
 * `node` that proves the single executable never needs Node.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { packTarball, ROOT } from "../../scripts/installed-package";
import { CACHE } from "../../scripts/release/cache";
import { pluginTarballName, shippedTargets } from "../../scripts/release/targets";
import { releaseVersion } from "../../scripts/release/version";
import type { TestStack } from "./pulumi";

/** Every file under `dir` (relative), sorted: what a release is built from. */
function treeFiles(dir: string, at = ""): string[] {
  return readdirSync(path.join(dir, at))
    .flatMap((f) => {
      const rel = at ? `${at}/${f}` : f;
      return statSync(path.join(dir, rel)).isDirectory() ? treeFiles(dir, rel) : [rel];
    })
    .sort();
}

/**
 * The folder of a release built from this checkout: BCOPS_RELEASE_DIR when `npm test` built it,
 * else one built now, or earlier for the same content, under the cache (keyed by the npm tarball,
 * the SDKs, the release scripts and the lockfile).
 */
export function releaseDir(): string {
  const given = process.env["BCOPS_RELEASE_DIR"];
  if (given && existsSync(path.join(given, "SHA256SUMS"))) return given;
  const h = createHash("sha256").update(readFileSync(packTarball()));
  for (const d of ["sdk", "scripts/release", "tools/pulumi/python"])
    for (const f of treeFiles(path.join(ROOT, d))) h.update(f).update(readFileSync(path.join(ROOT, d, f)));
  h.update(readFileSync(path.join(ROOT, "package-lock.json")));
  const dir = path.join(CACHE, `release-${h.digest("hex").slice(0, 16)}`);
  if (!existsSync(path.join(dir, "SHA256SUMS"))) {
    const tmp = `${dir}.tmp-${process.pid}`;
    execFileSync(process.execPath, [path.join(ROOT, ".build/scripts/release/main.js"), "--out", tmp], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
    });
    rmSync(dir, { recursive: true, force: true });
    execFileSync("mv", [tmp, dir]);
  }
  process.env["BCOPS_RELEASE_DIR"] = dir;
  return dir;
}

export const RELEASE_VERSION = releaseVersion();

/** The linux-amd64 plugin tarball of the release. */
export function pluginTarball(): string {
  const t = shippedTargets().find((x) => x.os === "linux" && x.arch === "amd64")!;
  return path.join(releaseDir(), pluginTarballName(t, RELEASE_VERSION));
}

/** The one file in the release whose name matches. */
export function releaseFile(pattern: RegExp): string {
  const dir = releaseDir();
  const found = readdirSync(dir).filter((f) => pattern.test(f));
  assert.equal(found.length, 1, `${pattern} in ${dir}: ${found.join(", ")}`);
  return path.join(dir, found[0]!);
}

/** `pulumi plugin install resource beyondcorp-ops <ver> --file <tarball>` into the stack's PULUMI_HOME. */
export function installReleasePlugin(stack: Pick<TestStack, "env">): void {
  const r = spawnSync(
    "pulumi",
    ["plugin", "install", "resource", "beyondcorp-ops", RELEASE_VERSION, "--file", pluginTarball()],
    { env: stack.env, encoding: "utf8" },
  );
  assert.equal(r.status, 0, `pulumi plugin install failed:\n${r.stdout}\n${r.stderr}`);
}

/**
 * A folder holding a `node` that records each call and fails. Put it first on a PATH: any run that
 * reaches for Node shows in `calls()`.
 */
export class NodeTrap {
  readonly dir = mkdtempSync(path.join(tmpdir(), "bcops-node-trap-"));
  readonly log = path.join(this.dir, "calls.log");

  constructor() {
    mkdirSync(path.join(this.dir, "bin"));
    const node = path.join(this.dir, "bin", "node");
    writeFileSync(node, `#!/bin/sh\necho "node $* (cwd $(pwd), parent $PPID)" >> '${this.log}'\nexit 97\n`);
    chmodSync(node, 0o755);
  }

  /** `env`'s PATH with the trap first. */
  trap(env: NodeJS.ProcessEnv): void {
    env["PATH"] = `${path.join(this.dir, "bin")}:${env["PATH"] ?? ""}`;
  }

  /** The trap catches a `node` looked up on `env`'s PATH (then forgets that call). */
  assertArmed(env: NodeJS.ProcessEnv): void {
    const r = spawnSync("node", ["--version"], { env, encoding: "utf8" });
    assert.equal(r.status, 97, `the trap is not the node on PATH: ${r.stdout}${r.stderr}`);
    assert.equal(this.calls().length, 1);
    rmSync(this.log);
  }

  calls(): string[] {
    return existsSync(this.log) ? readFileSync(this.log, "utf8").split("\n").filter(Boolean) : [];
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

if (require.main === module) process.stdout.write(`BCOPS_RELEASE_DIR=${releaseDir()}\n`);
