import { test } from "node:test";
import assert from "node:assert/strict";
import { renderCrash, runCliCrashTrials } from "../reliability/crash-cli";

test("CLI crash and resume: SIGKILL mid-wait, rerun finishes with consistent outcomes and no duplicate-cancel harm", async () => {
  const r = await runCliCrashTrials({ trials: 3, operations: 20, seed: 6 });
  const table = renderCrash(r, "CLI crash and resume");
  process.stdout.write(
    `# crash-cli: ${r.passed}/${r.trials.length} trials passed in ${r.wallMs} ms; killed at ${r.trials
      .map((t) => t.killedAtMs ?? "-")
      .join(", ")} ms\n`,
  );
  assert.equal(r.passed, r.trials.length, table);
  for (const t of r.trials) {
    assert.equal(t.rerunExitCode, 0, table);
    assert.equal(t.inconsistent + t.notDoneAtServer + t.harmed, 0, table);
    assert.equal(
      Object.values(t.rerunOutcomes).reduce((a, b) => a + b, 0),
      r.operations,
      table,
    );
  }
  assert.ok(
    r.trials.some((t) => t.killedAtMs !== null && t.terminalAfterRun1 < r.operations),
    `no trial was killed mid-wait:\n${table}`,
  );
  assert.match(table, /\| Trial \| Killed at \|/);
});
