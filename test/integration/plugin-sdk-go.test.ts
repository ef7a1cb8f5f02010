/**
 * The generated Go SDK (sdk/go) and examples/go compile and vet against
 * github.com/pulumi/pulumi/sdk/v3 v3.259.0, the release the CLI is built from. examples/go uses
 * the SDK through the `replace` line the README tells users to write. The first build compiles
 * sdk/v3 (about 100 s on a cold Go build cache); later runs hit the cache.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ROOT } from "../helpers/pulumi";
import { requireGo, runTool } from "../helpers/sdk";

const skip = requireGo();
const PULUMI_SDK = "github.com/pulumi/pulumi/sdk/v3 v3.259.0";
// A stale go.sum fails instead of being rewritten; the toolchain is the one on PATH.
const env = { GOFLAGS: "-mod=readonly", GOTOOLCHAIN: "local" };
const go = (dir: string, args: string[]) =>
  runTool("go", args, { cwd: path.join(ROOT, dir), env, boundMs: 480_000 });

describe("Go SDK and example", { skip, concurrency: false }, () => {
  test("sdk/go builds and vets against sdk/v3 v3.259.0", async () => {
    assert.match(
      readFileSync(path.join(ROOT, "sdk/go/go.mod"), "utf8"),
      new RegExp(`^\\s*${PULUMI_SDK}$`, "m"),
    );
    const build = await go("sdk/go", ["build", "./..."]);
    assert.equal(build.code, 0, build.out);
    const vet = await go("sdk/go", ["vet", "./..."]);
    assert.equal(vet.code, 0, vet.out);
    process.stdout.write(`# sdk/go: go build ${build.ms} ms, go vet ${vet.ms} ms\n`);
  });

  test("examples/go builds and vets through the README's replace line", async () => {
    const mod = readFileSync(path.join(ROOT, "examples/go/go.mod"), "utf8");
    assert.match(
      mod,
      /^replace github\.com\/beyondcorp-ops\/beyondcorp-ops\/sdk\/go => \.\.\/\.\.\/sdk\/go$/m,
    );
    assert.match(mod, new RegExp(`^\\s*${PULUMI_SDK}$`, "m"));
    const out = mkdtempSync(path.join(tmpdir(), "bcops-go-example-"));
    try {
      const build = await go("examples/go", ["build", "-o", path.join(out, "guard"), "."]);
      assert.equal(build.code, 0, build.out);
      const vet = await go("examples/go", ["vet", "./..."]);
      assert.equal(vet.code, 0, vet.out);
      process.stdout.write(`# examples/go: go build ${build.ms} ms, go vet ${vet.ms} ms\n`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
