/**
 * How one parent's pending operations are read (wait/list-source.ts): the names filter while it
 * fits, a plain list while it costs one page, `done=false` after that, gets after a failed or costly
 * list; and when a refused filter and the gets are given up again (RELIST_AFTER_MILLIS, exactly).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  ListSource,
  MAX_FILTER_CHARS,
  namesFilter,
  OPEN_FILTER,
  RELIST_AFTER_MILLIS,
  type Source,
} from "../../src/wait/list-source";

const PENDING = ["p/operations/a", "p/operations/b"];
const NAMES: Source = { kind: "names", filter: 'name="p/operations/a" OR name="p/operations/b"' };
const PLAIN: Source = { kind: "plain" };
const OPEN: Source = { kind: "open", filter: OPEN_FILTER };
const T0 = 1_000_000;

describe("namesFilter", () => {
  test("each name quoted, joined with OR", () => {
    assert.equal(namesFilter(PENDING), NAMES.filter);
    assert.equal(namesFilter(["x"]), 'name="x"');
  });

  test("no names: no filter (an empty filter would list everything)", () => {
    assert.equal(namesFilter([]), undefined);
  });

  test("a filter of exactly MAX_FILTER_CHARS fits; one more character does not", () => {
    const fits = "n".repeat(MAX_FILTER_CHARS - 'name=""'.length);
    assert.equal(namesFilter([fits])?.length, MAX_FILTER_CHARS);
    assert.equal(namesFilter([`${fits}n`]), undefined);
  });
});

describe("ListSource.choose", () => {
  test("the names filter first, while it fits", () => {
    assert.deepEqual(new ListSource().choose(T0, PENDING), NAMES);
  });

  test("too many names for one filter: a plain list while it costs one page, then done=false", () => {
    const s = new ListSource();
    const many = ["n".repeat(MAX_FILTER_CHARS)];
    assert.deepEqual(s.choose(T0, many), PLAIN);
    s.listed(PLAIN, 1, 1, T0);
    assert.deepEqual(s.choose(T0, many), PLAIN);
    s.listed(PLAIN, 2, 5, T0);
    assert.deepEqual(s.choose(T0, many), OPEN);
  });

  test("only a plain list's pages count as the parent's history", () => {
    const s = new ListSource();
    s.listed(NAMES, 3, 5, T0);
    s.refused(NAMES, T0);
    assert.deepEqual(s.choose(T0, PENDING), PLAIN);
  });

  test("a refused names filter: plain until RELIST_AFTER_MILLIS have passed, then names again", () => {
    const s = new ListSource();
    s.refused(NAMES, T0);
    assert.deepEqual(s.choose(T0 + RELIST_AFTER_MILLIS - 1, PENDING), PLAIN);
    assert.deepEqual(s.choose(T0 + RELIST_AFTER_MILLIS, PENDING), NAMES);
  });

  test("a refused done=false filter: plain, however many pages it takes, until the relist", () => {
    const s = new ListSource();
    s.refused(NAMES, T0);
    s.listed(PLAIN, 4, 10, T0);
    assert.deepEqual(s.choose(T0, PENDING), OPEN);
    s.refused(OPEN, T0 + 5);
    assert.deepEqual(s.choose(T0 + 10, PENDING), PLAIN);
    // The names refusal expired at T0 + RELIST_AFTER_MILLIS, the open one 5 ms later (no pending
    // names below, so no names filter either).
    assert.deepEqual(s.choose(T0 + 5 + RELIST_AFTER_MILLIS - 1, []), PLAIN);
    assert.deepEqual(s.choose(T0 + 5 + RELIST_AFTER_MILLIS, []), OPEN);
  });

  test("a failed list: gets until RELIST_AFTER_MILLIS have passed, then the list again", () => {
    const s = new ListSource();
    s.failed(T0);
    assert.deepEqual(s.choose(T0, PENDING), { kind: "gets" });
    assert.deepEqual(s.choose(T0 + RELIST_AFTER_MILLIS - 1, PENDING), { kind: "gets" });
    assert.deepEqual(s.choose(T0 + RELIST_AFTER_MILLIS, PENDING), NAMES);
    assert.deepEqual(s.choose(T0 + RELIST_AFTER_MILLIS + 1, PENDING), NAMES, "the gets are over");
  });

  test("a list that took more pages than there are operations: gets for a while", () => {
    const s = new ListSource();
    s.listed(PLAIN, 2, 2, T0);
    assert.deepEqual(s.choose(T0, PENDING), NAMES, "as many pages as operations: still a list");
    s.listed(PLAIN, 3, 2, T0 + 1);
    assert.deepEqual(s.choose(T0 + 1, PENDING), { kind: "gets" });
    assert.deepEqual(s.choose(T0 + RELIST_AFTER_MILLIS, PENDING), { kind: "gets" });
    assert.deepEqual(s.choose(T0 + 1 + RELIST_AFTER_MILLIS, PENDING), NAMES);
  });
});
