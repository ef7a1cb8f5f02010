/**
 * The provider plugin as one CommonJS file (esbuild), the input of the single executable. It
 * bundles the compiled plugin (dist/plugin/main.js, the very code the npm-installed plugin runs)
 * with every dependency, and substitutes the two modules that find things on disk at run time,
 * which a single executable cannot do:
 * - core/package-info.js reads package.json: replaced by the same fields, written in;
 * - plugin/pulumi-grpc.js resolves `@grpc/grpc-js` from `@pulumi/pulumi`'s folder: replaced by a
 *   static require resolved from that same folder at build time, so the bundle holds the one copy.
 * The result may require nothing but Node's builtins (a single executable's `require` loads only
 * those); `bundlePlugin` fails otherwise.
 */
import { builtinModules } from "node:module";
import * as path from "node:path";
import { build, type Plugin } from "esbuild";
import { packageInfo, type PackageInfo } from "../../src/core/package-info";
import { ROOT } from "../installed-package";

const PACKAGE_INFO_FIELDS = [
  "name",
  "version",
  "description",
  "keywords",
  "license",
  "repository",
  "homepage",
  "engines",
] as const;

function substitutes(pkg: PackageInfo): Plugin {
  const info = Object.fromEntries(PACKAGE_INFO_FIELDS.map((k) => [k, pkg[k]]));
  const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] }));
  return {
    name: "beyondcorp-ops-substitutes",
    setup(b) {
      b.onLoad({ filter: /[\\/]dist[\\/]core[\\/]package-info\.js$/ }, () => ({
        contents: `"use strict";\nconst info = ${JSON.stringify(info)};\nexports.packageInfo = () => info;\n`,
        loader: "js",
      }));
      b.onLoad({ filter: /[\\/]dist[\\/]plugin[\\/]pulumi-grpc\.js$/ }, () => ({
        contents: `"use strict";\nconst grpc = require("@grpc/grpc-js");\nexports.pulumiGrpc = () => grpc;\n`,
        loader: "js",
        resolveDir: sdk,
      }));
    },
  };
}

/**
 * Modules a dependency requires inside try/catch and does without: left out of the bundle, so
 * their `require` fails at run time and the dependency takes its fallback, as it does when they are
 * not installed.
 */
const OPTIONAL_ABSENT: Readonly<Record<string, string>> = {
  "supports-color": "debug (under @grpc/grpc-js's dependencies) colours its output with it when installed",
};

export interface BundleResult {
  file: string;
  bytes: number;
  /** Modules the bundle still loads at run time: Node builtins only. */
  external: string[];
}

export async function bundlePlugin(outfile: string): Promise<BundleResult> {
  const pkg = packageInfo();
  const result = await build({
    entryPoints: [path.join(ROOT, "dist/plugin/main.js")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node24",
    legalComments: "eof",
    metafile: true,
    logLevel: "error",
    plugins: [substitutes(pkg)],
  });
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const external = new Set<string>();
  for (const input of Object.values(result.metafile.inputs))
    for (const imp of input.imports) if (imp.external) external.add(imp.path);
  const foreign = [...external].filter(
    (m) => !builtins.has(m) && !m.startsWith("node:") && !(m in OPTIONAL_ABSENT),
  );
  if (foreign.length > 0) throw new Error(`the plugin bundle still loads ${foreign.join(", ")} at run time`);
  const out = Object.values(result.metafile.outputs)[0]!;
  return { file: outfile, bytes: out.bytes, external: [...external].sort() };
}
