/**
 * The one AIP-160 grammar (lro/filter-syntax.ts), with a plain reader of its own: nothing but the
 * reader's error ever escapes, whatever the text, and a filter printed from a random tree parses
 * back to the same predicate. The two real readers: filter-readers.test.ts.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ApiError } from "../../src/emulator/api-error";
import { compileFilter } from "../../src/emulator/filter";
import {
  parseFilter,
  toPredicate,
  type Comparator,
  type FilterGrammar,
  type SyntaxProblem,
} from "../../src/lro/filter-syntax";

type Env = ReadonlyMap<string, string>;
type Leaf = { field: string; op: Comparator; value: string };
type Ast = { kind: "leaf"; leaf: Leaf } | { kind: "and" | "or"; parts: Ast[] } | { kind: "not"; inner: Ast };

class SyntaxFail extends Error {
  constructor(readonly problem: SyntaxProblem) {
    super(problem.kind);
  }
}

const holds = ({ field, op, value }: Leaf, env: Env): boolean => {
  const got = env.get(field) ?? "";
  const cmp = { "=": got === value, "!=": got !== value, ":": got.includes(value) };
  return op in cmp ? cmp[op as keyof typeof cmp] : got < value;
};
const grammar = (notOfNot: boolean): FilterGrammar<string, (env: Env) => boolean> => ({
  notOfNot,
  fail: (problem) => {
    throw new SyntaxFail(problem);
  },
  field: (name) => name.text,
  restriction: ({ field, op, value }) => {
    const leaf = { field, op, value: value.text };
    return (env) => holds(leaf, env);
  },
});

function evaluate(ast: Ast, env: Env): boolean {
  if (ast.kind === "leaf") return holds(ast.leaf, env);
  if (ast.kind === "not") return !evaluate(ast.inner, env);
  return ast.kind === "and"
    ? ast.parts.every((p) => evaluate(p, env))
    : ast.parts.some((p) => evaluate(p, env));
}

/** Print `ast` in the grammar: OR binds tighter than AND; NOT takes a simple term (or a NOT). */
function print(ast: Ast, bare: boolean, notOfNot: boolean, glue: readonly string[]): string {
  const inner = (a: Ast, wrap: boolean) =>
    wrap ? `(${print(a, bare, notOfNot, glue)})` : print(a, bare, notOfNot, glue);
  switch (ast.kind) {
    case "leaf": {
      const { field, op, value } = ast.leaf;
      const word = bare && /^[A-Za-z0-9_.\-*/@]+$/.test(value);
      return `${field}${op}${word ? value : `"${value.replace(/[\\"]/g, "\\$&")}"`}`;
    }
    case "not":
      return `NOT ${inner(ast.inner, ast.inner.kind === "and" || ast.inner.kind === "or" || (ast.inner.kind === "not" && !notOfNot))}`;
    case "or":
      return ast.parts.map((p) => inner(p, p.kind === "and")).join(" OR ");
    case "and":
      return ast.parts
        .map((p, i) => `${i === 0 ? "" : (glue[i % glue.length] ?? " ")}${inner(p, false)}`)
        .join("");
  }
}

const fieldArb = fc.stringMatching(/^[a-z][a-z0-9_.]{0,5}$/);
const valueArb = fc.oneof(fc.constantFrom("a", "b", "AND", "*", ""), fc.string({ maxLength: 6 }));
const opArb = fc.constantFrom<Comparator>("=", "!=", ":", "<", "<=", ">", ">=");
const astArb = fc.letrec<{ ast: Ast }>((tie) => ({
  ast: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ field: fieldArb, op: opArb, value: valueArb }).map((leaf): Ast => ({ kind: "leaf", leaf })),
    fc.array(tie("ast"), { minLength: 2, maxLength: 3 }).map((parts): Ast => ({ kind: "and", parts })),
    fc.array(tie("ast"), { minLength: 2, maxLength: 3 }).map((parts): Ast => ({ kind: "or", parts })),
    tie("ast").map((inner): Ast => ({ kind: "not", inner })),
  ),
})).ast;

function leaves(ast: Ast): Leaf[] {
  if (ast.kind === "leaf") return [ast.leaf];
  return ast.kind === "not" ? leaves(ast.inner) : ast.parts.flatMap(leaves);
}

describe("the shared grammar", () => {
  test("property: a printed tree parses back to the same predicate", () => {
    const glue = fc.array(fc.constantFrom(" AND ", " ", "\tAND\n", "  "), { minLength: 1, maxLength: 3 });
    const picks = fc.array(fc.nat(), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(astArb, fc.boolean(), fc.boolean(), glue, picks, (ast, bare, notOfNot, g, ns) => {
        const text = print(ast, bare, notOfNot, g);
        const predicate = toPredicate(parseFilter(text, grammar(notOfNot)));
        const ls = leaves(ast);
        for (const n of ns) {
          const env = new Map(
            ls.map((l, i) => [l.field, (n >> i) % 2 === 0 ? l.value : `${l.value}z`] as const),
          );
          assert.equal(predicate(env), evaluate(ast, env), `${text} on ${JSON.stringify([...env])}`);
        }
      }),
      { numRuns: 3000 },
    );
  });

  test("property: only the grammar's own error escapes, whatever the text", () => {
    const piece = fc.constantFrom(
      "a",
      "b=1",
      "NOT",
      "AND",
      "OR",
      "(",
      ")",
      "=",
      "<=",
      '"x',
      "'y'",
      "\\",
      "#",
      " ",
    );
    const text = fc.oneof(
      fc.string(),
      fc.array(piece, { maxLength: 10 }).map((xs) => xs.join("")),
    );
    fc.assert(
      fc.property(text, fc.boolean(), (s, notOfNot) => {
        try {
          parseFilter(s, grammar(notOfNot));
        } catch (e) {
          assert.ok(e instanceof SyntaxFail, `${s}: ${String(e)}`);
        }
      }),
      { numRuns: 5000 },
    );
  });

  test("the first problem in the text is the one reported", () => {
    const problem = (s: string) =>
      assert.throws(
        () => compileFilter(s),
        (e: unknown) => e instanceof ApiError && /unknown field 'foo'/.test(e.message),
        s,
      );
    problem("foo=1 )");
    problem("foo=1 AND (");
  });
});

describe("the grammar's edges, through the emulator's reader", () => {
  const refused = (s: string, message: string) =>
    assert.throws(
      () => compileFilter(s),
      (e: unknown) => e instanceof ApiError && e.message === `Invalid filter: ${message}`,
      s,
    );
  const view = { name: "n", done: false, target: "t", verb: "a b" };

  test("a keyword (AND, OR, NOT) is never a field name", () => {
    refused("AND=1", "expected a field name at position 0");
    refused("OR=1", "expected a field name at position 0");
    refused("done=false AND OR=1", "expected a field name at position 15");
    refused("done=false AND AND=1", "expected a field name at position 15");
  });

  test("a quoted word is never a keyword nor a field name", () => {
    refused('done=false "AND" done=false', "expected a field name at position 11");
    refused("done=false 'OR' done=false", "expected a field name at position 11");
    refused('"NOT" done=false', "expected a field name at position 0");
    refused('"done"=false', "expected a field name at position 0");
    refused("=false", "expected a field name at position 0");
  });

  test("a value is a word or a string, never a parenthesis nor a comparator", () => {
    refused("verb=(", "expected a value after 'verb='");
    refused("verb=)", "expected a value after 'verb='");
    refused("verb==", "expected a value after 'verb='");
    refused("verb=", "expected a value after 'verb='");
  });

  test("single quotes make a string as double quotes do, with the same escapes", () => {
    assert.equal(compileFilter("verb='a b'")(view), true);
    assert.equal(compileFilter("verb='a c'")(view), false);
    assert.equal(compileFilter("name='\\n'")(view), true);
    assert.equal(compileFilter("verb='a\\'b'")({ ...view, verb: "a'b" }), true);
    assert.equal(compileFilter(`verb='a"b'`)({ ...view, verb: 'a"b' }), true);
    refused("verb='a b", "unterminated string starting at position 5");
    refused("verb='a\\'", "unterminated string starting at position 5");
    refused("verb='a\\", "unterminated string starting at position 5");
  });
});

describe("the tree a filter parses to", () => {
  const leafGrammar: FilterGrammar<string, string> = {
    fail: (problem) => {
      throw new SyntaxFail(problem);
    },
    field: (name) => name.text,
    restriction: ({ field, op, value }) => `${field}${op}${value.text}`,
  };
  const leaf = (l: string) => ({ kind: "leaf", leaf: l });

  test("one restriction is its leaf, with no AND or OR of one part around it", () => {
    assert.deepEqual(parseFilter("a=1", leafGrammar), leaf("a=1"));
    assert.deepEqual(parseFilter("(a=1)", leafGrammar), leaf("a=1"));
    assert.deepEqual(parseFilter("NOT a=1", leafGrammar), { kind: "not", inner: leaf("a=1") });
  });

  test("OR and AND each make one node of their parts, OR inside AND", () => {
    assert.deepEqual(parseFilter("a=1 OR b=2", leafGrammar), {
      kind: "or",
      parts: [leaf("a=1"), leaf("b=2")],
    });
    assert.deepEqual(parseFilter("a=1 b=2 AND c=3 OR d=4", leafGrammar), {
      kind: "and",
      parts: [leaf("a=1"), leaf("b=2"), { kind: "or", parts: [leaf("c=3"), leaf("d=4")] }],
    });
  });
});
