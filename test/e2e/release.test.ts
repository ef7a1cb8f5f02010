/**
 * The release as a user without Node installs it (issue 21): the linux-amd64 plugin tarball, a
 * Node 24 single executable, installed with `pulumi plugin install --file` or fetched by the engine
 * itself; the Python SDK's wheel installed by pip into a fresh venv; a Python and a YAML program
 * driven through up, refresh and destroy against the emulator. A `node` that records each call and
 * fails stands first on PATH: nothing may call it.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  createReadStream,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../src/emulator";
import { requirePulumi, ROOT, TestStack } from "../helpers/pulumi";
import { requirePython } from "../helpers/sdk";
import {
  installReleasePlugin,
  NodeTrap,
  pluginTarball,
  RELEASE_VERSION,
  releaseDir,
  releaseFile,
} from "../helpers/release";

const skip = requirePulumi() ?? requirePython();
const P = "projects/release-project/locations/global";
const TOKEN = "ya29.release-door-token-do-not-leak";
const TYPE = "beyondcorp-ops:index:OperationCanceller";
const op = (id: string) => `${P}/operations/${id}`;

describe("the release, installed as a user without Node installs it", { skip, concurrency: false }, () => {
  let emu: Emulator;
  let trap: NodeTrap;
  let work: string;
  let python: string;
  let server: Server;
  let base: string;
  const served: string[] = [];
  const stacks: TestStack[] = [];

  /** A program folder from examples/<name>, and a stack on it with the trap armed. */
  const stackOf = (example: string, name: string, files = ["Pulumi.yaml"]): TestStack => {
    const dir = mkdtempSync(path.join(work, `${name}-`));
    for (const f of files) copyFileSync(path.join(ROOT, "examples", example, f), path.join(dir, f));
    const stack = new TestStack(name, dir);
    stacks.push(stack);
    trap.trap(stack.env);
    trap.assertArmed(stack.env);
    stack.env["PULUMI_PYTHON_CMD"] = python;
    stack.config("endpoint", emu.url);
    stack.config("accessToken", TOKEN, true);
    return stack;
  };
  const run = async (stack: TestStack, args: string[]) => (await stack.runOk(args)).out;
  const cancelsOf = (id: string) => emu.operations().find((o) => o.name === op(id))?.cancelCount;

  before(async () => {
    emu = await startEmulator();
    trap = new NodeTrap();
    work = mkdtempSync(path.join(tmpdir(), "bcops-release-"));
    // The wheel into a fresh venv, with pip, as a user does; the pulumi SDK at the version we pin.
    const venv = path.join(work, "venv");
    execFileSync("python3", ["-m", "venv", venv]);
    execFileSync(
      path.join(venv, "bin/pip"),
      [
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--constraint",
        path.join(ROOT, "tools/pulumi/python/requirements.txt"),
        releaseFile(/^pulumi_beyondcorp_ops-.*\.whl$/),
      ],
      { stdio: ["ignore", "ignore", "inherit"], timeout: 300_000 },
    );
    python = path.join(venv, "bin/python");
    // A loopback server with the release's files, as a GitHub release or a mirror would serve them.
    server = createServer((req, res) => {
      served.push(req.url ?? "");
      const name = decodeURIComponent(path.posix.basename(req.url ?? ""));
      if (!readdirSync(releaseDir()).includes(name)) return void res.writeHead(404).end();
      // The engine checks the length it was told against what it read: a real server sends it.
      const size = statSync(path.join(releaseDir(), name)).size;
      res.writeHead(200, { "content-type": "application/gzip", "content-length": size });
      createReadStream(path.join(releaseDir(), name)).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(async () => {
    for (const s of stacks) s.dispose();
    trap?.dispose();
    server?.close();
    await emu?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("SHA256SUMS verifies every artifact, and the plugin tarball holds the executable at its root", () => {
    const sums = readFileSync(path.join(releaseDir(), "SHA256SUMS"), "utf8");
    execFileSync("sha256sum", ["--check", "--quiet", "SHA256SUMS"], { cwd: releaseDir() });
    const listed = sums
      .trim()
      .split("\n")
      .map((l) => l.split(/\s+/)[1]);
    assert.deepEqual(
      listed,
      readdirSync(releaseDir())
        .filter((f) => f !== "SHA256SUMS")
        .sort(),
    );
    const entries = execFileSync("tar", ["tzvf", pluginTarball()], { encoding: "utf8" }).trim().split("\n");
    assert.equal(entries.length, 1, entries.join("\n"));
    assert.match(entries[0]!, /^-rwxr-xr-x .* pulumi-resource-beyondcorp-ops$/);
  });

  test("the wheel carries pulumi-plugin.json: resource, name, version and the download URL", () => {
    const out = execFileSync(
      python,
      [
        "-c",
        "import importlib.resources as r; print(r.files('pulumi_beyondcorp_ops').joinpath('pulumi-plugin.json').read_text())",
      ],
      { encoding: "utf8" },
    );
    assert.deepEqual(JSON.parse(out), {
      resource: true,
      name: "beyondcorp-ops",
      version: RELEASE_VERSION,
      server: "github://api.github.com/beyondcorp-ops/beyondcorp-ops",
    });
  });

  test("Python, plugin from --file: up, refresh, destroy; outcomes named, secrets encrypted", async () => {
    const stack = stackOf("python", "py", ["Pulumi.yaml", "__main__.py"]);
    installReleasePlugin(stack);
    emu.seed({ name: op("py-a"), cancelDelayMs: 200 });
    emu.seed({ name: op("py-b"), onCancel: "complete", cancelDelayMs: 100 });
    stack.config("operations[0]", op("py-a"));
    stack.config("operations[1]", op("py-b"));
    const up = await run(stack, ["up", "--skip-preview"]);
    assert.match(up, /tracking 2 operation\(s\), 2 in flight; nothing is cancelled on create/);
    stack.assertSecret(TYPE, "accessToken", TOKEN);
    emu.clearRequests();
    await run(stack, ["refresh", "--skip-preview"]);
    assert.equal(emu.requests().filter((r) => r.route === "cancel").length, 0, "refresh cancels nothing");
    const destroy = await run(stack, ["destroy", "--skip-preview"]);
    assert.match(destroy, new RegExp(`CANCELLED\\s+v1/${op("py-a")} `));
    assert.match(destroy, new RegExp(`SUCCEEDED\\s+v1/${op("py-b")} `));
    assert.deepEqual([cancelsOf("py-a"), cancelsOf("py-b")], [1, 1]);
  });

  test("YAML, plugin from --file: up, refresh, destroy", async () => {
    const stack = stackOf("yaml", "yaml");
    installReleasePlugin(stack);
    emu.seed({ name: op("y-a"), cancelDelayMs: 100 });
    stack.config("operations[0]", op("y-a"));
    await run(stack, ["up", "--skip-preview"]);
    stack.assertSecret(TYPE, "accessToken", TOKEN);
    await run(stack, ["refresh", "--skip-preview"]);
    const destroy = await run(stack, ["destroy", "--skip-preview"]);
    assert.match(destroy, new RegExp(`CANCELLED\\s+v1/${op("y-a")} `));
  });

  test("automatic acquisition: PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES sends the SDK's github:// URL to a loopback mirror", async () => {
    const stack = stackOf("python", "acquire", ["Pulumi.yaml", "__main__.py"]);
    delete stack.env["PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"];
    stack.env["PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES"] =
      `^github://api\\.github\\.com/beyondcorp-ops/beyondcorp-ops$=${base}/mirror/v${RELEASE_VERSION}`;
    emu.seed({ name: op("acq"), cancelDelayMs: 100 });
    stack.config("operations[0]", op("acq"));
    served.length = 0;
    await run(stack, ["up", "--skip-preview"]);
    assert.deepEqual(served, [
      `/mirror/v${RELEASE_VERSION}/pulumi-resource-beyondcorp-ops-v${RELEASE_VERSION}-linux-amd64.tar.gz`,
    ]);
    const ls = spawnSync("pulumi", ["plugin", "ls"], { env: stack.env, encoding: "utf8" }).stdout;
    assert.match(
      ls,
      new RegExp(`beyondcorp-ops\\s+resource\\s+${RELEASE_VERSION.replace(/\./g, "\\.")}`),
      ls,
    );
    const destroy = await run(stack, ["destroy", "--skip-preview"]);
    assert.match(destroy, new RegExp(`CANCELLED\\s+v1/${op("acq")} `));
  });

  test("automatic acquisition: a resource's pluginDownloadURL at a loopback http:// server", async () => {
    const stack = stackOf("yaml", "direct");
    delete stack.env["PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"];
    const yaml = readFileSync(path.join(stack.cwd, "Pulumi.yaml"), "utf8").replace(
      "      timeout: 10m\n",
      `      timeout: 10m\n    options:\n      version: ${RELEASE_VERSION}\n      pluginDownloadURL: ${base}/direct/\n`,
    );
    writeFileSync(path.join(stack.cwd, "Pulumi.yaml"), yaml);
    emu.seed({ name: op("direct"), cancelDelayMs: 100 });
    stack.config("operations[0]", op("direct"));
    served.length = 0;
    await run(stack, ["up", "--skip-preview"]);
    assert.deepEqual(served, [
      `/direct/pulumi-resource-beyondcorp-ops-v${RELEASE_VERSION}-linux-amd64.tar.gz`,
    ]);
    await run(stack, ["destroy", "--skip-preview"]);
  });

  test("nothing called node", () => {
    assert.deepEqual(trap.calls(), []);
    // And the trap was live: `node` on the stacks' PATH is the trap.
    const r = spawnSync("node", ["-e", "0"], { env: stacks[0]!.env });
    assert.equal(r.status, 97);
  });
});
