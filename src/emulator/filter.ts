/**
 * The emulator's list filter: the AIP-160 subset of lro/filter-syntax.ts over what the emulator
 * keeps of an operation, compared as written; refusals are INVALID_ARGUMENT naming `filter`.
 */
import { parseFilter, toPredicate, type FilterGrammar, type SyntaxProblem } from "../lro/filter-syntax";
import { ApiError } from "./api-error";

/** What a filter can see of an operation. */
export interface FilterView {
  readonly name: string;
  readonly done: boolean;
  readonly target: string;
  readonly verb: string;
}

export type FilterPredicate = (view: FilterView) => boolean;

const FIELDS: ReadonlyMap<string, keyof FilterView> = new Map([
  ["done", "done"],
  ["name", "name"],
  ["target", "target"],
  ["verb", "verb"],
  ["metadata.target", "target"],
  ["metadata.verb", "verb"],
]);

function filterError(message: string): ApiError {
  return new ApiError("INVALID_ARGUMENT", `Invalid filter: ${message}`, "INVALID_FILTER", {
    field: "filter",
  });
}

function syntaxMessage(p: SyntaxProblem): string {
  switch (p.kind) {
    case "unterminated":
      return `unterminated string starting at position ${p.pos}`;
    case "character":
      return `unexpected character '${p.char}' at position ${p.pos}`;
    case "end":
      return "unexpected end of filter";
    case "unclosed":
      return `missing ')' for '(' at position ${p.pos}`;
    case "trailing":
      return `unexpected '${p.token.text}' at position ${p.token.pos}`;
    case "field":
      return `expected a field name at position ${p.token.pos}`;
    case "comparator":
      return `expected a comparator after '${p.field.text}' (bare values are not supported)`;
    case "value":
      return `expected a value after '${p.field.text}${p.op}'`;
  }
}

const GRAMMAR: FilterGrammar<keyof FilterView, FilterPredicate> = {
  fail(problem) {
    throw filterError(syntaxMessage(problem));
  },
  field(name) {
    const field = FIELDS.get(name.text);
    if (field === undefined) {
      throw filterError(
        `unknown field '${name.text}'; supported fields are done, metadata.target, metadata.verb, target, verb, name`,
      );
    }
    return field;
  },
  comparator(_field, name, op) {
    if (op !== "=" && op !== ":" && op !== "!=") {
      throw filterError(`comparator '${op}' is not supported for '${name.text}'; use =, != or :`);
    }
  },
  restriction({ field, op, value }) {
    const negate = op === "!=";
    if (field === "done") {
      if (value.kind !== "word" || !["true", "false"].includes(value.text)) {
        throw filterError(`'done' must be compared with true or false, not '${value.text}'`);
      }
      const want = value.text === "true";
      return (v) => (v.done === want) !== negate;
    }
    const want = value.text;
    return (v) => (v[field] === want) !== negate;
  },
};

/** Compile an AIP-160 filter (subset) to a predicate; an empty filter matches everything. */
export function compileFilter(filter: string | null): FilterPredicate {
  if (filter === null || filter.trim() === "") return () => true;
  if (filter.length > 2048) throw filterError("longer than 2048 characters");
  return toPredicate(parseFilter(filter, GRAMMAR));
}
