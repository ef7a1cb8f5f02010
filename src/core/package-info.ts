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

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  for (let d = __dirname; ; d = path.dirname(d)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8")) as PackageInfo;
      if (pkg.name === "beyondcorp-ops" && typeof pkg.version === "string") return (cached = pkg);
    } catch {
      // no package.json here (ENOENT) or not ours: keep walking up
    }
    if (path.dirname(d) === d) throw new Error(`no package.json of beyondcorp-ops above ${__dirname}`);
  }
}
