/**
 * The npm tarball, without the Pulumi engine (issue 20). What `npm pack` ships is what users run:
 * every module that the package's entry points load is in it and reachable through its `exports`
 * map, nothing in it points back into this checkout, and the dynamic provider serializes from an
 * installed copy exactly as `pulumi up` does it.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { builtinModules } from "node:module";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { installedRoot, packTarball, ROOT } from "../../scripts/installed-package";

interface Manifest {
  name: string;
  version: string;
  main: string;
  exports: Record<string, string | { types?: string; default: string }>;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as Manifest;
const exportTargets = Object.fromEntries(
  Object.entries(manifest.exports).map(([k, v]) => [k, typeof v === "string" ? v : v.default]),
);
const norm = (p: string) => path.posix.normalize(p).replace(/^\.\//, "");

/** Every file under `dir`, relative, with `/`. */
function filesUnder(dir: string, at = ""): string[] {
  return readdirSync(path.join(dir, at)).flatMap((f) => {
    const rel = at ? `${at}/${f}` : f;
    return statSync(path.join(dir, rel)).isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

describe("the npm tarball", () => {
  const tarball = packTarball();
  const unpacked = mkdtempSync(path.join(tmpdir(), "bcops-unpacked-"));
  execFileSync("tar", ["xzf", tarball, "-C", unpacked]);
  const pkgDir = path.join(unpacked, "package");
  const files = new Set(filesUnder(pkgDir));
  process.on("exit", () => rmSync(unpacked, { recursive: true, force: true }));

  test("holds exactly what `npm pack --dry-run` lists, with every export and bin target", () => {
    const [dry] = JSON.parse(
      execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: ROOT, encoding: "utf8" }),
    ) as [{ files: Array<{ path: string }> }];
    assert.deepEqual([...files].sort(), dry.files.map((f) => f.path).sort());
    const targets = [
      manifest.main,
      ...Object.values(manifest.bin),
      ...Object.values(manifest.exports).flatMap((v) =>
        typeof v === "string" ? [v] : [v.default, v.types ?? v.default],
      ),
    ].map(norm);
    for (const t of targets) assert.ok(files.has(t), `${t} is not in the tarball`);
  });

  test("holds only the package: compiled code, its types and maps, the docs; no release artifacts", () => {
    const stray = [...files].filter(
      (f) =>
        !/^dist\/(?!release\/).*\.(js|d\.ts|js\.map|d\.ts\.map)$/.test(f) &&
        !/^(docs\/[\w.-]+\.md|README\.md|CHANGELOG\.md|SECURITY\.md|package\.json)$/.test(f),
    );
    assert.deepEqual(stray, []);
    const bytes = statSync(tarball).size;
    assert.ok(bytes < 1_000_000, `the npm tarball is ${bytes} bytes`);
  });

  test("every module the entry points load is in it, and a self-reference goes through `exports`", () => {
    const deps = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]);
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const entries = [manifest.main, ...Object.values(manifest.bin), ...Object.values(exportTargets)].map(
      norm,
    );
    const seen = new Set<string>();
    const problems: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      if (!files.has(file)) return void problems.push(`${file} is loaded but not in the tarball`);
      if (!file.endsWith(".js")) return;
      const text = readFileSync(path.join(pkgDir, file), "utf8");
      for (const [, spec] of text.matchAll(/\brequire\("([^"]+)"\)/g)) {
        if (spec!.startsWith(".")) {
          const base = path.posix.join(path.posix.dirname(file), spec!);
          const found = [base, `${base}.js`, `${base}.json`, `${base}/index.js`].find((c) => files.has(c));
          if (found) visit(found);
          else problems.push(`${file}: require("${spec}") is not in the tarball`);
        } else if (spec!.startsWith(`${manifest.name}/`) || spec === manifest.name) {
          const sub = `.${spec!.slice(manifest.name.length)}`;
          const target = exportTargets[sub];
          if (target === undefined) problems.push(`${file}: require("${spec}") is not opened by exports`);
          else visit(norm(target));
        } else {
          const bare = spec!.startsWith("@") ? spec!.split("/").slice(0, 2).join("/") : spec!.split("/")[0]!;
          if (!builtins.has(spec!) && !deps.has(bare))
            problems.push(`${file}: require("${spec}") is neither a builtin nor a declared dependency`);
        }
      }
    };
    for (const e of entries) visit(e);
    assert.deepEqual(problems, []);
    assert.ok(
      seen.has("dist/pulumi/runtime.js") && seen.has("dist/plugin/provider.js"),
      [...seen].join("\n"),
    );
  });

  test("nothing in it points back into the checkout", () => {
    const leaks = [...files].filter((f) => readFileSync(path.join(pkgDir, f), "utf8").includes(ROOT));
    assert.deepEqual(leaks, [], `files naming ${ROOT}`);
    const shipped = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as Manifest;
    for (const [d, v] of Object.entries({ ...shipped.dependencies, ...shipped.peerDependencies }))
      assert.doesNotMatch(v, /^(file|link|git\+file):|^[./]/, `${d}: ${v}`);
  });

  test("installed from the tarball: every export loads, and the dynamic provider serializes as `pulumi up` does it", () => {
    const root = installedRoot(tarball);
    const installed = path.join(root, "node_modules", manifest.name);
    assert.ok(existsSync(path.join(installed, "package.json")));
    // In a child process whose only view of the package is the installed copy.
    const script = `
      const pulumi = require("@pulumi/pulumi");
      for (const sub of ${JSON.stringify(Object.keys(exportTargets).filter((k) => !k.endsWith(".json")))})
        require(sub === "." ? "${manifest.name}" : "${manifest.name}" + sub.slice(1));
      // The file Pulumi's closure serializer meets under node_modules: captured modules are written
      // as a require through the exports map, and one it does not open fails here as in \`pulumi up\`.
      const { createProvider } = require(require.resolve("${manifest.name}").replace(/index\\.js$/, "pulumi/provider.js"));
      const provider = createProvider();
      pulumi.runtime.serializeFunction(() => provider, { isFactoryFunction: true })
        .then((s) => process.stdout.write(s.text))
        .catch((e) => { process.stderr.write(String(e && e.message)); process.exit(3); });`;
    // From a file: under \`node -e\` the serializer cannot see the captured variables' values.
    const dir = mkdtempSync(path.join(root, "packaging-"));
    writeFileSync(path.join(dir, "serialize.js"), script);
    const r = spawnSync(process.execPath, [path.join(dir, "serialize.js")], { cwd: dir, encoding: "utf8" });
    rmSync(dir, { recursive: true, force: true });
    assert.equal(r.status, 0, `${r.stderr}`);
    assert.match(r.stdout, /require\("beyondcorp-ops\/provider-runtime"\)/);
    assert.ok(
      r.stdout.includes(path.join(installed, "dist/pulumi/runtime.js")),
      "the fallback is the installed copy",
    );
  });
});
