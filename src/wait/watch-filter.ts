/**
 * A watch's filter, checked here as well as by the server: a server that ignores `filter` (or
 * refuses it, so we list without one) must not make a watch cancel operations outside it. The
 * grammar is the AIP-160 subset the operations list is known to take (lro/filter-syntax.ts), over
 * the fields of an Operation this package reads; anything else is refused up front, naming the
 * field, because a condition we cannot check ourselves is one a server could silently drop.
 */
import { invalidInput } from "../core/errors";
import { parseFilter, toPredicate, type FilterGrammar, type SyntaxProblem } from "../lro/filter-syntax";
import type { LocationName } from "../lro/names";
import type { Operation } from "../lro/operation";
import { sameTarget } from "../lro/targets";

/** What a predicate sees: the operation and the parent it was listed under. */
export type OperationPredicate = (op: Operation, parent: LocationName) => boolean;

type Value = string | number | boolean | undefined;
type Read = (op: Operation) => Value;

/** Fields a watch can check itself, with the shorthands the emulator also takes. */
const FIELDS: ReadonlyMap<string, Read> = new Map<string, Read>([
  ["name", (op) => op.name],
  ["done", (op) => op.done],
  ["metadata.target", (op) => op.metadata?.target],
  ["target", (op) => op.metadata?.target],
  ["metadata.verb", (op) => op.metadata?.verb],
  ["verb", (op) => op.metadata?.verb],
  ["metadata.requestedCancellation", (op) => op.metadata?.requestedCancellation ?? false],
  ["error.code", (op) => op.error?.code],
]);
const TARGET_FIELDS = new Set(["metadata.target", "target"]);
export const LOCAL_FILTER_FIELDS = [...FIELDS.keys()];

function uncheckable(name: string): string {
  return `uses '${name}', which a watch cannot check itself; fields: ${LOCAL_FILTER_FIELDS.join(", ")}`;
}

function syntaxRule(p: SyntaxProblem): string {
  switch (p.kind) {
    case "unterminated":
      return `has an unterminated string at position ${p.pos}`;
    case "character":
      return `has an unexpected character '${p.char}' at position ${p.pos}`;
    case "end":
      return "ends where a condition was expected";
    case "unclosed":
      return `misses the ')' for the '(' at position ${p.pos}`;
    case "trailing":
      return `has an unexpected '${p.token.text}' at position ${p.token.pos}`;
    case "field":
      return uncheckable(p.token.text);
    case "comparator":
      return `needs a comparator after '${p.field.text}'`;
    case "value":
      return `needs a value after '${p.field.text}${p.op}'`;
  }
}

function grammar(fail: (rule: string) => never): FilterGrammar<Read, OperationPredicate> {
  return {
    notOfNot: true,
    fail: (problem) => fail(syntaxRule(problem)),
    field: (name) => FIELDS.get(name.text) ?? fail(uncheckable(name.text)),
    restriction({ field: read, name, op, value }) {
      const f = name.text;
      const want = value.text;
      const isTarget = TARGET_FIELDS.has(f);
      const equal = (got: Value, parent: LocationName): boolean => {
        if (typeof got === "boolean" || f === "done") return String(got ?? false) === want;
        if (typeof got === "number") return String(got) === want;
        const s = got ?? "";
        if (want === "*") return s !== "";
        if (isTarget) return sameTarget(want, s, parent);
        return s === want;
      };
      if (f === "done" && want !== "true" && want !== "false")
        fail(`compares 'done' with '${want}'; use true or false`);
      switch (op) {
        case "=":
        case ":":
          return (o, parent) => equal(read(o), parent);
        case "!=":
          return (o, parent) => !equal(read(o), parent);
        default: {
          if (f !== "error.code" || !/^[0-9]+$/.test(want))
            fail(`uses '${op}', which a watch checks only between error.code and a number`);
          const n = Number(want);
          const cmp = {
            "<": (a: number) => a < n,
            "<=": (a: number) => a <= n,
            ">": (a: number) => a > n,
            ">=": (a: number) => a >= n,
          };
          const test = cmp[op];
          return (o) => test(Number(read(o) ?? 0));
        }
      }
    },
  };
}

/** Compile a watch's filter; bad or uncheckable filters are ERR_INVALID_INPUT naming `field`. */
export function compileWatchFilter(filter: string, field = "filter"): OperationPredicate {
  if (filter.trim() === "") return () => true;
  const fail = (rule: string): never => {
    throw invalidInput(field, rule, filter);
  };
  return toPredicate(parseFilter(filter, grammar(fail)));
}
