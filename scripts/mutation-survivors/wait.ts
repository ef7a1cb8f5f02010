import { type Explained, survivorKey } from "./key";

/** Survivors kept in src/wait/, and why. */
export const WAIT: Explained = {
  [survivorKey("src/wait/ledger.ts", "ConditionalExpression", "!byDisplay.has(display)", "true")]:
    "Equivalent: two names with the same versioned display parse to equal fields, and a Map keeps the first key's position, so overwriting the entry gives the same list with an equal entry.",
  [survivorKey("src/wait/watch.ts", "ConditionalExpression", "seen === undefined", "false")]:
    "Equivalent: an operation without a target then meets wanted.includes(undefined), false since every wanted target passed checkTarget (a non-empty string), and sameTarget(t, undefined, parent), false for every t (undefined equals no string, and `projects/<x>/<rest>` is not found in undefined); so it is { hit: false, exact: false } either way.",
  [survivorKey("src/wait/watch.ts", "ObjectLiteral", "{ hit: false, exact: false }", "{}")]:
    "Equivalent: `hit` undefined is dropped by `.filter((h) => h.hit)` exactly as false, and `exact` is read only for entries kept as hits.",
  [survivorKey("src/wait/watch.ts", "BooleanLiteral", "false", "true")]:
    "Equivalent (the `exact: false` of an operation without a target; the only `false` literals in watch.ts are that object's two, and `hit: false` is killed): `exact` is read only (otherForm) for entries kept as hits, and this entry is never one.",
};
