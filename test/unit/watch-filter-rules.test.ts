/**
 * A watch's own filter check (wait/watch-filter.ts), rule by rule: the exact message for each way a
 * filter can be wrong (it names the field, the rule and where), and what each field and comparator
 * means when the watch checks a listed operation itself.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { BeyondCorpError } from "../../src/core/errors";
import { parseLocationName } from "../../src/lro/names";
import type { Operation } from "../../src/lro/operation";
import { compileWatchFilter, LOCAL_FILTER_FIELDS } from "../../src/wait/watch-filter";

const parent = parseLocationName("projects/my-project/locations/global");
const NAME = "projects/my-project/locations/global/operations/op-1";
const GW = "locations/global/securityGateways/gw";

const op = (over: Partial<Operation> = {}): Operation => ({
  name: NAME,
  done: false,
  hasResponse: false,
  ...over,
});
const matches = (filter: string, o: Operation) => compileWatchFilter(filter)(o, parent);

/** The message compileWatchFilter throws for `filter`, after checking it is ERR_INVALID_INPUT on `field`. */
function refusal(filter: string, field?: string): string {
  try {
    if (field === undefined) compileWatchFilter(filter);
    else compileWatchFilter(filter, field);
  } catch (e) {
    assert.ok(BeyondCorpError.is(e), String(e));
    assert.equal(e.code, "ERR_INVALID_INPUT");
    assert.equal(e.field, field ?? "filter");
    return e.message;
  }
  assert.fail(`${filter} was accepted`);
}
const said = (field: string, rule: string, filter: string) =>
  `${field}: ${rule} (got ${JSON.stringify(filter)})`;

describe("a watch filter that cannot be checked: the exact message", () => {
  const FIELDS =
    "name, done, metadata.target, target, metadata.verb, verb, metadata.requestedCancellation, error.code";
  const cases: Array<[string, string]> = [
    ['verb="abc', "has an unterminated string at position 5"],
    ['verb="a" & done=true', "has an unexpected character '&' at position 9"],
    ["done=false AND", "ends where a condition was expected"],
    ['done=false (verb="a"', "misses the ')' for the '(' at position 11"],
    ["done=false )", "has an unexpected ')' at position 11"],
    ['"x"=1', `uses 'x', which a watch cannot check itself; fields: ${FIELDS}`],
    [
      "metadata.createTime>1",
      `uses 'metadata.createTime', which a watch cannot check itself; fields: ${FIELDS}`,
    ],
    ["done", "needs a comparator after 'done'"],
    ["verb!=", "needs a value after 'verb!='"],
    ["done=maybe", "compares 'done' with 'maybe'; use true or false"],
    ['verb<"b"', "uses '<', which a watch checks only between error.code and a number"],
    ["verb<5", "uses '<', which a watch checks only between error.code and a number"],
    ["error.code>=a1", "uses '>=', which a watch checks only between error.code and a number"],
    ["error.code>=1a", "uses '>=', which a watch checks only between error.code and a number"],
  ];
  for (const [filter, rule] of cases) {
    test(`${filter} → ${rule}`, () => {
      assert.equal(refusal(filter, "watches[2].filter"), said("watches[2].filter", rule, filter));
    });
  }

  test("the field is 'filter' unless the caller names another", () => {
    assert.equal(
      refusal("done=maybe"),
      said("filter", "compares 'done' with 'maybe'; use true or false", "done=maybe"),
    );
  });

  test("the fields a watch can check, in the order the message lists them", () => {
    assert.deepEqual(LOCAL_FILTER_FIELDS, FIELDS.split(", "));
  });

  test("a blank filter (spaces only) matches everything, as an empty one does", () => {
    assert.equal(compileWatchFilter("   ")(op({ done: true }), parent), true);
    assert.equal(compileWatchFilter("")(op(), parent), true);
  });
});

describe("what each field means when a watch checks an operation itself", () => {
  test("name: the operation's exact name (not matched across project forms, unlike a target)", () => {
    assert.equal(matches(`name="${NAME}"`, op()), true);
    assert.equal(matches(`name="${NAME}"`, op({ name: NAME.replace("op-1", "op-2") })), false);
    assert.equal(matches(`name="${NAME}"`, op({ name: NAME.replace("my-project", "123456789012") })), false);
  });

  test("target and metadata.target: the same field, matched in either project form", () => {
    for (const field of ["target", "metadata.target"]) {
      const f = `${field}="projects/my-project/${GW}"`;
      assert.equal(matches(f, op({ metadata: { target: `projects/123456789012/${GW}` } })), true, field);
      assert.equal(matches(f, op({ metadata: { target: `projects/my-project/${GW}-2` } })), false, field);
      assert.equal(matches(f, op()), false, `${field}: no metadata at all`);
    }
  });

  test("verb and metadata.verb: an operation without metadata has the empty verb", () => {
    for (const field of ["verb", "metadata.verb"]) {
      assert.equal(matches(`${field}="update"`, op({ metadata: { verb: "update" } })), true, field);
      assert.equal(matches(`${field}!="update"`, op()), true, field);
      assert.equal(matches(`${field}="update"`, op()), false, field);
    }
  });

  test("metadata.requestedCancellation: a boolean, false when missing", () => {
    const f = "metadata.requestedCancellation";
    assert.equal(matches(`${f}=true`, op({ metadata: { requestedCancellation: true } })), true);
    assert.equal(matches(`${f}=false`, op({ metadata: { requestedCancellation: true } })), false);
    assert.equal(matches(`${f}=false`, op()), true, "no metadata: not requested");
    assert.equal(matches(`${f}=true`, op()), false);
    assert.equal(matches(`${f}=false`, op({ metadata: {} })), true);
  });

  test("done: a missing done reads as false", () => {
    const noDone = { name: NAME, hasResponse: false } as unknown as Operation;
    assert.equal(matches("done=false", noDone), true);
    assert.equal(matches("done=true", noDone), false);
  });

  test("error.code: compared as a number, and with each comparator at its boundary", () => {
    const failed = op({ done: true, error: { code: 9, message: "x" } });
    assert.equal(matches("error.code=9", failed), true);
    assert.equal(matches("error.code:9", failed), true);
    assert.equal(matches("error.code!=9", failed), false);
    assert.equal(matches("error.code=5", failed), false);
    assert.equal(matches("error.code!=5", failed), true);
    const table: Array<[string, boolean]> = [
      ["<9", false],
      ["<10", true],
      ["<=8", false],
      ["<=9", true],
      [">9", false],
      [">8", true],
      [">=10", false],
      [">=9", true],
      [">=12", false],
    ];
    for (const [cmp, want] of table) assert.equal(matches(`error.code${cmp}`, failed), want, cmp);
    assert.equal(matches("error.code<1", op()), true, "no error: code 0");
    assert.equal(matches("error.code>=0", op()), true);
  });

  test("a field with ':*' means present and not empty", () => {
    assert.equal(matches("verb:*", op({ metadata: { verb: "update" } })), true);
    assert.equal(matches("verb:*", op()), false);
    assert.equal(matches("verb!=*", op()), true);
  });
});
