import { type Explained, survivorKey } from "./key";

const FIELD_UNDER_LABEL =
  "Equivalent: every error this check's validator throws is a BeyondCorpError whose `field` starts with the label (auth/endpoint.ts names `endpoint`, auth/json.ts `credentials` or `credentials.<key>`, auth/settings.ts the setting itself), so the failure names that field whatever the label is; the label only shows for an error without a field, which these validators never throw.";
const PARTIAL_ALWAYS =
  "Equivalent: `interruptedError` only sees errors from `cancelAndWait`, which attaches `partial` (the ledger's snapshot, one entry per operation) to every ERR_ABORTED it rethrows, and with nothing to cancel it never aborts (an update with an aborted signal and nothing to cancel succeeds); so `partial` is never missing and never empty here. The fallbacks keep the message well-formed if that ever changes.";

/** Survivors kept in src/pulumi/, and why. */
export const PULUMI: Explained = {
  [survivorKey(
    "src/pulumi/inputs.ts",
    "LogicalOperator",
    "BeyondCorpError.is(err) && err.field",
    "BeyondCorpError.is(err) || err.field",
  )]:
    "Equivalent: the two differ only for a BeyondCorpError without a `field` or a foreign error with one; every check here throws either a plain Error (no field) or a BeyondCorpError naming its field.",
  [survivorKey(
    "src/pulumi/inputs.ts",
    "ConditionalExpression",
    'err.field.startsWith(property) || property === "connection"',
    "true",
  )]:
    'Equivalent: no validator called here names a field outside the property it checks (the connection check, the one that does, is already true by `property === "connection"`), so the guard is always true today; it keeps a foreign field from relabelling a failure.',
  [survivorKey("src/pulumi/inputs.ts", "StringLiteral", '"endpoint"', '""')]: FIELD_UNDER_LABEL,
  [survivorKey("src/pulumi/inputs.ts", "StringLiteral", '"connection"', '""')]: FIELD_UNDER_LABEL,
  [survivorKey("src/pulumi/inputs.ts", "StringLiteral", '"credentials"', '""')]: FIELD_UNDER_LABEL,
  [survivorKey("src/pulumi/runtime.ts", "ArrayDeclaration", "[]", '["Stryker was here"]')]: PARTIAL_ALWAYS,
  [survivorKey("src/pulumi/runtime.ts", "StringLiteral", '""', '"Stryker was here!"')]: PARTIAL_ALWAYS,
  [survivorKey("src/pulumi/watchdog.ts", "StringLiteral", '""', '"Stryker was here!"')]:
    'Equivalent: `require.main?.filename ?? ""` only falls back when there is no CommonJS main, and neither `""` nor `"Stryker was here!"` matches /dynamic-provider/, so the answer (not the host) is the same.',
  [survivorKey("src/pulumi/watchdog.ts", "BlockStatement", "{ return undefined; }", "{}")]:
    "Equivalent: the catch block is the last statement of `enginePid`, so an empty block also ends the function with undefined.",
};
