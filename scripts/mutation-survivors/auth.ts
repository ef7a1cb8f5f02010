import { type Explained, survivorKey } from "./key";

/** Survivors kept in src/auth/, and why. */
export const AUTH: Explained = {
  [survivorKey("src/auth/redact.ts", "Regex", "/[\"'`][^]*$/", "/[\"'`][^]*/")]:
    "Equivalent: `[^]*` is greedy and matches any character, so the match runs to the end of the text with or without `$`.",
  [survivorKey("src/auth/json.ts", "StringLiteral", '"utf8"', '""')]:
    'Equivalent: with the encoding "" readFileSync returns a Buffer, and the only use of the text is JSON.parse, which converts its argument with String(), i.e. Buffer.toString(), which decodes UTF-8: the same text is parsed.',
  [survivorKey("src/auth/json.ts", "StringLiteral", '"error"', '""')]:
    "Equivalent (unreachable): readFileSync on a string path without NUL (control characters are refused before) only throws Node errors that carry a code (system errors such as ENOENT/EACCES/EISDIR/ENAMETOOLONG, ERR_FS_FILE_TOO_LARGE, ERR_STRING_TOO_LONG), so the fallback is never used and no test can reach it.",
  [survivorKey("src/auth/settings.ts", "ConditionalExpression", "s.accessToken !== undefined", "true")]:
    'Equivalent: with no access token the mutant tests TOKEN_RULE against undefined, which RegExp.test converts to the string "undefined": nine visible ASCII characters, which the rule accepts, so nothing is thrown, as in the original.',
  [survivorKey("src/auth/settings.ts", "ConditionalExpression", "s.quotaProject !== undefined", "true")]:
    'Equivalent: with no quota project the mutant tests QUOTA_RULE against undefined, converted to "undefined", a valid project id under the rule (lowercase letters), so nothing is thrown, as in the original.',
};
