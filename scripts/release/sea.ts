/**
 * A Node single executable application (https://nodejs.org/api/single-executable-applications.html)
 * from the plugin bundle, for one target: the blob is written by the running Node (which must be the
 * target's Node version: a blob's format follows its Node version), then injected with postject into
 * a copy of the target's Node binary, taken from the npm registry and checked against the integrity
 * pinned in targets.ts. No code cache and no snapshot, so the blob holds no platform-specific data.
 */
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import * as path from "node:path";
import { inject } from "postject";
import { CACHE } from "./cache";
import { SEA_NODE_VERSION, type ShippedTarget } from "./targets";

/** Node's SEA fuse: postject flips it so the binary runs its blob instead of being `node`. */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** The target's Node binary from the npm registry, cached, after checking the pinned integrity. */
export function targetNode(t: ShippedTarget): string {
  const dir = path.join(CACHE, "sea-node", `${t.node.package}-${t.node.version}`);
  const binary = path.join(dir, "package", t.node.binary);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const [packed] = JSON.parse(
    execFileSync(
      "npm",
      ["pack", "--json", "--pack-destination", dir, `${t.node.package}@${t.node.version}`],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      },
    ),
  ) as [{ filename: string; integrity: string }];
  if (packed.integrity !== t.node.integrity)
    throw new Error(
      `${t.node.package}@${t.node.version}: integrity ${packed.integrity}, pinned ${t.node.integrity} in scripts/release/targets.ts`,
    );
  execFileSync("tar", ["xzf", path.join(dir, packed.filename), "-C", dir, `package/${t.node.binary}`]);
  return binary;
}

/** Writes the executable for `t` from `bundle` to `out`. */
export async function buildExecutable(
  t: ShippedTarget,
  bundle: string,
  out: string,
  work: string,
): Promise<void> {
  if (process.versions.node !== SEA_NODE_VERSION || t.node.version !== SEA_NODE_VERSION)
    throw new Error(
      `the blob must be written by Node ${t.node.version} (the target's); this is Node ${process.versions.node}: run through scripts/bootstrap.sh`,
    );
  mkdirSync(work, { recursive: true });
  const blob = path.join(work, `sea-${t.os}-${t.arch}.blob`);
  const config = path.join(work, `sea-${t.os}-${t.arch}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      main: bundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: false,
      useSnapshot: false,
    }),
  );
  execFileSync(process.execPath, ["--experimental-sea-config", config], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const tmp = `${out}.tmp`;
  copyFileSync(targetNode(t), tmp);
  chmodSync(tmp, 0o755);
  await inject(tmp, "NODE_SEA_BLOB", readFileSync(blob), {
    sentinelFuse: SEA_FUSE,
    ...(t.os === "darwin" ? { machoSegmentName: "NODE_SEA" } : {}),
  });
  renameSync(tmp, out);
}
