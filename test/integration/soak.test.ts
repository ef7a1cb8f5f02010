import { test } from "node:test";
import assert from "node:assert/strict";
import { renderSoak, runSoak } from "../reliability/soak";

test("soak: 150 operations under 10% random faults, nothing lost, duplicated or misreported", async () => {
  const r = await runSoak({ operations: 150, faultRate: 0.1, seed: 6 });
  process.stdout.write(
    `# soak: ${r.operations} ops, ${r.requests} requests, ${r.faultsInjected} faults, ${r.retries} retries, ` +
      `lost ${r.lost}, duplicated ${r.duplicated}, wrong ${r.wrongOutcome}, ${r.wallMs} ms\n`,
  );
  assert.equal(r.error, undefined);
  assert.equal(r.lost, 0, renderSoak(r));
  assert.equal(r.duplicated, 0, renderSoak(r));
  assert.equal(r.wrongOutcome, 0, renderSoak(r));
  assert.equal(r.notTerminalAtServer, 0, renderSoak(r));
  assert.ok(r.faultsInjected > 0, "faults were injected");
  assert.ok(r.maxCancelsHandled <= 1, `a cancel was handled ${r.maxCancelsHandled} times for one operation`);
  assert.ok(r.maxCancelRequests <= r.maxAttempts, `${r.maxCancelRequests} cancel requests for one operation`);
  assert.equal(r.reportedRequests, r.requests, "the report counts what the server saw");
  assert.ok(r.ok);
  assert.match(renderSoak(r), /Lost \/ duplicated \/ wrong outcome\*\* \| \*\*0 \/ 0 \/ 0\*\*/);
});
