/**
 * This package's own package.json: its version (the `x-goog-api-client` header, the plugin's
 * GetPluginInfo and schema) and its `engines` range, read from the nearest package.json above this
 * file that is ours (dist/ and the test build sit at different depths), so nothing carries a stale
 * literal. The single-executable build (scripts/release/bundle.ts) replaces this module with the
 * same fields written in at build time: a bundle has no package.json beside it.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface PackageInfo {
  name: string;
  version: string;
  description: string;
  keywords: string[];
  license: string;
  repository: { url: string };
  homepage: string;
  engines?: { node?: string };
}

let cached: PackageInfo | undefined;

/** This package's package.json, read once. */
export function packageInfo(): PackageInfo {
  return (cached ??= findPackageInfo(__dirname));
}

/** How `findPackageInfo` reads a file: its text, or a throw when there is none. */
export type ReadText = (file: string) => string;

/** The file's text as UTF-8. */
export const readUtf8: ReadText = (file) => fs.readFileSync(file, "utf8");

/** The nearest package.json at or above `dir` that is beyondcorp-ops's and has a version. */
export function findPackageInfo(dir: string, readText: ReadText = readUtf8): PackageInfo {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      const pkg = JSON.parse(readText(path.join(d, "package.json"))) as PackageInfo;
      if (pkg.name === "beyondcorp-ops" && typeof pkg.version === "string") return pkg;
    } catch {
      // no package.json here (ENOENT) or not JSON: keep walking up
    }
    if (path.dirname(d) === d) throw new Error(`no package.json of beyondcorp-ops above ${dir}`);
  }
}
