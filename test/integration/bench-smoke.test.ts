import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

// Checks that the benchmark harness works end to end (tiny sizes), not the performance targets.
test("bench harness smoke: every scenario runs and the report is written", (t) => {
  const out = mkdtempSync(path.join(tmpdir(), "bench-smoke-"));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  mkdirSync(path.join(out, "bench"));
  const r = spawnSync(process.execPath, [path.resolve(__dirname, "../../bench/main.js"), "--smoke"], {
    env: { ...process.env, BENCH_OUT: out },
    encoding: "utf8",
    timeout: 300_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const md = readFileSync(path.join(out, "BENCHMARKS.md"), "utf8");
  for (const id of ["single", "batch", "scale", "few", "history", "mixed", "faults", "cold-start"])
    assert.match(md, new RegExp(`## ${id}:`));
  assert.match(md, /## Targets/);
  assert.match(md, /## Against google-gax, per scenario/);
  for (const id of ["single", "batch", "scale", "few", "history", "mixed"])
    assert.match(md, new RegExp(`\\| ${id} \\| (yes|no) \\| ×\\d`), id);
  assert.match(md, /In one line: single lag ×\d/);
  assert.match(md, /Ratio \(guard ÷ trivial, median destroy\): ×\d/);
  const json = JSON.parse(readFileSync(path.join(out, "bench", "results.json"), "utf8")) as {
    scenarios: Array<{ results: Array<{ client: string; lagsMs: number[]; requests: number }> }>;
  };
  for (const s of json.scenarios)
    for (const c of s.results) {
      assert.ok(c.requests > 0, c.client);
      assert.ok(
        c.lagsMs.every((l) => Number.isFinite(l) && l >= 0),
        `${c.client}: ${c.lagsMs.join(",")}`,
      );
    }
  assert.match(readFileSync(path.join(out, "bench", "chart.svg"), "utf8"), /^<svg/);
});
