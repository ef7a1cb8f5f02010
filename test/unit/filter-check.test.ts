/**
 * The list filter's own bounds (client/filter.ts): a filter goes to the server as given, but only
 * as a string of at most 2000 printable characters; the error names the field and the rule.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { checkFilter } from "../../src/client/filter";
import { assertInvalidInput } from "../helpers/invalid-input";

const RULE = /^filter: must be at most 2000 printable characters/;

describe("checkFilter", () => {
  test("a printable filter up to 2000 characters comes back unchanged", () => {
    for (const f of ["", 'done = false AND metadata.verb = "create"', "ü→ 日本", "x".repeat(2000)])
      assert.equal(checkFilter(f), f);
  });

  test("2001 characters is refused, naming the field, the rule and the start of the value", () => {
    const long = "y".repeat(2001);
    assertInvalidInput(() => checkFilter(long), "filter", RULE);
    assertInvalidInput(
      () => checkFilter(long),
      "filter",
      new RegExp(`^filter: must be at most 2000 printable characters \\(got "${"y".repeat(80)}…"\\)$`),
    );
  });

  test("control characters anywhere are refused (CR, LF, NUL, TAB, DEL)", () => {
    for (const c of ["\r", "\n", "\u0000", "\t", "\u001f", "\u007f"])
      assertInvalidInput(() => checkFilter(`done = false${c}`), "filter", RULE);
  });

  test("a value that is not a string is refused, not passed on", () => {
    for (const v of [42, null, undefined, { length: 1 }, ["done"]])
      assertInvalidInput(() => checkFilter(v as never), "filter", RULE);
  });

  test("the error names the field the caller gives", () => {
    assertInvalidInput(
      () => checkFilter("a\nb", "watch[0].filter"),
      "watch[0].filter",
      /^watch\[0\]\.filter: must be at most 2000 printable characters \(got "a\\nb"\)$/,
    );
  });
});
