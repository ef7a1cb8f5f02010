/**
 * One version everywhere (issue 21), derived from package.json: the schema, every SDK (and the
 * download URL each carries), the plugin's GetPluginInfo (npm-installed and single executable,
 * asked over gRPC as the engine asks) and the release's file names.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pulumiGrpc } from "../../src/plugin/pulumi-grpc";
import { ROOT } from "../../scripts/installed-package";
import { pluginTarballName, shippedTargets } from "../../scripts/release/targets";
import { pluginDownloadURL } from "../../scripts/release/version";
import { servePlugin } from "../helpers/plugin";
import { releaseDir } from "../helpers/release";

const read = (f: string) => readFileSync(path.join(ROOT, f), "utf8");
const json = (f: string) => JSON.parse(read(f)) as Record<string, unknown>;
const VERSION = json("package.json")["version"] as string;
const URL = pluginDownloadURL();

test("package.json's version and download URL are in the schema and every SDK", () => {
  assert.match(VERSION, /^\d+\.\d+\.\d+(-[\w.]+)?$/);
  assert.equal(URL, "github://api.github.com/beyondcorp-ops/beyondcorp-ops");
  const schema = json("schema.json");
  assert.equal(schema["version"], VERSION, "schema.json");
  assert.equal(schema["pluginDownloadURL"], URL, "schema.json");
  const plugin = { resource: true, name: "beyondcorp-ops", version: VERSION, server: URL };
  assert.deepEqual(json("sdk/python/pulumi_beyondcorp_ops/pulumi-plugin.json"), plugin, "Python");
  assert.deepEqual(json("sdk/go/beyondcorpops/pulumi-plugin.json"), plugin, "Go");
  const node = json("sdk/nodejs/package.json");
  assert.equal(node["version"], VERSION, "sdk/nodejs/package.json");
  assert.deepEqual(node["pulumi"], plugin, "sdk/nodejs/package.json's pulumi field");
  assert.match(
    read("sdk/python/pyproject.toml"),
    new RegExp(`^\\s*version = "${VERSION}"$`, "m"),
    "pyproject.toml",
  );
  assert.match(
    read("sdk/python/pulumi_beyondcorp_ops/_utilities.py"),
    new RegExp(`return "${URL}"`),
    "Python URL",
  );
  const go = read("sdk/go/beyondcorpops/internal/pulumiUtilities.go");
  assert.match(go, new RegExp(`semver\\.MustParse\\("${VERSION}"\\)`), "Go version");
  assert.match(go, new RegExp(`pulumi\\.PluginDownloadURL\\("${URL}"\\)`), "Go URL");
  assert.match(read("sdk/nodejs/utilities.ts"), new RegExp(`pluginDownloadURL: "${URL}"`), "Node.js URL");
});

/** Start a plugin as the engine does and ask for its GetPluginInfo over gRPC. */
async function pluginInfoVersion(cmd: string, args: string[] = []): Promise<string> {
  const { child, port } = await servePlugin(cmd, args);
  try {
    const grpc = pulumiGrpc();
    const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb") as {
      ResourceProviderClient: new (
        addr: string,
        creds: unknown,
      ) => {
        getPluginInfo(req: unknown, cb: (err: Error | null, res: { getVersion(): string }) => void): void;
        close(): void;
      };
    };
    const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown };
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      return await new Promise((resolve, reject) =>
        client.getPluginInfo(new Empty(), (err, res) => (err ? reject(err) : resolve(res.getVersion()))),
      );
    } finally {
      client.close();
    }
  } finally {
    child.kill("SIGKILL");
  }
}

test("GetPluginInfo answers package.json's version: the npm-installed plugin", async () => {
  assert.equal(await pluginInfoVersion(process.execPath, [path.join(ROOT, "dist/plugin/main.js")]), VERSION);
});

test("the release: file names and the single executable's GetPluginInfo carry the version", async () => {
  const dir = releaseDir();
  const files = readdirSync(dir);
  for (const t of shippedTargets())
    assert.ok(files.includes(pluginTarballName(t, VERSION)), files.join(", "));
  for (const f of [
    `beyondcorp-ops-${VERSION}.tgz`,
    `beyondcorp-ops-sdk-${VERSION}.tgz`,
    `pulumi_beyondcorp_ops-${VERSION}-py3-none-any.whl`,
    `pulumi_beyondcorp_ops-${VERSION}.tar.gz`,
  ])
    assert.ok(files.includes(f), `${f} in ${files.join(", ")}`);
  const unpacked = mkdtempSync(path.join(tmpdir(), "bcops-version-"));
  try {
    const t = shippedTargets().find((x) => x.os === "linux" && x.arch === "amd64")!;
    execFileSync("tar", ["xzf", path.join(dir, pluginTarballName(t, VERSION)), "-C", unpacked]);
    assert.equal(await pluginInfoVersion(path.join(unpacked, "pulumi-resource-beyondcorp-ops")), VERSION);
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
});
