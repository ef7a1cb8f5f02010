/**
 * Where built and downloaded things are kept between runs: the folder scripts/bootstrap.sh caches
 * the Pulumi CLI in (BEYONDCORP_OPS_CACHE, else $XDG_CACHE_HOME or ~/.cache, then beyondcorp-ops).
 */
import { homedir } from "node:os";
import * as path from "node:path";

export const CACHE =
  process.env["BEYONDCORP_OPS_CACHE"] ??
  path.join(process.env["XDG_CACHE_HOME"] ?? path.join(homedir(), ".cache"), "beyondcorp-ops");
