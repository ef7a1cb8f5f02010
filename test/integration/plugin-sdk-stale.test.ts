/**
 * The committed schema.json and sdk/{python,go} are what `npm run sdk` writes today: the test
 * regenerates them into a temporary folder (scripts/gen-sdk.ts, with $BEYONDCORP_OPS_GEN_SDK) and
 * fails, naming the files, when any committed copy differs, is missing or is extra.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { GENERATED, generate } from "../../scripts/gen-sdk";
import { ROOT } from "../helpers/pulumi";
import { requireGenSdk, requireGo } from "../helpers/sdk";

const skip = requireGenSdk() ?? requireGo();

/** What Python and `pip install ./sdk/python` leave in the tree (git-ignored), not generated. */
const PYTHON_LEFTOVERS = /^(__pycache__|build|.*\.egg-info)$/;

/** Every file under `root/rel` (or `rel` itself), relative to `root`, leftovers aside. */
function files(root: string, rel: string): string[] {
  const full = path.join(root, rel);
  if (!existsSync(full) || PYTHON_LEFTOVERS.test(path.basename(rel))) return [];
  if (!statSync(full).isDirectory()) return [rel];
  return readdirSync(full).flatMap((name) => files(root, path.join(rel, name)));
}

/** The differences between the committed tree and a fresh one, one line per file. */
function staleFiles(committed: string, fresh: string): string[] {
  const all = new Set(GENERATED.flatMap((g) => [...files(committed, g), ...files(fresh, g)]));
  const stale: string[] = [];
  for (const f of [...all].sort()) {
    const [a, b] = [committed, fresh].map((root) => path.join(root, f));
    if (!existsSync(a!)) stale.push(`${f}: missing from the repository`);
    else if (!existsSync(b!)) stale.push(`${f}: not generated any more`);
    else if (!readFileSync(a!).equals(readFileSync(b!))) stale.push(`${f}: differs`);
  }
  return stale;
}

test("schema.json and sdk/ are what npm run sdk writes", { skip }, () => {
  const out = mkdtempSync(path.join(tmpdir(), "bcops-gen-sdk-"));
  try {
    generate(out);
    assert.ok(files(out, "sdk").length > 10, "gen-sdk wrote the SDKs");
    const stale = staleFiles(ROOT, out);
    assert.deepEqual(
      stale,
      [],
      `stale generated files; run \`npm run sdk\` and commit:\n${stale.join("\n")}`,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
