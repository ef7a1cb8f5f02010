/**
 * The two readers of the one filter grammar (lro/filter-syntax.ts): the emulator's list filter and
 * a watch's local check. Whatever the text, each throws only its own error, naming its field, and
 * what it compiles never throws; the grammar's kept divergence (NOT NOT) and the names an Object
 * has (not fields) are pinned.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { BeyondCorpError } from "../../src/core/errors";
import { ApiError } from "../../src/emulator/api-error";
import { compileFilter, type FilterView } from "../../src/emulator/filter";
import { parseLocationName } from "../../src/lro/names";
import type { Operation } from "../../src/lro/operation";
import { compileWatchFilter } from "../../src/wait/watch-filter";

describe("the two readers", () => {
  const parent = parseLocationName("projects/my-project/locations/global");
  const op: Operation = { name: "n", done: false, hasResponse: false, metadata: { verb: "v", target: "t" } };
  const view: FilterView = { name: "n", done: false, target: "t", verb: "v" };
  const fields = [
    "done",
    "name",
    "verb",
    "error.code",
    "constructor",
    "__proto__",
    "toString",
    "hasOwnProperty",
  ];
  const restriction = fc
    .tuple(
      fc.constantFrom(...fields),
      fc.constantFrom("=", "!=", ":", ">="),
      fc.constantFrom("true", "1", '"v"', "*"),
    )
    .map((xs) => xs.join(""));
  const piece = fc.oneof(
    restriction,
    fc.constantFrom(
      ...fields,
      "NOT",
      "AND",
      "OR",
      "(",
      ")",
      "=",
      "!=",
      ":",
      ">=",
      "<",
      "true",
      "1",
      '"v"',
      "*",
      " ",
    ),
    fc.string({ maxLength: 3 }),
  );
  const text = fc.array(piece, { maxLength: 10 }).map((xs) => xs.join(" "));

  test("property: each throws only its own error, and its predicates never throw", () => {
    fc.assert(
      fc.property(text, (s) => {
        try {
          compileFilter(s)(view);
        } catch (e) {
          assert.ok(
            e instanceof ApiError && e.status === "INVALID_ARGUMENT" && e.metadata["field"] === "filter",
            `${s}: ${String(e)}`,
          );
        }
        try {
          compileWatchFilter(s, "watches[0].filter")(op, parent);
        } catch (e) {
          assert.ok(BeyondCorpError.is(e) && e.field === "watches[0].filter", `${s}: ${String(e)}`);
        }
      }),
      { numRuns: 5000 },
    );
  });

  test("names an Object has (constructor, __proto__, toString) are not fields", () => {
    for (const f of ["constructor", "__proto__", "toString"]) {
      assert.throws(() => compileFilter(`${f}=x`), /unknown field/, f);
      assert.throws(() => compileWatchFilter(`${f}=x`), /which a watch cannot check itself/, f);
    }
  });

  test("NOT NOT: refused by the emulator (AIP-160), taken by a watch, as before", () => {
    assert.throws(() => compileFilter("NOT NOT done=true"), /expected a field name at position 4/);
    assert.equal(compileWatchFilter("NOT NOT done=false")(op, parent), true);
  });
});
