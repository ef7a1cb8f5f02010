import { type Explained, survivorKey } from "./key";

const SEGMENTS_CHECKED =
  "Equivalent: the segment count is checked first and empty segments are refused, so this segment is never undefined here; the test narrows the type for TypeScript.";

/** Survivors kept in src/lro/, and why. */
export const LRO: Explained = {
  [survivorKey("src/lro/names.ts", "ConditionalExpression", "container === undefined", "false")]:
    SEGMENTS_CHECKED,
  [survivorKey("src/lro/names.ts", "ConditionalExpression", "location === undefined", "false")]:
    SEGMENTS_CHECKED,
  [survivorKey("src/lro/names.ts", "StringLiteral", '""', '"Stryker was here!"')]:
    'Equivalent: `segments[5] ?? ""`: six segments were counted just before, so the fallback never applies (it is there for `noUncheckedIndexedAccess`).',
  [survivorKey("src/lro/filter-syntax.ts", "EqualityOperator", "j < s.length", "j <= s.length")]:
    'Equivalent: the one extra turn reads `s.charAt(s.length)`, which is "" (never the quote): it adds nothing to the text and leaves j past the end, so the string is reported unterminated at the same position either way.',
  [survivorKey("src/lro/operation.ts", "ConditionalExpression", 'typeof e["code"] === "number"', "true")]:
    "Equivalent: `Number.isInteger` is false for anything that is not a number, so the `typeof` test adds nothing at run time; it narrows the type.",
};
