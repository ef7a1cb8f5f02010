import * as fs from "node:fs";
import * as path from "node:path";

/** This package's version, read from its package.json (so headers never carry a stale literal). */
export const PACKAGE_VERSION: string = findVersion(__dirname);

/** The `x-goog-api-client` header value sent with every API request. */
export const API_CLIENT_HEADER = `beyondcorp-ops/${PACKAGE_VERSION} gl-node/${process.versions.node}`;

/** The nearest package.json above `dir` that is ours (dist/ and the test build sit at different depths). */
function findVersion(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "beyondcorp-ops" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // no package.json here (ENOENT) or not ours: keep walking up
    }
    if (path.dirname(d) === d) return "unknown";
  }
}
