import { type Explained, survivorKey } from "./key";

/** Survivors kept in src/auth/, and why. */
export const AUTH: Explained = {
  [survivorKey("src/auth/redact.ts", "Regex", "/[\"'`][^]*$/", "/[\"'`][^]*/")]:
    "Equivalent: `[^]*` is greedy and matches any character, so the match runs to the end of the text with or without `$`.",
};
