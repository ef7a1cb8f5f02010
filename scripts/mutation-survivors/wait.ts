import { type Explained, survivorKey } from "./key";

/** Survivors kept in src/wait/, and why. */
export const WAIT: Explained = {
  [survivorKey("src/wait/ledger.ts", "ConditionalExpression", "!byDisplay.has(display)", "true")]:
    "Equivalent: two names with the same versioned display parse to equal fields, and a Map keeps the first key's position, so overwriting the entry gives the same list with an equal entry.",
};
