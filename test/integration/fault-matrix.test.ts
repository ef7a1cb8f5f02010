import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  CALLS,
  CALL_LABELS,
  EXPECTED,
  FAULTS,
  describeExpected,
  renderFaultMatrix,
  runFaultMatrix,
  type MatrixResult,
} from "../reliability/fault-matrix";

describe("fault matrix: every fault on every call, end to end through cancelAndWait", () => {
  let result: MatrixResult;
  before(async () => {
    result = await runFaultMatrix({ repeats: 1 });
    if (process.env["FAULT_MATRIX_PRINT"]) process.stdout.write(`${renderFaultMatrix(result)}\n`);
  });

  for (const fault of FAULTS) {
    for (const call of CALLS) {
      const expected = EXPECTED[call][fault.id]!;
      test(`${CALL_LABELS[call]} × ${fault.label} → ${describeExpected(expected)}`, () => {
        const pair = result.pairs.find((p) => p.call === call && p.fault.id === fault.id);
        assert.ok(pair, "the pair ran");
        for (const run of pair.runs) assert.ok(run.matched, `${run.mismatch}\n${JSON.stringify(run)}`);
      });
    }
  }

  test("no request, so no bearer token, refresh token or subject token, reached a host other than the emulator", () => {
    assert.deepEqual(result.decoyHits, []);
    for (const pair of result.pairs) for (const run of pair.runs) assert.equal(run.badBearer, 0);
  });

  test("the rendered section has one row per fault and the totals", () => {
    const md = renderFaultMatrix(result);
    for (const fault of FAULTS) assert.ok(md.includes(`| ${fault.label} |`), fault.label);
    assert.match(md, new RegExp(`${result.totals.pairs} pairs, ${result.totals.runs} runs`));
  });
});
