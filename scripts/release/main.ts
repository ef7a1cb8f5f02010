/**
 * `npm run release`: every artifact of one version, into dist/release/ (not committed), with a
 * SHA256SUMS over them. The version is package.json's; everything else derives it from there.
 *
 * - pulumi-resource-beyondcorp-ops-v<ver>-<os>-<arch>.tar.gz per shipped target (targets.ts): the
 *   Node-free executable at the tarball's root (bundle.ts, then sea.ts);
 * - beyondcorp-ops-<ver>.tgz: the npm package (the dynamic resource, the library, the CLI);
 * - the Node.js SDK's npm tarball (sdk/nodejs, compiled);
 * - the Python SDK's wheel and sdist (`python -m build`, sdk/python);
 * - RELEASE.md: the Go SDK's module and the tag that publishes it, and what works before publishing.
 *
 *   node .build/scripts/release/main.js [--out DIR] [--only plugin]
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "../installed-package";
import { bundlePlugin } from "./bundle";
import { buildExecutable } from "./sea";
import { pluginBinaryName, pluginTarballName, shippedTargets } from "./targets";
import { goModulePath, goTag, pluginDownloadURL, releaseVersion } from "./version";

const say = (s: string) => process.stderr.write(`[release] ${s}\n`);

/** A tar.gz that holds `files` (names in `dir`) at its root, byte for byte the same on every run. */
function reproducibleTarGz(dir: string, files: string[], out: string): void {
  const tar = `${out.replace(/\.gz$/, "")}`;
  execFileSync("tar", [
    "--create",
    "--file",
    tar,
    "--directory",
    dir,
    "--sort=name",
    "--mtime=@0",
    "--owner=0",
    "--group=0",
    "--numeric-owner",
    "--format=gnu",
    ...files,
  ]);
  execFileSync("gzip", ["-n", "-9", "-f", tar]);
}

function sha256File(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** SHA256SUMS in `sha256sum -c` format, over every file in `dir` but itself. */
function writeChecksums(dir: string): string {
  const lines = readdirSync(dir)
    .filter((f) => f !== "SHA256SUMS" && statSync(path.join(dir, f)).isFile())
    .sort()
    .map((f) => `${sha256File(path.join(dir, f))}  ${f}\n`);
  writeFileSync(path.join(dir, "SHA256SUMS"), lines.join(""));
  execFileSync("sha256sum", ["--check", "--quiet", "SHA256SUMS"], { cwd: dir, stdio: "inherit" });
  return lines.join("");
}

async function pluginTarballs(out: string, work: string, version: string): Promise<void> {
  const bundle = await bundlePlugin(path.join(work, "plugin.cjs"));
  say(
    `plugin bundle: ${(bundle.bytes / 1e6).toFixed(1)} MB, loads only builtins (${bundle.external.length})`,
  );
  for (const t of shippedTargets()) {
    const dir = path.join(work, `${t.os}-${t.arch}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const exe = pluginBinaryName(t);
    await buildExecutable(t, bundle.file, path.join(dir, exe), work);
    reproducibleTarGz(dir, [exe], path.join(out, pluginTarballName(t, version)));
    say(
      `${pluginTarballName(t, version)}: ${(statSync(path.join(dir, exe)).size / 1e6).toFixed(1)} MB executable`,
    );
  }
}

function npmTarball(out: string): void {
  execFileSync("npm", ["pack", "--pack-destination", out], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** sdk/nodejs compiled with this repository's TypeScript, then packed from its bin/ as Pulumi's providers do. */
function nodeSdkTarball(out: string, work: string): void {
  const dir = path.join(work, "sdk-nodejs");
  rmSync(dir, { recursive: true, force: true });
  cpSync(path.join(ROOT, "sdk/nodejs"), dir, { recursive: true });
  // The SDK compiles against @pulumi/pulumi's types; this repository's node_modules holds them.
  execFileSync(path.join(ROOT, "node_modules/.bin/tsc"), ["-p", dir], { stdio: "inherit" });
  const bin = path.join(dir, "bin");
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as Record<string, unknown>;
  delete pkg["scripts"];
  delete pkg["devDependencies"];
  writeFileSync(path.join(bin, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  for (const f of ["README.md", "LICENSE"]) {
    try {
      cpSync(path.join(dir, f), path.join(bin, f));
    } catch {
      // not generated
    }
  }
  execFileSync("npm", ["pack", "--pack-destination", out], {
    cwd: bin,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

function pythonSdk(out: string, work: string): void {
  const venv = process.env["BEYONDCORP_OPS_PYTHON_VENV"];
  if (!venv)
    throw new Error(
      "BEYONDCORP_OPS_PYTHON_VENV is not set: run through scripts/bootstrap.sh (npm run release)",
    );
  const dir = path.join(work, "sdk-python");
  rmSync(dir, { recursive: true, force: true });
  cpSync(path.join(ROOT, "sdk/python"), dir, { recursive: true });
  // No isolation: the build backend (setuptools) is the venv's, pinned in tools/pulumi/python/requirements.txt.
  execFileSync(path.join(venv, "bin/python"), ["-m", "build", "--no-isolation", "--outdir", out, dir], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, SOURCE_DATE_EPOCH: "315532800" },
  });
}

function releaseNotes(out: string, version: string): void {
  const targets = shippedTargets().map((t) => `\`${pluginTarballName(t, version)}\``);
  writeFileSync(
    path.join(out, "RELEASE.md"),
    `# beyondcorp-ops ${version}

Plugin tarballs: ${targets.join(", ")}. Verify with \`sha256sum -c SHA256SUMS\`.

## Works today, from this folder

- \`pulumi plugin install resource beyondcorp-ops ${version} --file ${pluginTarballName(shippedTargets()[0]!, version)}\`
- \`pip install pulumi_beyondcorp_ops-${version}-py3-none-any.whl\`
- \`npm install ./beyondcorp-ops-sdk-${version}.tgz\` (the Node.js SDK) or \`npm install ./beyondcorp-ops-${version}.tgz\` (the dynamic resource)
- \`PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES='^${pluginDownloadURL().replace(/[.]/g, "\\.")}$=https://your-mirror/beyondcorp-ops/v${version}'\` with these tarballs served under their own names from that folder (the regular expression matches the SDKs' download URL, not the plugin's name)

## Works once published

1. Attach every file of this folder to the GitHub release \`v${version}\` of github.com/beyondcorp-ops/beyondcorp-ops: the SDKs' \`pluginDownloadURL\` (\`${pluginDownloadURL()}\`) makes the engine fetch the plugin tarball from there.
2. \`npm publish beyondcorp-ops-${version}.tgz\` and \`npm publish beyondcorp-ops-sdk-${version}.tgz\`.
3. \`twine upload pulumi_beyondcorp_ops-${version}*\`.
4. Go: push the tag \`${goTag(version)}\` on the release commit. Then \`go get ${goModulePath()}@v${version}\` resolves (the module lives in \`sdk/go\`).
`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: "string" }, only: { type: "string" } },
    strict: true,
  });
  const out = path.resolve(values.out ?? path.join(ROOT, "dist/release"));
  const work = path.join(ROOT, ".build/release-work");
  const version = releaseVersion();
  const only = values.only?.split(",");
  const want = (part: string) => only === undefined || only.includes(part);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  mkdirSync(work, { recursive: true });
  say(`beyondcorp-ops ${version} into ${out}`);
  if (want("plugin")) await pluginTarballs(out, work, version);
  if (want("npm")) npmTarball(out);
  if (want("nodejs")) nodeSdkTarball(out, work);
  if (want("python")) pythonSdk(out, work);
  releaseNotes(out, version);
  process.stdout.write(writeChecksums(out));
}

if (require.main === module)
  main().catch((err: unknown) => {
    process.stderr.write(`[release] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
