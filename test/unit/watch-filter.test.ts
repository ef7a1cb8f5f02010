/**
 * A watch checks what the server listed against the filter's meaning (watch-filter.ts) and matches
 * targets whatever form the project segment takes (lro/targets.ts).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { BeyondCorpError } from "../../src/core/errors";
import { parseLocationName } from "../../src/lro/names";
import type { Operation } from "../../src/lro/operation";
import { sameTarget } from "../../src/lro/targets";
import { compileWatchFilter } from "../../src/wait/watch-filter";
import { checkWatchFilter, watchFilter } from "../../src/wait/watch";

const byId = parseLocationName("projects/my-project/locations/global");
const byNumber = parseLocationName("projects/123456789012/locations/global");
const org = parseLocationName("organizations/42/locations/global");
const GW = "locations/global/securityGateways/gw";

const op = (over: Partial<Operation> & { target?: string; verb?: string } = {}): Operation => ({
  name: "projects/my-project/locations/global/operations/op-1",
  done: over.done ?? false,
  hasResponse: false,
  metadata: {
    ...(over.target !== undefined ? { target: over.target } : {}),
    ...(over.verb !== undefined ? { verb: over.verb } : {}),
  },
  ...(over.error ? { error: over.error } : {}),
});

describe("sameTarget: project id or number, never another project", () => {
  const cases: Array<[string, string, typeof byId, boolean]> = [
    [`projects/my-project/${GW}`, `projects/123456789012/${GW}`, byId, true],
    [`projects/123456789012/${GW}`, `projects/my-project/${GW}`, byId, true],
    [`projects/my-project/${GW}`, `projects/123456789012/${GW}`, byNumber, true],
    [`projects/my-project/${GW}`, `projects/my-project/${GW}`, byId, true],
    // Another id than the parent's, against this project's number: two projects.
    [`projects/other-project/${GW}`, `projects/123456789012/${GW}`, byId, false],
    [`projects/other-project/${GW}`, `projects/my-project/${GW}`, byId, false],
    // Two different numbers are two projects, whatever the parent.
    [`projects/111111/${GW}`, `projects/123456789012/${GW}`, byId, false],
    [`projects/999/${GW}`, `projects/my-project/${GW}`, byNumber, false],
    [`projects/my-project/${GW}`, `projects/123456789012/${GW}-2`, byId, false],
    [`projects/my-project/${GW}`, `projects/123456789012/${GW}/applications/a`, byId, false],
    [`organizations/42/${GW}`, `organizations/42/${GW}`, org, true],
    [`projects/my-project/${GW}`, `projects/123456789012/${GW}`, org, false],
  ];
  for (const [wanted, seen, parent, same] of cases) {
    test(`${wanted} vs ${seen} under ${parent.container}: ${same}`, () => {
      assert.equal(sameTarget(wanted, seen, parent), same);
    });
  }

  test("property: a match never changes what follows the project segment", () => {
    const seg = fc.constantFrom("my-project", "other-project", "123456789012", "555");
    const rest = fc.constantFrom(GW, `${GW}-2`, `${GW}/applications/a`);
    fc.assert(
      fc.property(seg, rest, seg, rest, fc.constantFrom(byId, byNumber), (p1, r1, p2, r2, parent) => {
        const same = sameTarget(`projects/${p1}/${r1}`, `projects/${p2}/${r2}`, parent);
        if (r1 !== r2) assert.equal(same, false);
        if (p1 === p2 && r1 === r2) assert.equal(same, true);
        const numbers = [p1, p2].filter((p) => /^\d+$/.test(p));
        if (p1 !== p2 && numbers.length !== 1) assert.equal(same, false, "same form, different projects");
      }),
      { numRuns: 2000 },
    );
  });
});

describe("a watch's filter, checked locally", () => {
  const ok = (filter: string, o: Operation, parent = byId) => compileWatchFilter(filter)(o, parent);

  test("done, verb and target, with AND, OR (tighter) and NOT", () => {
    assert.equal(ok("done=false", op()), true);
    assert.equal(ok("done=false", op({ done: true })), false);
    assert.equal(ok('verb="update"', op({ verb: "create" })), false);
    assert.equal(ok('metadata.verb = "update"', op({ verb: "update" })), true);
    assert.equal(ok('NOT verb="delete"', op({ verb: "update" })), true);
    assert.equal(ok('verb="a" OR verb="b" AND done=true', op({ verb: "a" })), false, "OR binds tighter");
    assert.equal(ok('(verb="a" OR verb="b") done=false', op({ verb: "b" })), true, "implicit AND");
    assert.equal(ok("verb!=update", op()), true, "missing is the empty string");
    assert.equal(ok("error.code>=1", op({ done: true, error: { code: 9, message: "" } })), true);
    assert.equal(ok("metadata.target:*", op()), false);
  });

  test("a target in the filter matches the other project form too", () => {
    const f = `metadata.target="projects/my-project/${GW}"`;
    assert.equal(ok(f, op({ target: `projects/123456789012/${GW}` })), true);
    assert.equal(ok(f, op({ target: `projects/other-project/${GW}` })), false);
  });

  test("what a watch cannot check itself is refused, naming the field", () => {
    for (const bad of [
      'metadata.createTime > "2024-01-01T00:00:00Z"',
      "done=maybe",
      'verb < "b"',
      "verb=",
      '(verb="a"',
      "has(metadata.target)",
      'verb="unterminated',
      "done=false AND",
    ]) {
      assert.throws(
        () => checkWatchFilter(bad, "watches[0].filter"),
        (e: unknown) =>
          BeyondCorpError.is(e) &&
          e.code === "ERR_INVALID_INPUT" &&
          e.field === "watches[0].filter" &&
          e.message.startsWith("watches[0].filter: "),
        bad,
      );
    }
  });

  test("the server is sent done=false and the user's filter, never the targets", () => {
    const parent = byId;
    assert.equal(watchFilter({ parent, targets: [`projects/my-project/${GW}`] }), "done=false");
    assert.equal(watchFilter({ parent, filter: 'verb="update"' }), 'done=false AND (verb="update")');
  });
});
